package dev.lamina.sandbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outbound network for one network namespace: a {@code pasta} process (Debian's {@code passt}) attached to it gives
 * the namespace an {@code eth0} with a default route and relays its TCP, UDP and ICMP through ordinary sockets of the
 * host, so a function reaches what the host reaches (the internet, AWS endpoints, the resolver in the host's
 * {@code /etc/resolv.conf}, services on the host's own non-loopback addresses). Nothing is forwarded inwards
 * ({@code -t none -u none}) and the namespace's loopback is left alone ({@code -T none -U none}, {@code --no-map-gw}):
 * the Runtime API on {@code 127.0.0.1:9001}, the {@code --host-port} relays and fixed extension ports stay as they are,
 * and the host's loopback is not reachable through the gateway. See docs/decisions.md D32–D33.
 *
 * <p>The namespace gets {@value #ADDRESS}/{@value #PREFIX} with pasta as gateway {@value #GATEWAY}: not a copy of the
 * host's address (pasta's default), which would make the host's own address local to the namespace and so hide host
 * services bound to it. IPv4 only, like Lambda outside a dual-stack VPC.
 *
 * <p>pasta gets the namespace as its standard input ({@code --netns /proc/self/fd/0}): it cannot open the JVM's
 * {@code /proc/<pid>/fd/<n>} or {@code /proc/<pid>/ns/net} itself, having dropped its capabilities (EACCES). It runs in
 * the foreground as the JVM's child through {@code setpriv --pdeathsig KILL}, started from one platform thread that
 * lives as long as the JVM (the death signal follows the thread that started the child), so it dies with Lamina,
 * crash included; {@link #close()} stops and reaps it.
 */
final class PastaEgress implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PastaEgress.class);
    static final Path SETPRIV = Path.of("/usr/bin/setpriv");
    static final String ADDRESS = "169.254.1.2";
    static final String PREFIX = "30";
    static final String GATEWAY = "169.254.1.1";
    private static final long READY_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final int OUTPUT_LINES = 20;

    /** Starts every pasta: a platform thread that never ends, so the death signal fires only when Lamina dies. */
    private static final ExecutorService LAUNCHER = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("lamina-egress-launcher").factory());

    private final Process process;
    private final Path namespaceFile;
    private final Deque<String> output;

    private PastaEgress(Process process, Path namespaceFile, Deque<String> output) {
        this.process = process;
        this.namespaceFile = namespaceFile;
        this.output = output;
    }

    /** pasta on {@code PATH} with {@code setpriv} beside it, or why egress cannot be given here. */
    static Optional<String> missing(Optional<Path> pasta) {
        if (pasta.isEmpty()) {
            return Optional.of("pasta is not on PATH; hint: apt-get install passt");
        }
        if (!Files.isExecutable(SETPRIV)) {
            return Optional.of(SETPRIV + " is missing; hint: apt-get install util-linux");
        }
        return Optional.empty();
    }

    /** The command line, reading the namespace from its standard input. */
    static List<String> command(Path pasta) {
        return List.of(SETPRIV.toString(), "--pdeathsig", "KILL", pasta.toString(),
                "--foreground", "--quiet", "--runas", "0", "--netns", "/proc/self/fd/0", "--config-net",
                "--ipv4-only", "--address", ADDRESS, "--netmask", PREFIX, "--gateway", GATEWAY, "--no-map-gw",
                "-t", "none", "-u", "none", "-T", "none", "-U", "none");
    }

    /**
     * Starts pasta on the namespace {@code namespaceFile} and waits (at most 5 s) until {@code routed} says the
     * namespace has its default route.
     */
    static PastaEgress start(Path pasta, Path namespaceFile, RouteProbe routed) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command(pasta))
                .redirectInput(ProcessBuilder.Redirect.from(namespaceFile.toFile()))
                .redirectErrorStream(true);
        Process process = launch(builder);
        Deque<String> output = new ArrayDeque<>();
        Thread.ofVirtual().name("lamina-egress-output-" + process.pid()).start(() -> drain(process, output));
        PastaEgress egress = new PastaEgress(process, namespaceFile, output);
        try {
            egress.awaitRoute(routed);
            return egress;
        } catch (IOException | RuntimeException e) {
            egress.close();
            throw e;
        }
    }

    private static Process launch(ProcessBuilder builder) throws IOException {
        CompletableFuture<Process> started = new CompletableFuture<>();
        LAUNCHER.execute(() -> {
            try {
                started.complete(builder.start());
            } catch (Throwable e) {
                started.completeExceptionally(e);
            }
        });
        try {
            return started.get();
        } catch (InterruptedException e) {
            started.thenAccept(Process::destroyForcibly);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting pasta", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io
                    : new IOException("cannot start pasta: " + e.getCause(), e.getCause());
        }
    }

    private void awaitRoute(RouteProbe routed) throws IOException {
        long deadline = System.nanoTime() + READY_TIMEOUT_NANOS;
        while (!routed.routed()) {
            if (!process.isAlive()) {
                throw new SandboxException("attach pasta to the network namespace", namespaceFile,
                        "pasta exited with status " + exitValue() + ": " + output(),
                        "pasta needs root and /dev/net/tun; lamina serve --no-egress runs without it");
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("pasta gave the network namespace " + namespaceFile
                        + " no default route within 5 s: " + output());
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for pasta", e);
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
                if (line.startsWith("Failed to send") && line.endsWith("to syslog")) {
                    continue; // pasta's attempt to also log to a missing syslog
                }
                LOG.debug("pasta {}: {}", process.pid(), line);
                synchronized (output) {
                    output.addLast(line);
                    if (output.size() > OUTPUT_LINES) {
                        output.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            // the pipe closes when pasta ends
        }
    }

    private String output() {
        synchronized (output) {
            return output.isEmpty() ? "(no output)" : String.join(" | ", new ArrayList<>(output));
        }
    }

    /** pasta's pid, for tests and logs. */
    long pid() {
        return process.pid();
    }

    /** Stops pasta (SIGKILL: it keeps no state worth a graceful end) and reaps it. */
    @Override
    public void close() {
        process.destroyForcibly();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (!process.waitFor(2, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                        process.waitFor();
                    }
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
        return "PastaEgress[pid " + process.pid() + "]";
    }

    /** Whether the namespace has its default route yet. */
    @FunctionalInterface
    interface RouteProbe {
        boolean routed() throws IOException;
    }
}
