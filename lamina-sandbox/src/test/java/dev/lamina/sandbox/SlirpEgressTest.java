package dev.lamina.sandbox;

import static dev.lamina.sandbox.SessionFixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outbound network through slirp4netns: a session in a namespace with egress reaches TCP and UDP servers on the host's own
 * non-loopback address (hermetic: no internet), keeps its loopback (a server at 127.0.0.1:9001 inside, a forwarded
 * host port), does not reach the host's loopback through the gateway; without egress the same connection fails; closing
 * the network stops and reaps slirp4netns.
 */
class SlirpEgressTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static Path slirp;
    private static InetAddress hostAddress;

    @TempDir
    Path dir;

    private final List<AutoCloseable> closeLast = new ArrayList<>();
    private final List<AutoCloseable> closeFirst = new ArrayList<>();

    @BeforeAll
    static void needsSlirp() throws SocketException {
        assumeThat(Sandboxes.bubblewrapProblem()).as("bubblewrap usable").isEmpty();
        assumeThat(NetworkNamespace.problem()).as("network namespaces can be created (root)").isEmpty();
        Optional<Path> found = Sandboxes.findOnPath("slirp4netns");
        assumeThat(SlirpEgress.missing(found)).as("slirp4netns installed (apt-get install slirp4netns)").isEmpty();
        slirp = found.orElseThrow();
        Optional<InetAddress> address = hostAddress();
        assumeThat(address).as("the host has a non-loopback IPv4 address").isPresent();
        hostAddress = address.orElseThrow();
    }

    /** The first IPv4 address of an interface that is up and not loopback (eth0 on CI). */
    static Optional<InetAddress> hostAddress() throws SocketException {
        return NetworkInterface.networkInterfaces()
                .filter(i -> {
                    try {
                        return i.isUp() && !i.isLoopback();
                    } catch (SocketException e) {
                        return false;
                    }
                })
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLinkLocalAddress())
                .findFirst();
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

    private NetworkNamespace network(boolean egress) throws IOException {
        NetworkNamespace n = NetworkNamespace.create(egress ? Optional.of(slirp) : Optional.empty());
        closeLast.add(n);
        return n;
    }

    private SandboxSession session(SandboxNetwork network) throws IOException {
        Path scratch = Files.createDirectories(dir.resolve("scratch"));
        SandboxSession s = new BubblewrapSandbox(Sandboxes.findOnPath("bwrap").orElseThrow(),
                BubblewrapSessionTest.CGROUPS, true)
                .open(SessionSpec.builder("egress", SessionFixture.taskRoot(dir), scratch).cpuMillicores(0)
                        .networkNamespace(network.namespaceFile().orElseThrow()).hostNames(Map.of())
                        .nameserver(network.nameserver().orElse(null)).build());
        closeFirst.add(s);
        return s;
    }

    /**
     * A server at {@code address} answering every connection with an HTTP response of {@code text}, after reading the
     * request (closing with unread bytes would reset the connection, and the response with it).
     */
    private int greeter(SandboxNetwork network, InetAddress address, int port, String text) throws IOException {
        ServerSocketChannel server = network.openServerSocket();
        closeFirst.add(server);
        server.bind(new InetSocketAddress(address, port));
        Thread.ofVirtual().start(() -> {
            while (true) {
                try (SocketChannel c = server.accept()) {
                    readRequest(c);
                    c.write(ByteBuffer.wrap(("HTTP/1.0 200 OK\r\nContent-Length: " + text.length() + "\r\n\r\n" + text)
                            .getBytes(StandardCharsets.US_ASCII)));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    private static void readRequest(SocketChannel c) throws IOException {
        ByteBuffer in = ByteBuffer.allocate(8192);
        while (in.hasRemaining() && c.read(in) >= 0) {
            String seen = new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII);
            if (seen.contains("\r\n\r\n")) {
                return;
            }
        }
    }

    @Test
    void aSessionReachesTheHostsAddressAndKeepsItsLoopback() throws Exception {
        NetworkNamespace net = network(true);
        int external = greeter(SandboxNetwork.host(), InetAddress.getByName("0.0.0.0"), 0, "host-external");
        int forwarded = greeter(SandboxNetwork.host(), LOOPBACK, 0, "host-forwarded");
        int loopbackOnly = greeter(SandboxNetwork.host(), LOOPBACK, 0, "host-loopback");
        greeter(net, LOOPBACK, 9001, "runtime-api");
        net.forwardToHost(forwarded);
        SandboxSession s = session(net);
        SessionFixture.Result r = run(s, "curl -sS -m 5 http://" + hostAddress.getHostAddress() + ":" + external
                + "/; echo;"
                + " curl -sS -m 5 http://127.0.0.1:9001/; echo;"
                + " curl -sS -m 5 http://127.0.0.1:" + forwarded + "/; echo;"
                + " curl -sS -m 2 http://" + SlirpEgress.GATEWAY + ":" + loopbackOnly + "/; echo \" rc=$?\"");
        String out = r.stdout();
        List<String> lines = out.lines().toList();
        assertThat(lines).as(r.toString()).hasSize(4);
        assertThat(lines.subList(0, 3)).as(r.toString())
                .containsExactly("host-external", "runtime-api", "host-forwarded");
        assertThat(lines.get(3)).as("the host's loopback is not mapped to the gateway").doesNotContain("host-loopback");
    }

    @Test
    void linkLocalAddressesSuchAsCloudMetadataAreUnreachable() throws Exception {
        NetworkNamespace net = network(true);
        SessionFixture.Result r = run(session(net), "ip route show; curl -sS -m 3 http://169.254.169.254/latest/;"
                + " echo \" rc=$?\"");
        assertThat(r.stdout()).as(r.toString()).contains("unreachable 169.254.0.0/16")
                .contains("default via " + SlirpEgress.GATEWAY).contains("rc=7");
    }

    @Test
    void namesResolveThroughSlirpsForwarderWhateverTheHostsNameserver() throws Exception {
        NetworkNamespace net = network(true);
        assertThat(net.nameserver()).contains(SlirpEgress.dnsAddress());
        boolean hostResolves;
        try {
            InetAddress.getByName("deb.debian.org");
            hostResolves = true;
        } catch (IOException e) {
            hostResolves = false;
        }
        SessionFixture.Result r = run(session(net), "cat /etc/resolv.conf; echo ---;"
                + " getent hosts deb.debian.org >/dev/null; echo \"lookup rc=$?\"");
        assertThat(r.stdout()).as(r.toString()).startsWith("nameserver " + SlirpEgress.DNS + "\n");
        if (hostResolves) { // the answer comes from the host's resolver: only where the host resolves the name
            assertThat(r.stdout()).as(r.toString()).contains("lookup rc=0");
        }
    }

    @Test
    void withoutEgressTheHostsResolvConfStays() throws Exception {
        NetworkNamespace net = network(false);
        assertThat(net.nameserver()).isEmpty();
        String inside = run(session(net), "cat /etc/resolv.conf").stdout();
        assertThat(inside).isEqualTo(Files.readString(Path.of("/etc/resolv.conf")));
    }

    @Test
    void aSlirpThatCannotAttachFailsAtOnceWithItsStatusAndLeavesNothing() {
        Path missing = dir.resolve("no-such-namespace");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SlirpEgress.start(slirp, missing))
                .isInstanceOf(SandboxException.class).hasMessageContaining("slirp4netns exited with status")
                .hasMessageContaining(missing.toString());
        assertThat(ProcessHandle.current().children().filter(p -> p.info().command().orElse("")
                .endsWith("slirp4netns"))).isEmpty();
    }

    @Test
    void aSessionSendsAndReceivesUdp() throws Exception {
        NetworkNamespace net = network(true);
        try (DatagramChannel echo = DatagramChannel.open()) {
            echo.bind(new InetSocketAddress(hostAddress, 0));
            int port = ((InetSocketAddress) echo.getLocalAddress()).getPort();
            Thread.ofVirtual().start(() -> {
                ByteBuffer b = ByteBuffer.allocate(512);
                try {
                    var from = echo.receive(b);
                    b.flip();
                    echo.send(b, from);
                } catch (IOException e) {
                    // closed
                }
            });
            SessionFixture.Result r = run(session(net), "python3 -c 'import socket; s=socket.socket(socket.AF_INET, "
                    + "socket.SOCK_DGRAM); s.settimeout(5); s.sendto(b\"ping\", (\"" + hostAddress.getHostAddress()
                    + "\", " + port + ")); print(s.recvfrom(512)[0].decode())'");
            assertThat(r.stdout().strip()).as(r.toString()).isEqualTo("ping");
        }
    }

    @Test
    void withoutEgressTheHostsAddressIsUnreachable() throws Exception {
        NetworkNamespace net = network(false);
        int external = greeter(SandboxNetwork.host(), InetAddress.getByName("0.0.0.0"), 0, "host-external");
        String out = run(session(net), "curl -sS -m 2 http://" + hostAddress.getHostAddress() + ":" + external
                + "/; echo \" rc=$?\"").stdout();
        assertThat(out).doesNotContain("host-external").contains("rc=7");
    }

    @Test
    void closingTheNetworkStopsAndReapsSlirp() throws Exception {
        NetworkNamespace net = NetworkNamespace.create(Optional.of(slirp));
        long pid = net.egressPid().orElseThrow();
        assertThat(ProcessHandle.of(pid)).isPresent();
        net.close();
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(ProcessHandle.current().children().filter(p -> p.pid() == pid)).isEmpty();
    }
}
