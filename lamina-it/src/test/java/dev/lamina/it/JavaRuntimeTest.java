package dev.lamina.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/** A Java handler run by the real AWS Java runtime interface client, which Lamina ships as its Java runtimes. */
class JavaRuntimeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    static TestLamina lamina;
    static LambdaClient lambda;
    static byte[] zip;

    @BeforeAll
    static void start() {
        lamina = TestLamina.start(tmp.resolve("data"));
        lambda = Sdk.client(lamina.endpoint());
        zip = FunctionZips.javaHandler(tmp.resolve("build"));
    }

    @AfterAll
    static void stop() {
        lambda.close();
        lamina.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"java17", "java21", "java25"})
    void handlerSeesItsContext(String runtime) throws Exception {
        String name = "hello-" + runtime;
        Sdk.create(lambda, name, runtime, "example.Hello::handleRequest", zip, 20, Map.of());

        InvokeResponse r = Sdk.invoke(lambda, name, "{\"k\":\"v\"}");

        assertThat(r.functionError()).as(new String(r.payload().asByteArray())).isNull();
        JsonNode body = JSON.readTree(r.payload().asByteArray());
        assertThat(body.at("/event/k").asText()).isEqualTo("v");
        assertThat(body.get("requestId").asText()).isEqualTo(r.responseMetadata().requestId());
        assertThat(body.get("functionName").asText()).isEqualTo(name);
        assertThat(body.get("functionVersion").asText()).isEqualTo("$LATEST");
        assertThat(body.get("memoryLimitInMB").asInt()).isEqualTo(256);
        assertThat(body.get("remainingTimeInMillis").asLong()).isBetween(1L, 20_000L);
        assertThat(body.get("invokedFunctionArn").asText())
                .isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:" + name);
        assertThat(body.get("logGroupName").asText()).isEqualTo("/aws/lambda/" + name);
        int version = Integer.parseInt(runtime.substring(4));
        assertThat(Integer.parseInt(body.get("javaVersion").asText())).isGreaterThanOrEqualTo(version);
        assertThat(Sdk.log(r)).contains("hello from java, request " + r.responseMetadata().requestId());
    }

    @Test
    void thrownExceptionIsAnUnhandledFunctionError() throws Exception {
        Sdk.create(lambda, "java-throws", "java21", "example.Hello::handleRequest", zip, 20, Map.of());

        InvokeResponse r = Sdk.invoke(lambda, "java-throws", "{\"action\":\"throw\"}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.functionError()).isEqualTo("Unhandled");
        JsonNode body = JSON.readTree(r.payload().asByteArray());
        assertThat(body.get("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(body.get("errorMessage").asText()).isEqualTo("asked to fail");
        assertThat(body.get("stackTrace").isArray()).isTrue();

        InvokeResponse again = Sdk.invoke(lambda, "java-throws", "{}");
        assertThat(again.functionError()).isNull();
    }
}
