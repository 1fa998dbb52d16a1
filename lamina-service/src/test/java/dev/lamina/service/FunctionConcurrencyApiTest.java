package dev.lamina.service;

import static dev.lamina.service.RunningLamina.assertError;
import static dev.lamina.service.RunningLamina.read;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.protocol.control.ErrorResponse;
import dev.lamina.protocol.control.FunctionConcurrency;
import dev.lamina.protocol.control.GetFunctionResponse;
import dev.lamina.service.invoke.PoolSettings;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Put/Get/DeleteFunctionConcurrency and GetFunction's Concurrency, their misuse, and persistence. */
class FunctionConcurrencyApiTest {

    private static final String PUT = "/2017-10-31/functions/fn/concurrency";
    private static final String GET = "/2019-09-30/functions/fn/concurrency";

    @TempDir
    Path data;

    private static HttpResponse<byte[]> put(RunningLamina lamina, String path, Object body) {
        return lamina.send("PUT", path, body);
    }

    @Test
    void putGetDeleteAndGetFunction() throws Exception {
        try (RunningLamina lamina = new RunningLamina(data)) {
            lamina.create("fn", TestZips.simple("x"));
            assertThat(lamina.get(GET).body()).asString().isEqualTo("{}");
            assertThat(read(lamina.get("/2015-03-31/functions/fn"), GetFunctionResponse.class).concurrency()).isNull();

            HttpResponse<byte[]> r = put(lamina, PUT, Map.of("ReservedConcurrentExecutions", 5));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).asString().isEqualTo("{\"ReservedConcurrentExecutions\":5}");
            assertThat(read(lamina.get(GET), FunctionConcurrency.class)).isEqualTo(new FunctionConcurrency(5));
            assertThat(read(lamina.get("/2015-03-31/functions/fn"), GetFunctionResponse.class).concurrency())
                    .isEqualTo(new FunctionConcurrency(5));
            assertThat(put(lamina, PUT, Map.of("ReservedConcurrentExecutions", 0)).statusCode()).isEqualTo(200);
            assertThat(read(lamina.get(GET), FunctionConcurrency.class)).isEqualTo(new FunctionConcurrency(0));

            assertThat(lamina.send("DELETE", PUT, (byte[]) null).statusCode()).isEqualTo(204);
            assertThat(lamina.get(GET).body()).asString().isEqualTo("{}");
            assertThat(lamina.send("DELETE", PUT, (byte[]) null).statusCode()).isEqualTo(204); // idempotent
        }
    }

    @Test
    void misuse() throws Exception {
        try (RunningLamina lamina = new RunningLamina(data)) {
            lamina.create("fn", TestZips.simple("x"));
            assertError(put(lamina, "/2017-10-31/functions/nope/concurrency",
                    Map.of("ReservedConcurrentExecutions", 1)), 404, "ResourceNotFoundException");
            assertError(lamina.get("/2019-09-30/functions/nope/concurrency"), 404, "ResourceNotFoundException");
            assertError(lamina.send("DELETE", "/2017-10-31/functions/nope/concurrency", (byte[]) null), 404,
                    "ResourceNotFoundException");
            ErrorResponse negative = assertError(put(lamina, PUT, Map.of("ReservedConcurrentExecutions", -1)), 400,
                    "InvalidParameterValueException");
            assertThat(negative.message()).contains("Member must have value greater than or equal to 0");
            assertError(put(lamina, PUT, Map.of()), 400, "InvalidParameterValueException");
            assertError(lamina.send("PUT", PUT, "{not json".getBytes()), 400, "InvalidRequestContentException");
            // The wrong API version for the method is no operation at all.
            assertError(lamina.get("/2017-10-31/functions/fn/concurrency"), 404, "ResourceNotFoundException");

            ErrorResponse over = assertError(put(lamina, PUT, Map.of("ReservedConcurrentExecutions", 901)), 400,
                    "InvalidParameterValueException");
            assertThat(over.message()).isEqualTo("Specified ReservedConcurrentExecutions for function decreases "
                    + "account's UnreservedConcurrentExecution below its minimum value of [100].");
            assertThat(put(lamina, PUT, Map.of("ReservedConcurrentExecutions", 900)).statusCode()).isEqualTo(200);

            // Reservations add up across functions.
            lamina.create("other", TestZips.simple("o"));
            assertError(put(lamina, "/2017-10-31/functions/other/concurrency",
                    Map.of("ReservedConcurrentExecutions", 1)), 400, "InvalidParameterValueException");
            // ...and a function's own earlier reservation does not count against its new one.
            assertThat(put(lamina, PUT, Map.of("ReservedConcurrentExecutions", 899)).statusCode()).isEqualTo(200);
            assertThat(put(lamina, "/2017-10-31/functions/other/concurrency",
                    Map.of("ReservedConcurrentExecutions", 1)).statusCode()).isEqualTo(200);
            assertThat(lamina.get(GET).statusCode()).isEqualTo(200); // still serving
        }
    }

    @Test
    void theUnreservedMinimumScalesWithASmallAccountLimit() throws Exception {
        try (RunningLamina lamina = new RunningLamina(data, new FakeEnvironmentFactory(),
                s -> s.withPool(PoolSettings.defaults().withAccountConcurrency(50)))) {
            lamina.create("fn", TestZips.simple("x"));
            ErrorResponse over = assertError(put(lamina, PUT, Map.of("ReservedConcurrentExecutions", 46)), 400,
                    "InvalidParameterValueException");
            assertThat(over.message()).endsWith("below its minimum value of [5].");
            assertThat(put(lamina, PUT, Map.of("ReservedConcurrentExecutions", 45)).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void reservationsSurviveARestartAndGoWithTheirFunction() throws Exception {
        try (RunningLamina first = new RunningLamina(data)) {
            first.create("fn", TestZips.simple("x"));
            first.create("gone", TestZips.simple("g"));
            put(first, PUT, Map.of("ReservedConcurrentExecutions", 7));
            put(first, "/2017-10-31/functions/gone/concurrency", Map.of("ReservedConcurrentExecutions", 3));
        }
        try (RunningLamina second = new RunningLamina(data)) {
            assertThat(read(second.get(GET), FunctionConcurrency.class)).isEqualTo(new FunctionConcurrency(7));
            assertThat(second.send("DELETE", "/2015-03-31/functions/gone", (byte[]) null).statusCode()).isEqualTo(204);
            second.create("gone", TestZips.simple("g"));
            assertThat(second.get("/2019-09-30/functions/gone/concurrency").body()).asString().isEqualTo("{}");
            assertThat(second.invoke("gone").statusCode()).isEqualTo(200);
        }
        try (RunningLamina third = new RunningLamina(data)) {
            assertThat(third.get("/2019-09-30/functions/gone/concurrency").body()).asString().isEqualTo("{}");
        }
    }
}
