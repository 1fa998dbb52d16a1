package dev.lamina.sandbox;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Picks the best {@link Sandbox} this machine supports. */
public final class Sandboxes {
    private static final Logger LOG = LoggerFactory.getLogger(Sandboxes.class);

    private Sandboxes() {}

    /**
     * {@link BubblewrapSandbox} when {@code bwrap} is on {@code PATH}, {@code nsenter} is installed and a trial
     * sandbox runs; otherwise {@link PlainProcessSandbox}, with one log line saying why. Bubblewrap sessions get a
     * network namespace each when one can be created here (root), else the host's network, with a log line; isolated
     * networks get outbound connectivity through {@code slirp4netns} when it is installed.
     */
    public static Sandbox detect() {
        return detect(true);
    }

    /** As {@link #detect()}; {@code isolateNetworks} false keeps every session on the host's network. */
    public static Sandbox detect(boolean isolateNetworks) {
        return detect(isolateNetworks, true);
    }

    /**
     * As {@link #detect(boolean)}; {@code egress} gives isolated networks outbound connectivity through
     * {@code slirp4netns} (Debian package {@code slirp4netns}) when it is installed and a trial works, else they have
     * none, with a log line saying why.
     */
    public static Sandbox detect(boolean isolateNetworks, boolean egress) {
        Cgroups cgroups = Cgroups.detect();
        Optional<String> problem = bubblewrapProblem();
        if (problem.isPresent()) {
            LOG.warn("bubblewrap sandbox unavailable ({}); using plain processes, {}", problem.get(),
                    cgroups.description());
            return new PlainProcessSandbox(true, cgroups);
        }
        Path bwrap = findOnPath("bwrap").orElseThrow();
        boolean isolated = false;
        if (isolateNetworks) {
            Optional<String> networkProblem = NetworkNamespace.problem();
            networkProblem.ifPresent(p -> LOG.warn("per-session networks unavailable ({}); sessions share the host's "
                    + "network", p));
            isolated = networkProblem.isEmpty();
        }
        Optional<Path> slirp = Optional.empty();
        String networkKind = "shared";
        if (isolated) {
            networkKind = "isolated, no outbound (egress off)";
            if (egress) {
                Optional<Path> found = findOnPath("slirp4netns");
                Optional<String> egressProblem = SlirpEgress.missing(found)
                        .or(() -> NetworkNamespace.problem(found));
                egressProblem.ifPresent(p -> LOG.warn("outbound network for isolated sessions unavailable ({})", p));
                networkKind = egressProblem.isPresent()
                        ? "isolated, no outbound (" + (found.isEmpty() ? "install slirp4netns for egress"
                                : "egress failed, see the log") + ")"
                        : "isolated, outbound through slirp4netns";
                slirp = egressProblem.isPresent() ? Optional.empty() : found;
            }
        }
        LOG.info("sandbox: bubblewrap ({}), {}, network {}", bwrap, cgroups.description(), networkKind);
        return new BubblewrapSandbox(bwrap, cgroups, isolated, slirp, networkKind);
    }

    /** Why bubblewrap sessions cannot run here, or empty when they can. */
    static Optional<String> bubblewrapProblem() {
        Optional<Path> bwrap = findOnPath("bwrap");
        if (bwrap.isEmpty()) {
            return Optional.of("bwrap is not on PATH; hint: apt-get install bubblewrap");
        }
        if (!Files.isExecutable(Path.of(BubblewrapSession.NSENTER))) {
            return Optional.of(BubblewrapSession.NSENTER + " is missing; hint: apt-get install util-linux");
        }
        try {
            Process p = new ProcessBuilder(List.of(bwrap.get().toString(), "--unshare-pid", "--ro-bind", "/", "/",
                    "--proc", "/proc", "--dev", "/dev", "/bin/true")).redirectErrorStream(true).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.of("a trial 'bwrap --ro-bind / / true' did not finish in 10 s");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.exitValue() == 0 ? Optional.empty()
                    : Optional.of("a trial 'bwrap --unshare-pid --ro-bind / / true' failed with status "
                            + p.exitValue() + ": " + out + "; hint: run as root or allow unprivileged user namespaces");
        } catch (IOException e) {
            return Optional.of("cannot run " + bwrap.get() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while trying bwrap");
        }
    }

    static Optional<Path> findOnPath(String name) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
