package dev.lamina.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.lamina.cli.LaminaApp;
import dev.lamina.service.invoke.PoolSettings;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * Outbound network of isolated environments (docs/sandbox.md §Network, D32): a function reaches an HTTP server the
 * test runs on the host's own non-loopback address (hermetic: no internet) through slirp4netns, its Runtime API staying at
 * {@code 127.0.0.1:9001}; with egress off ({@code lamina serve --no-egress}) the same connection fails. Skipped where
 * environments are not isolated with egress (no root, no {@code slirp4netns}).
 */
class EgressTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    private static HttpServer hostService;
    private static InetAddress hostAddress;
    private static TestLamina withEgress;
    private static TestLamina withoutEgress;

    @BeforeAll
    static void start() throws IOException {
        Optional<InetAddress> address = hostAddress();
        assumeThat(address).as("the host has a non-loopback IPv4 address").isPresent();
        hostAddress = address.orElseThrow();
        hostService = HttpServer.create(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0), 0);
        hostService.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        hostService.createContext("/hello", exchange -> {
            byte[] body = "hello-from-the-host".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        hostService.start();
        withEgress = TestLamina.start(tmp.resolve("egress"), PoolSettings.defaults(),
                new LaminaApp.Network(true, List.of(), true));
        assumeThat(withEgress.networkKind()).as("isolated environments with egress (root, slirp4netns installed)")
                .isEqualTo("isolated, outbound through slirp4netns");
        withoutEgress = TestLamina.start(tmp.resolve("no-egress"), PoolSettings.defaults(),
                new LaminaApp.Network(true, List.of(), false));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {withEgress, withoutEgress}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        if (hostService != null) {
            hostService.stop(0);
        }
    }

    /** The first IPv4 address of an interface that is up and not loopback (eth0 on CI). */
    private static Optional<InetAddress> hostAddress() throws SocketException {
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

    private static JsonNode sh(TestLamina lamina, String function, String cmd) throws Exception {
        try (LambdaClient lambda = Sdk.client(lamina.endpoint())) {
            byte[] zip = FunctionZips.zip(tmp.resolve(function + ".zip"),
                    Map.of("bootstrap", FunctionZips.resource("fixtures/sandbox/bootstrap")));
            lambda.createFunction(b -> b.functionName(function).runtime("provided.al2023").handler("x")
                    .role("arn:aws:iam::000000000000:role/lambda").timeout(30).memorySize(256)
                    .code(c -> c.zipFile(SdkBytes.fromByteArray(zip))));
            InvokeResponse r = Sdk.invoke(lambda, function,
                    JSON.writeValueAsString(Map.of("action", "sh", "cmd", cmd)));
            assertThat(r.functionError()).as(r.payload().asUtf8String() + Sdk.log(r)).isNull();
            return JSON.readTree(r.payload().asByteArray());
        }
    }

    private static String hostUrl() {
        return "http://" + hostAddress.getHostAddress() + ":" + hostService.getAddress().getPort() + "/hello";
    }

    @Test
    void aFunctionReachesAServerOnTheHostsAddress() throws Exception {
        JsonNode r = sh(withEgress, "egress-on", "echo $AWS_LAMBDA_RUNTIME_API; curl -sS -m 10 " + hostUrl());
        assertThat(r.get("out").asText().lines().toList()).as(r.toString())
                .containsExactly("127.0.0.1:9001", "hello-from-the-host");
    }

    @Test
    void withoutEgressTheSameConnectionFails() throws Exception {
        JsonNode r = sh(withoutEgress, "egress-off", "curl -sS -m 3 " + hostUrl() + "; echo \" rc=$?\"");
        assertThat(r.get("out").asText()).as(r.toString()).doesNotContain("hello-from-the-host").contains("rc=7");
    }

    /**
     * Not hermetic (it needs the host's resolver to answer), so it runs only where the host itself resolves the name:
     * the function resolves it too, through the nameserver of the host's {@code /etc/resolv.conf}, reached over UDP
     * through slirp4netns.
     */
    @Test
    void aFunctionResolvesWhatTheHostResolves() throws Exception {
        String name = "deb.debian.org";
        boolean hostResolves;
        try {
            InetAddress.getByName(name);
            hostResolves = true;
        } catch (UnknownHostException e) {
            hostResolves = false;
        }
        assumeThat(hostResolves).as("the host resolves " + name).isTrue();
        JsonNode r = sh(withEgress, "dns", "getent hosts " + name + " >/dev/null; echo rc=$?");
        assertThat(r.get("out").asText().strip()).as(r.toString()).isEqualTo("rc=0");
    }
}
