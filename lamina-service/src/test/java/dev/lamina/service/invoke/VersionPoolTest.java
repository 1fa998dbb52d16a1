package dev.lamina.service.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.environment.ExecutionEnvironment;
import dev.lamina.environment.InvokeResult;
import dev.lamina.environment.Invocation;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@link VersionPool#takeIdle}: most recently used first, preferring one served by the calling thread (D83). */
class VersionPoolTest {

    private final VersionPool pool = new VersionPool(new PoolKey("f", "r1"));

    private EnvironmentHandle idle(boolean servedHere) {
        EnvironmentHandle h = new EnvironmentHandle(new Stub(servedHere), pool);
        pool.putIdle(h);
        return h;
    }

    @Test
    void takesTheMostRecentlyUsedWhenNoneIsServedByTheCallingThread() {
        EnvironmentHandle older = idle(false);
        EnvironmentHandle newer = idle(false);
        assertThat(pool.takeIdle()).isSameAs(newer);
        assertThat(pool.takeIdle()).isSameAs(older);
        assertThat(pool.takeIdle()).isNull();
    }

    @Test
    void prefersOneServedByTheCallingThreadAmongTheMostRecentlyUsed() {
        EnvironmentHandle here = idle(true);
        EnvironmentHandle newer = idle(false);
        assertThat(pool.takeIdle()).isSameAs(here);
        assertThat(pool.takeIdle()).isSameAs(newer);
    }

    @Test
    void looksNoFurtherThanTheScanLimit() {
        idle(true); // the least recently used, beyond the scan
        EnvironmentHandle newest = null;
        for (int i = 0; i < VersionPool.AFFINITY_SCAN; i++) {
            newest = idle(false);
        }
        assertThat(pool.takeIdle()).isSameAs(newest);
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
