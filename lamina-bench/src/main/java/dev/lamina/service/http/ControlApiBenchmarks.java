package dev.lamina.service.http;

import dev.lamina.protocol.control.EnvironmentVariables;
import dev.lamina.protocol.control.EphemeralStorage;
import dev.lamina.protocol.control.FunctionConfiguration;
import dev.lamina.protocol.control.LoggingConfig;
import dev.lamina.protocol.control.SnapStartResponse;
import dev.lamina.protocol.control.TracingConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: the control API's hot-path pieces — routing a request ({@link ControlApiRoutes}) and the JSON of a
 * {@code FunctionConfiguration} ({@link Json}). In the service's package because both are package-private (the bench
 * module's jar shares the package on the class path; it adds no production code to it).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ControlApiBenchmarks {

    private final FunctionConfiguration configuration = new FunctionConfiguration("my-function",
            "arn:aws:lambda:us-east-1:000000000000:function:my-function", "java21",
            "arn:aws:iam::000000000000:role/lambda", "example.Hello::handleRequest", 1234L, "a function", 30, 256,
            "2026-01-01T00:00:00.000+0000", "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=", "$LATEST",
            new EnvironmentVariables(Map.of("A", "1", "B", "two")), TracingConfig.PASS_THROUGH,
            "3f1c2b4a-0000-4000-8000-000000000000", null, "Active", "Successful", "Zip", List.of("x86_64"),
            new EphemeralStorage(512), SnapStartResponse.OFF, LoggingConfig.text("my-function"));

    @Benchmark
    public Route routeInvoke() {
        return ControlApiRoutes.match("POST", "/2015-03-31/functions/my-function/invocations");
    }

    @Benchmark
    public Route routeGetConfigurationWithQuery() {
        return ControlApiRoutes.match("GET", "/2015-03-31/functions/my-function%3Aprod/configuration?Qualifier=1");
    }

    @Benchmark
    public byte[] functionConfigurationJson() {
        return Json.write(configuration);
    }
}
