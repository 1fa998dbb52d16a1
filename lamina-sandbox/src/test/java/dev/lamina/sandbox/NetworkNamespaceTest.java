package dev.lamina.sandbox;

import static dev.lamina.sandbox.SessionFixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions with a network of their own: servers the JVM opens in it are reachable from the session's processes at
 * 127.0.0.1 and from nowhere else, two networks can use the same port at once, forwarded ports reach the host's
 * loopback, and the loopback names resolve inside.
 */
class NetworkNamespaceTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    Path dir;

    private final List<AutoCloseable> closeLast = new ArrayList<>();
    private final List<AutoCloseable> closeFirst = new ArrayList<>();

    @BeforeAll
    static void needsNamespaces() {
        assumeThat(Sandboxes.bubblewrapProblem()).as("bubblewrap usable").isEmpty();
        assumeThat(NetworkNamespace.problem()).as("network namespaces can be created (root)").isEmpty();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closeFirst) {
            c.close();
        }
        for (AutoCloseable c : closeLast) {
            c.close();
        }
    }

    private SandboxNetwork network() throws IOException {
        SandboxNetwork n = new BubblewrapSandbox(Path.of("/usr/bin/bwrap"), true).openNetwork();
        closeLast.add(n);
        return n;
    }

    private SandboxSession session(SandboxNetwork network, Map<String, InetAddress> names) throws IOException {
        Path scratch = Files.createDirectories(dir.resolve("scratch"));
        SandboxSession s = new BubblewrapSandbox(Sandboxes.findOnPath("bwrap").orElseThrow(),
                BubblewrapSessionTest.CGROUPS, true)
                .open(SessionSpec.builder("net", SessionFixture.taskRoot(dir), scratch).cpuMillicores(0)
                        .networkNamespace(network.namespaceFile().orElseThrow()).hostNames(names).build());
        closeFirst.add(s);
        return s;
    }

    /** A one-shot server in {@code network} at 127.0.0.1:{@code port} answering every connection with {@code text}. */
    private ServerSocketChannel greeter(SandboxNetwork network, int port, String text) throws IOException {
        ServerSocketChannel server = network.openServerSocket();
        closeFirst.add(server);
        server.bind(new InetSocketAddress(LOOPBACK, port));
        Thread.ofVirtual().start(() -> {
            while (true) {
                try (SocketChannel c = server.accept()) {
                    c.write(ByteBuffer.wrap(("HTTP/1.0 200 OK\r\nContent-Length: " + text.length() + "\r\n\r\n" + text)
                            .getBytes(StandardCharsets.US_ASCII)));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return server;
    }

    @Test
    void twoNetworksServeTheSameFixedPortEachToItsOwnSession() throws Exception {
        SandboxNetwork a = network();
        SandboxNetwork b = network();
        greeter(a, 9001, "from-a");
        greeter(b, 9001, "from-b");
        SandboxSession inA = session(a, Map.of());
        SandboxSession inB = session(b, Map.of());
        assertThat(run(inA, "curl -sS -m 5 http://127.0.0.1:9001/").stdout()).isEqualTo("from-a");
        assertThat(run(inB, "curl -sS -m 5 http://127.0.0.1:9001/").stdout()).isEqualTo("from-b");
    }

    @Test
    void aServerInsideIsNotReachableFromTheHost() throws Exception {
        ServerSocketChannel server = greeter(network(), 0, "inside");
        int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
        assertThatThrownBy(() -> SocketChannel.open(new InetSocketAddress(LOOPBACK, port)).close())
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void aSessionReachesOnlyForwardedHostPorts() throws Exception {
        SandboxNetwork net = network();
        ServerSocketChannel forwarded = greeter(SandboxNetwork.host(), 0, "host-service");
        ServerSocketChannel notForwarded = greeter(SandboxNetwork.host(), 0, "private");
        int port = ((InetSocketAddress) forwarded.getLocalAddress()).getPort();
        int other = ((InetSocketAddress) notForwarded.getLocalAddress()).getPort();
        net.forwardToHost(port);
        SandboxSession s = session(net, Map.of());
        assertThat(run(s, "curl -sS -m 5 http://127.0.0.1:" + port + "/").stdout()).isEqualTo("host-service");
        SessionFixture.Result blocked = run(s, "curl -sS -m 2 http://127.0.0.1:" + other + "/; echo \" rc=$?\"");
        assertThat(blocked.stdout()).doesNotContain("private").contains("rc=7");
    }

    @Test
    void aForwardOnAnotherLoopbackAddressLeavesTheSamePortFreeAt127001() throws Exception {
        SandboxNetwork net = network();
        ServerSocketChannel hostService = greeter(SandboxNetwork.host(), 0, "lamina-api");
        greeter(net, 9001, "runtime-api");
        net.forwardToHost(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 9001),
                (InetSocketAddress) hostService.getLocalAddress());
        SandboxSession s = session(net, Map.of());
        assertThat(run(s, "curl -sS -m 5 http://127.0.0.2:9001/; curl -sS -m 5 http://127.0.0.1:9001/").stdout())
                .isEqualTo("lamina-apiruntime-api");
    }

    @Test
    void socketsOpenedInTheNetworkConnectToServersInsideIt() throws Exception {
        SandboxNetwork net = network();
        SandboxSession s = session(net, Map.of());
        SandboxedProcess listener = SessionFixture.sh(s, "printf inside-listener | "
                + "python3 -c 'import socket,sys; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, "
                + "socket.SO_REUSEADDR, 1); s.bind((\"127.0.0.1\", 4243)); s.listen(); print(\"ready\", flush=True); "
                + "c,_=s.accept(); c.sendall(sys.stdin.buffer.read()); c.close()'");
        assertThat(new String(listener.stdout().readNBytes(6), StandardCharsets.US_ASCII)).isEqualTo("ready\n");
        try (SocketChannel c = net.openSocket()) {
            c.connect(new InetSocketAddress(LOOPBACK, 4243));
            assertThat(new String(c.socket().getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                    .isEqualTo("inside-listener");
        }
    }

    @Test
    void loopbackNamesResolveToLoopbackInside() throws Exception {
        SandboxSession s = session(network(), Map.of("sandbox", LOOPBACK, "other.example",
                InetAddress.getByName("127.0.0.2")));
        SessionFixture.Result r = run(s, "getent hosts sandbox; getent hosts other.example; getent hosts localhost");
        assertThat(r.stdout().lines().map(l -> l.split("\\s+")[0]).toList())
                .containsExactly("127.0.0.1", "127.0.0.2", "127.0.0.1");
    }

    @Test
    void aClosedNetworkOpensNoMoreSockets() throws Exception {
        SandboxNetwork net = network();
        net.close();
        assertThatThrownBy(net::openServerSocket).isInstanceOf(IOException.class).hasMessageContaining("closed");
    }
}
