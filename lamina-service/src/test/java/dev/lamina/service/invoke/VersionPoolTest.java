package dev.lamina.service.invoke;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.lamina.environment.ExecutionEnvironment;
import dev.lamina.environment.InvokeResult;
import dev.lamina.environment.Invocation;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@link VersionPool#takeIdle}: most recently used first, preferring one served by the calling thread (D83). */
class VersionPoolTest {

    private final VersionPool pool = new VersionPool(new PoolKey("f", "r1"));

    private EnvironmentHandle idle(boolean servedHere) {
        EnvironmentHandle h = new EnvironmentHandle(new Stub(servedHere), Path.of("/tmp"), pool);
        pool.putIdle(h);
        return h;
    }

    @Test
    void takesTheMostRecentlyUsedWhenNoneIsServedByTheCallingThread() {
        EnvironmentHandle older = idle(false);
        EnvironmentHandle newer = idle(false);
        assertSame(newer, pool.takeIdle());
        assertSame(older, pool.takeIdle());
        assertNull(pool.takeIdle());
    }

    @Test
    void prefersOneServedByTheCallingThreadAmongTheMostRecentlyUsed() {
        EnvironmentHandle here = idle(true);
        EnvironmentHandle newer = idle(false);
        assertSame(here, pool.takeIdle());
        assertSame(newer, pool.takeIdle());
    }

    @Test
    void looksNoFurtherThanTheScanLimit() {
        idle(true); // the least recently used, beyond the scan
        EnvironmentHandle newest = null;
        for (int i = 0; i < VersionPool.AFFINITY_SCAN; i++) {
            newest = idle(false);
        }
        assertSame(newest, pool.takeIdle());
    }

    private record Stub(boolean servedHere) implements ExecutionEnvironment {
        @Override
        public String id() {
            return "stub";
        }

        @Override
        public CompletableFuture<InvokeResult> invoke(Invocation invocation) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean busy() {
            return false;
        }

        @Override
        public boolean servedByCallingThread() {
            return servedHere;
        }

        @Override
        public void close() {}
    }
}
