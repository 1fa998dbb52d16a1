package dev.lamina.service.invoke;

import java.time.InstantSource;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/** X-Ray trace headers for invokes that arrive without one. */
public final class TraceIds {

    private final InstantSource clock;
    private final RandomGenerator random;

    public TraceIds(InstantSource clock, RandomGenerator random) {
        this.clock = clock;
        this.random = random;
    }

    /** {@code Root=1-<8 hex epoch seconds>-<24 hex>;Parent=<16 hex>;Sampled=0}. */
    public String generate() {
        return "Root=1-%08x-%s;Parent=%s;Sampled=0".formatted(
                clock.instant().getEpochSecond(), hex(12), hex(8));
    }

    private String hex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
