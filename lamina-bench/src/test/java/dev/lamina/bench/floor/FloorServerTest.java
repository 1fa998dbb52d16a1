package dev.lamina.bench.floor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.bench.load.Caller;
import dev.lamina.bench.load.HttpConnection;
import dev.lamina.bench.runtime.FunctionPackages;
import dev.lamina.service.runtime.RuntimeCatalog;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void anInvokeFindingTheRuntimeBusyStartsAnotherAndBothServe() throws Exception {
        try (FloorServer floor = new FloorServer(tmp, () -> { throw new AssertionError("no managed runtime"); });
                ServerSocket holder = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = floor.start();
            floor.deploy(FunctionPackages.keepAlive("ka"));
            // the runtime answers this one, then waits on the holder before its next `next`: it stays busy
            byte[] held = HttpConnection.post(address, "/2015-03-31/functions/ka/invocations",
                    ("{\"hold\":\"127.0.0.1:" + holder.getLocalPort() + "\"}").getBytes(StandardCharsets.US_ASCII));
            try (HttpConnection c = new HttpConnection(address)) {
                assertThat(c.exchange(held).status()).isEqualTo(200);
                try (Socket busy = holder.accept()) {
                    HttpConnection.Response r = c.exchange(Caller.invoke(address, "ka").request());
                    assertThat(r.body()).isEqualTo(Caller.EVENT);
                    assertThat(floor.runtimesAlive()).isEqualTo(2);
                }
                for (int i = 0; i < 10; i++) { // released: either runtime may take these
                    assertThat(c.exchange(Caller.invoke(address, "ka").request()).body()).isEqualTo(Caller.EVENT);
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
