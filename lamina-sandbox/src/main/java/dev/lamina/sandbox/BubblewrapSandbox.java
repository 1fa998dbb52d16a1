package dev.lamina.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Sessions confined by bubblewrap: their own pid, ipc, uts and mount namespaces; the host's root read-only with
 * Lambda's paths on top ({@code /var/task}, {@code /opt}, {@code /var/runtime} read-only, a private size-limited
 * {@code /tmp}); hidden host paths absent; a cgroup for memory, CPU, pids and the freezer when available. See
 * {@link BubblewrapSession} for how processes enter a session.
 *
 * <p>{@link #start(ExecRequest)} (no session) runs an unconfined plain process, as {@link PlainProcessSandbox}
 * does: confinement needs a session.
 */
public final class BubblewrapSandbox implements Sandbox {
    private final Path bwrap;
    private final Cgroups cgroups;
    private final PlainProcessSandbox plain;
    private final boolean isolateNetworks;
    private final Optional<Path> slirp;
    private final String networkKind;

    /**
     * {@code bwrap} is the bubblewrap binary; sessions use the cgroup hierarchy found on this machine and the host's
     * network.
     */
    public BubblewrapSandbox(Path bwrap) {
        this(bwrap, Cgroups.detect(), false);
    }

    /**
     * As {@link #BubblewrapSandbox(Path)}; with {@code isolateNetworks}, {@link #openNetwork()} gives every session a
     * network namespace of its own (needs root; {@link Sandboxes#detect()} checks that first).
     */
    public BubblewrapSandbox(Path bwrap, boolean isolateNetworks) {
        this(bwrap, Cgroups.detect(), isolateNetworks);
    }

    BubblewrapSandbox(Path bwrap, Cgroups cgroups, boolean isolateNetworks) {
        this(bwrap, cgroups, isolateNetworks, Optional.empty(), isolateNetworks ? "isolated, no outbound" : "shared");
    }

    /**
     * {@code slirp4netns}, with isolated networks, gives each namespace outbound network ({@link SlirpEgress});
     * {@code networkKind} is what {@link #networkKind()} says, e.g. why there is no outbound network.
     */
    BubblewrapSandbox(Path bwrap, Cgroups cgroups, boolean isolateNetworks, Optional<Path> slirp,
            String networkKind) {
        this.bwrap = bwrap;
        this.cgroups = cgroups;
        this.plain = new PlainProcessSandbox(true, cgroups);
        this.isolateNetworks = isolateNetworks;
        this.slirp = isolateNetworks ? slirp : Optional.empty();
        this.networkKind = networkKind;
    }

    @Override
    public SandboxNetwork openNetwork() throws IOException {
        return isolateNetworks ? NetworkNamespace.create(slirp) : SandboxNetwork.host();
    }

    @Override
    public String networkKind() {
        return networkKind;
    }

    @Override
    public SandboxedProcess start(ExecRequest request) throws IOException {
        return plain.start(request);
    }

    @Override
    public SandboxSession open(SessionSpec spec) throws IOException {
        return BubblewrapSession.open(spec, cgroups, bwrap);
    }

    @Override
    public String kind() {
        return "bubblewrap";
    }

    @Override
    public String toString() {
        return "BubblewrapSandbox[" + bwrap + ", " + cgroups.description() + ", network " + networkKind() + "]";
    }
}
