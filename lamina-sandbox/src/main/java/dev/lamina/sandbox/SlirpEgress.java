package dev.lamina.sandbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outbound network for one network namespace: a {@code slirp4netns} process (Debian package {@code slirp4netns})
 * attached to it gives the namespace a {@code tap0} with a default route and relays its TCP and UDP through ordinary
 * sockets of the host, so a function reaches what the host reaches (the internet, AWS endpoints, the resolver in the
 * host's {@code /etc/resolv.conf}, services on the host's own non-loopback addresses). Nothing is forwarded inwards,
 * the namespace's loopback is left alone (the Runtime API on {@code 127.0.0.1:9001}, the {@code --host-port} relays,
 * fixed extension ports), and the host's loopback is not reachable through the gateway
 * ({@code --disable-host-loopback}). See docs/decisions.md D32–D33.
 *
 * <p>The namespace is {@value #CIDR}: the namespace's address {@value #ADDRESS}, the gateway {@value #GATEWAY}
 * (slirp's own, link-local, so no host network is shadowed).
 *
 * <p>slirp4netns opens the namespace by path ({@code /proc/<jvm pid>/fd/<n>}: it keeps its capabilities until it has
 * joined). Its standard input is a pipe whose write end only the JVM holds, given as its exit descriptor
 * ({@code --exit-fd=0}): when Lamina dies, crash included, the pipe closes and slirp4netns ends.
 * {@link #close()} stops and reaps it.
 */
final class SlirpEgress implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SlirpEgress.class);
    static final String CIDR = "169.254.1.0/24";
    static final String ADDRESS = "169.254.1.100";
    static final String GATEWAY = "169.254.1.2";
    private static final long READY_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final int OUTPUT_LINES = 20;

    private final Process process;
    private final Path namespaceFile;
    private final Deque<String> output;

    private SlirpEgress(Process process, Path namespaceFile, Deque<String> output) {
        this.process = process;
        this.namespaceFile = namespaceFile;
        this.output = output;
    }

    /** slirp4netns on {@code PATH}, or why egress cannot be given here. */
    static Optional<String> missing(Optional<Path> slirp) {
        return slirp.isPresent() ? Optional.empty()
                : Optional.of("slirp4netns is not on PATH; hint: apt-get install slirp4netns");
    }

    /** The command line for the namespace file {@code namespaceFile}. */
    static List<String> command(Path slirp, Path namespaceFile) {
        return List.of(slirp.toString(), "--configure", "--mtu=65520", "--disable-host-loopback", "--cidr=" + CIDR,
                "--exit-fd=0", "--netns-type=path", namespaceFile.toString(), "tap0");
    }

    /**
     * Starts slirp4netns on the namespace {@code namespaceFile} and waits (at most 5 s) until {@code routed} says the
     * namespace has its default route.
     */
    static SlirpEgress start(Path slirp, Path namespaceFile, RouteProbe routed) throws IOException {
        Process process = new ProcessBuilder(command(slirp, namespaceFile)).redirectErrorStream(true).start();
        Deque<String> output = new ArrayDeque<>();
        Thread.ofVirtual().name("lamina-egress-output-" + process.pid()).start(() -> drain(process, output));
        SlirpEgress egress = new SlirpEgress(process, namespaceFile, output);
        try {
            egress.awaitRoute(routed);
            return egress;
        } catch (IOException | RuntimeException e) {
            egress.close();
            throw e;
        }
    }

    private void awaitRoute(RouteProbe routed) throws IOException {
        long deadline = System.nanoTime() + READY_TIMEOUT_NANOS;
        while (!routed.routed()) {
            if (!process.isAlive()) {
                throw new SandboxException("attach slirp4netns to the network namespace", namespaceFile,
                        "slirp4netns exited with status " + exitValue() + ": " + output(),
                        "slirp4netns needs root and /dev/net/tun; lamina serve --no-egress runs without it");
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("slirp4netns gave the network namespace " + namespaceFile
                        + " no default route within 5 s: " + output());
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for slirp4netns", e);
            }
        }
    }

    private int exitValue() {
        try {
            process.waitFor(1, TimeUnit.SECONDS);
            return process.exitValue();
        } catch (InterruptedException | IllegalThreadStateException e) {
            return -1;
        }
    }

    private static void drain(Process process, Deque<String> output) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                LOG.debug("slirp4netns {}: {}", process.pid(), line);
                synchronized (output) {
                    output.addLast(line);
                    if (output.size() > OUTPUT_LINES) {
                        output.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            // the pipe closes when slirp4netns ends
        }
    }

    private String output() {
        synchronized (output) {
            return output.isEmpty() ? "(no output)" : String.join(" | ", new ArrayList<>(output));
        }
    }

    /** slirp4netns's pid, for tests and logs. */
    long pid() {
        return process.pid();
    }

    /** Stops slirp4netns (SIGKILL: it keeps no state worth a graceful end) and reaps it. */
    @Override
    public void close() {
        process.destroyForcibly();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    process.waitFor();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            try {
                process.getOutputStream().close();
            } catch (IOException ignored) {
                // the pipe is gone with the process
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "SlirpEgress[pid " + process.pid() + "]";
    }

    /** Whether the namespace has its default route yet. */
    @FunctionalInterface
    interface RouteProbe {
        boolean routed() throws IOException;
    }
}
