package dev.lamina.bench.floor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.bench.load.Caller;
import dev.lamina.bench.load.Holder;
import dev.lamina.bench.load.HttpConnection;
import dev.lamina.bench.runtime.BenchFunction;
import dev.lamina.bench.runtime.FunctionPackages;
import dev.lamina.service.runtime.RuntimeCatalog;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The floor with the real keep-alive runtime: invokes come back echoed, warm and after a recycle. No timings. */
class FloorServerTest {

    @TempDir
    Path tmp;

    @Test
    void echoesThroughTheKeepAliveRuntimeWarmAndAfterRecycle() throws Exception {
        try (FloorServer floor = new FloorServer(tmp, () -> { throw new AssertionError("no managed runtime"); })) {
            InetSocketAddress address = floor.start();
            floor.deploy(FunctionPackages.keepAlive("ka"));
            byte[] request = Caller.invoke(address, "ka").request();
            try (HttpConnection c = new HttpConnection(address)) {
                for (int i = 0; i < 50; i++) {
                    HttpConnection.Response r = c.exchange(request);
                    assertThat(r.status()).isEqualTo(200);
                    assertThat(r.body()).isEqualTo(Caller.EVENT);
                }
                floor.recycle("ka");
                assertThat(c.exchange(request).body()).isEqualTo(Caller.EVENT);
            }
        }
    }

    static Stream<BenchFunction> holdingRuntimes() {
        return Stream.of(FunctionPackages.keepAlive("ka"), FunctionPackages.shellHold("ka"));
    }

    @ParameterizedTest
    @MethodSource("holdingRuntimes")
    void anInvokeFindingTheRuntimeBusyStartsAnotherAndBothServe(BenchFunction fn) throws Exception {
        try (FloorServer floor = new FloorServer(tmp, () -> { throw new AssertionError("no managed runtime"); });
                Holder holder = Holder.open()) {
            InetSocketAddress address = floor.start();
            floor.deploy(fn);
            holder.hold();
            // the runtime answers this one, then waits on the holder before its next `next`: it stays busy
            byte[] held = HttpConnection.post(address, "/2015-03-31/functions/ka/invocations",
                    ("{\"hold\":\"127.0.0.1:" + holder.port() + "\"}").getBytes(StandardCharsets.US_ASCII));
            try (HttpConnection c = new HttpConnection(address)) {
                assertThat(c.exchange(held).status()).isEqualTo(200);
                assertThat(holder.awaitHeld(1, System.nanoTime() + 30_000_000_000L)).isTrue();
                HttpConnection.Response r = c.exchange(Caller.invoke(address, "ka").request());
                assertThat(new String(r.body())).isEqualTo(new String(Caller.EVENT));
                assertThat(floor.runtimesAlive()).isEqualTo(2);
                holder.release();
                for (int i = 0; i < 10; i++) { // released: either runtime may take these
                    assertThat(new String(c.exchange(Caller.invoke(address, "ka").request()).body()))
                            .isEqualTo(new String(Caller.EVENT));
                }
                floor.recycle("ka");
                assertThat(floor.runtimesAlive()).isZero();
            }
        }
    }

    @Test
    void unknownFunctionIs404() throws Exception {
        try (FloorServer floor = new FloorServer(tmp, () -> (RuntimeCatalog) null)) {
            InetSocketAddress address = floor.start();
            try (HttpConnection c = new HttpConnection(address)) {
                assertThat(c.exchange(Caller.invoke(address, "nope").request()).status()).isEqualTo(404);
            }
        }
    }

    @Test
    void shellBootstrapColdStarts() throws Exception {
        try (FloorServer floor = new FloorServer(tmp, () -> (RuntimeCatalog) null)) {
            InetSocketAddress address = floor.start();
            floor.deploy(FunctionPackages.shell("sh"));
            try (HttpConnection c = new HttpConnection(address)) {
                for (int i = 0; i < 2; i++) {
                    floor.recycle("sh");
                    HttpConnection.Response r = c.exchange(Caller.invoke(address, "sh").request());
                    assertThat(r.status()).isEqualTo(200);
                    assertThat(new String(r.body())).isEqualTo(new String(Caller.EVENT));
                }
            }
        }
    }
}
