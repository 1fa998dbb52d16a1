package dev.lamina.service.invoke;

import java.time.InstantSource;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * X-Ray trace headers for invokes that arrive without one. A trace id is not a secret (it only correlates traces),
 * so Lamina draws it from {@link ThreadLocalRandom}: {@code SecureRandom} read {@code /dev/urandom} under a lock on
 * every invoke (docs/benchmarks.md).
 */
public final class TraceIds {

    private static final HexFormat HEX = HexFormat.of();

    private final InstantSource clock;
    private final Supplier<? extends RandomGenerator> random;

    /** Random parts from the calling thread's {@link ThreadLocalRandom}. */
    public TraceIds(InstantSource clock) {
        this(clock, ThreadLocalRandom::current);
    }

    /** Random parts from {@code random} (tests pass a seeded generator; it must be safe for the callers' threads). */
    public TraceIds(InstantSource clock, RandomGenerator random) {
        this(clock, () -> random);
    }

    private TraceIds(InstantSource clock, Supplier<? extends RandomGenerator> random) {
        this.clock = clock;
        this.random = random;
    }

    /** {@code Root=1-<8 hex epoch seconds>-<24 hex>;Parent=<16 hex>;Sampled=0}. */
    public String generate() {
        RandomGenerator r = random.get();
        StringBuilder b = new StringBuilder(72).append("Root=1-");
        b.append(HEX.toHexDigits((int) clock.instant().getEpochSecond()));
        b.append('-');
        b.append(HEX.toHexDigits(r.nextInt()));
        b.append(HEX.toHexDigits(r.nextLong()));
        b.append(";Parent=");
        b.append(HEX.toHexDigits(r.nextLong()));
        return b.append(";Sampled=0").toString();
    }
}
