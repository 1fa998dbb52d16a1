package dev.lamina.sandbox;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * joined). Its standard input is the read end of the JVM's one {@linkplain #LIFELINE lifeline pipe}, whose write end
 * only the JVM holds and never writes, given as its exit descriptor ({@code --exit-fd=0}): when Lamina dies, crash
 * included, the pipe's last writer is gone and every slirp4netns ends. Its output is discarded. No stream of the
 * process is a pipe to the JVM, so no Java buffers or reader threads are held per environment (a {@code Process}
 * with piped streams keeps two 8 KiB buffers; a reader thread per process would pin a virtual thread's carrier).
 * {@link #close()} stops and reaps it.
 */
final class SlirpEgress implements AutoCloseable {
    static final String CIDR = "169.254.1.0/24";
    static final String ADDRESS = "169.254.1.100";
    static final String GATEWAY = "169.254.1.2";
    /** slirp's DNS forwarder: queries go to the host's resolver from the host (a loopback nameserver works too). */
    static final String DNS = "169.254.1.3";
    /** Link-local addresses, unreachable inside but for slirp's own /24. */
    static final String BLOCKED = "169.254.0.0/16";
    private static final List<Path> IP = List.of(Path.of("/usr/sbin/ip"), Path.of("/sbin/ip"), Path.of("/usr/bin/ip"));
    private static final AtomicBoolean WARNED = new AtomicBoolean();
    private static final Logger LOG = LoggerFactory.getLogger(SlirpEgress.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(5);
    /**
     * {@code /proc/self/fd/<read end>} of a pipe made once per JVM (close-on-exec) whose write end stays open, unused,
     * until the JVM ends; opening this path reopens the read end.
     */
    private static volatile Path lifeline;

    private final Process process;
    private final Path namespaceFile;

    private SlirpEgress(Process process, Path namespaceFile) {
        this.process = process;
        this.namespaceFile = namespaceFile;
    }

    /** slirp4netns on {@code PATH}, or why egress cannot be given here. */
    static Optional<String> missing(Optional<Path> slirp) {
        return slirp.isPresent() ? Optional.empty()
                : Optional.of("slirp4netns is not on PATH; hint: apt-get install slirp4netns");
    }

    /** The command line for the namespace file {@code namespaceFile}. */
    static List<String> command(Path slirp, Path namespaceFile) {
        return List.of(slirp.toString(), "--configure", "--mtu=65520", "--disable-host-loopback", "--cidr=" + CIDR,
                "--exit-fd=0", "--ready-fd=1", "--netns-type=path", namespaceFile.toString(), "tap0");
    }

    /**
     * Starts slirp4netns on the namespace {@code namespaceFile} and waits (at most 5 s) until it has configured the
     * namespace: it writes {@code 1} to its ready descriptor (its standard output, {@code --ready-fd=1}; its log lines
     * go to standard error, discarded). No poll: a watchdog kills it at the deadline, which ends the read.
     */
    static SlirpEgress start(Path slirp, Path namespaceFile) throws IOException {
        Process process = new ProcessBuilder(command(slirp, namespaceFile))
                .redirectInput(ProcessBuilder.Redirect.from(lifeline().toFile()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        SlirpEgress egress = new SlirpEgress(process, namespaceFile);
        try {
            egress.awaitReady();
            blockLinkLocal(namespaceFile);
            return egress;
        } catch (IOException | RuntimeException e) {
            egress.close();
            throw e;
        }
    }

    /**
     * Makes {@value #BLOCKED} unreachable inside (an {@code unreachable} route; slirp's own /24 is more specific and
     * stays on-link): on a cloud VM it holds the instance metadata service (169.254.169.254, the host's credentials)
     * and ECS's credentials endpoint (169.254.170.2), which a Lambda function cannot reach. Logged once where it
     * cannot be done ({@code ip} from iproute2 missing).
     */
    private static void blockLinkLocal(Path namespaceFile) throws IOException {
        Path ip = IP.stream().filter(Files::isExecutable).findFirst().orElse(null);
        if (ip == null) {
            if (WARNED.compareAndSet(false, true)) {
                LOG.warn("egress: link-local addresses (cloud metadata 169.254.169.254) are NOT blocked in "
                        + "environments: no ip command (apt-get install iproute2)");
            }
            return;
        }
        Process p = new ProcessBuilder(BubblewrapSession.NSENTER, "--net=" + namespaceFile, ip.toString(), "route",
                "add", "unreachable", BLOCKED).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new SandboxException("block link-local addresses (ip route add unreachable " + BLOCKED + ")",
                        namespaceFile, "ip exited with " + (p.isAlive() ? "no status in 5 s" : p.exitValue()),
                        null);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while blocking link-local addresses", e);
        }
    }

    private static Path lifeline() throws SandboxException {
        Path path = lifeline;
        if (path == null) {
            synchronized (SlirpEgress.class) {
                if (lifeline == null) {
                    int[] fds = LinuxCalls.pipe(); // both ends stay open for the JVM's life
                    lifeline = Path.of("/proc/self/fd/" + fds[0]);
                }
                path = lifeline;
            }
        }
        return path;
    }

    private void awaitReady() throws IOException {
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        CompletableFuture.delayedExecutor(READY_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS).execute(() -> {
            if (ready.complete(false)) {
                process.destroyForcibly(); // ends the read below
            }
        });
        int first;
        try (InputStream out = process.getInputStream()) { // closed at once: no buffer kept per environment
            first = out.read();
        }
        if (!ready.complete(true)) {
            throw new IOException("slirp4netns did not configure the network namespace " + namespaceFile + " within "
                    + READY_TIMEOUT.toSeconds() + " s");
        }
        if (first != '1') { // EOF: it exited; anything else is its usage text, printed when it refuses the arguments
            throw new SandboxException("attach slirp4netns to the network namespace", namespaceFile,
                    "slirp4netns exited with status " + exitValue() + " (run " + String.join(" ",
                            command(Path.of("slirp4netns"), namespaceFile)) + " by hand to see why)",
                    "slirp4netns needs root and /dev/net/tun; lamina serve --no-egress runs without it");
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

    static InetAddress dnsAddress() {
        try {
            return InetAddress.getByAddress(DNS, new byte[] {(byte) 169, (byte) 254, 1, 3});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
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
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "SlirpEgress[pid " + process.pid() + "]";
    }
}
