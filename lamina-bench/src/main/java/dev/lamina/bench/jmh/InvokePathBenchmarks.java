package dev.lamina.bench.jmh;

import dev.lamina.protocol.FunctionArn;
import dev.lamina.service.invoke.InvokeInputs;
import dev.lamina.service.invoke.TraceIds;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Optional;
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
 * JMH: per-invoke work of the control plane before an environment is reached — the trace id every invoke without one
 * gets, the client-context check, the payload's JSON check and ARN parsing of a qualified function name.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class InvokePathBenchmarks {

    private final TraceIds traceIds = new TraceIds(InstantSource.system());
    private final byte[] payload = "{\"bench\":\"lamina\",\"n\":1,\"items\":[1,2,3],\"nested\":{\"k\":\"v\"}}".getBytes();
    private final String clientContext = Base64.getEncoder().encodeToString(
            "{\"client\":{\"app_title\":\"bench\"},\"custom\":{\"k\":\"v\"},\"env\":{}}".getBytes());

    @Benchmark
    public String traceId() {
        return traceIds.generate();
    }

    @Benchmark
    public byte[] requireJsonPayload() {
        InvokeInputs.requireJsonPayload(payload);
        return payload;
    }

    @Benchmark
    public String decodeClientContext() {
        return InvokeInputs.decodeClientContext(clientContext);
    }

    @Benchmark
    public Optional<FunctionArn> parseArn() {
        return FunctionArn.parse("arn:aws:lambda:us-east-1:000000000000:function:my-function:prod");
    }
}
