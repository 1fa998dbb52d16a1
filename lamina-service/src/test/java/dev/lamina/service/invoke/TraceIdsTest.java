package dev.lamina.service.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class TraceIdsTest {

    private static final InstantSource CLOCK = InstantSource.fixed(Instant.ofEpochSecond(0x6745a1b2L));

    @Test
    void headerHasXRaysShapeWithTheEpochSecondsInTheRoot() {
        String trace = new TraceIds(CLOCK).generate();

        assertThat(trace).matches("Root=1-6745a1b2-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0");
    }

    @Test
    void aSeededGeneratorGivesTheSameIdsAndDistinctIdsInARow() {
        TraceIds a = new TraceIds(CLOCK, new SplittableRandom(7));
        TraceIds b = new TraceIds(CLOCK, new SplittableRandom(7));

        String first = a.generate();
        assertThat(b.generate()).isEqualTo(first);
        assertThat(a.generate()).isNotEqualTo(first);
    }

    @Test
    void threadsDrawingAtOnceGetDistinctIds() throws Exception {
        TraceIds ids = new TraceIds(CLOCK);
        Set<String> roots = ConcurrentHashMap.newKeySet();
        Set<String> parents = ConcurrentHashMap.newKeySet();
        try (var pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 1_000; i++) {
                        String trace = ids.generate();
                        int parent = trace.indexOf(";Parent=");
                        roots.add(trace.substring(0, parent));
                        parents.add(trace.substring(parent));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertThat(roots).hasSize(4_000);
        assertThat(parents).hasSize(4_000);
    }
}
