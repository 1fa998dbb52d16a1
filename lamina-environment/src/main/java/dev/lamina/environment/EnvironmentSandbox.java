package dev.lamina.environment;

import dev.lamina.sandbox.Sandbox;
import dev.lamina.sandbox.SandboxNetwork;
import dev.lamina.sandbox.SandboxSession;
import dev.lamina.sandbox.SessionSpec;
import dev.lamina.sandbox.TmpStorage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How every environment of a factory is confined: the sandbox, where its sessions keep their files, which host
 * paths they hide and where {@code /tmp} lives. Opens one {@link SandboxSession} per environment.
 *
 * @param sandbox     bubblewrap or plain processes
 * @param scratchDir  where sessions keep their per-session files (under Lamina's data directory)
 * @param hiddenPaths host paths no function may see (Lamina's data directory)
 * @param tmpStorage  tmpfs (size-limited, counts against memory) or a host directory (see docs/decisions.md)
 * @param hostPorts   host loopback ports reachable at 127.0.0.1 inside isolated networks (docs/sandbox.md)
 * @param laminaApi   where Lamina's own API listens, once it does: environments reach it as {@code lamina:<port>}
 */
record EnvironmentSandbox(Sandbox sandbox, Path scratchDir, List<Path> hiddenPaths, TmpStorage tmpStorage,
        List<Integer> hostPorts, AtomicReference<InetSocketAddress> laminaApi) {
    /** The names extensions bind and subscribe with (contract §3.2): the environment's own address, 127.0.0.1. */
    static final List<String> SANDBOX_NAMES = List.of("sandbox", "sandbox.localdomain");
    /** The name Lamina's own API has inside environments (docs/sandbox.md). */
    static final String LAMINA_NAME = "lamina";
    /** Where {@link #LAMINA_NAME} points in an isolated network: a loopback address of its own, so any port fits. */
    static final InetAddress LAMINA_INSIDE = InetAddress.ofLiteral("127.0.0.2");
    /** Lambda's Runtime API port, used in a network of the environment's own. */
    static final int RUNTIME_API_PORT = 9001;

    EnvironmentSandbox {
        Objects.requireNonNull(sandbox, "sandbox");
        Objects.requireNonNull(scratchDir, "scratchDir");
        Objects.requireNonNull(tmpStorage, "tmpStorage");
        hiddenPaths = List.copyOf(hiddenPaths);
        hostPorts = List.copyOf(hostPorts);
        Objects.requireNonNull(laminaApi, "laminaApi");
    }

    /** {@code sandbox}, {@code sandbox.localdomain} → 127.0.0.1; {@code lamina} → Lamina's API once it listens. */
    private Map<String, InetAddress> hostNames(SandboxNetwork network) {
        Map<String, InetAddress> names = new LinkedHashMap<>();
        SANDBOX_NAMES.forEach(n -> names.put(n, InetAddress.getLoopbackAddress()));
        InetSocketAddress api = laminaApi.get();
        if (api != null) {
            names.put(LAMINA_NAME, network.isolated() ? LAMINA_INSIDE : reachable(api).getAddress());
        }
        return names;
    }

    /** A wildcard bind address is reached at 127.0.0.1. */
    private static InetSocketAddress reachable(InetSocketAddress api) {
        return api.getAddress().isAnyLocalAddress()
                ? new InetSocketAddress(InetAddress.getLoopbackAddress(), api.getPort()) : api;
    }

    /**
     * The network of a new environment: a namespace of its own where the sandbox isolates networks, with the host
     * ports forwarded into it; else the host's network.
     */
    SandboxNetwork openNetwork() throws IOException {
        SandboxNetwork network = sandbox.openNetwork();
        try {
            for (int port : hostPorts) {
                network.forwardToHost(port);
            }
            InetSocketAddress api = laminaApi.get();
            if (api != null && network.isolated()) {
                network.forwardToHost(new InetSocketAddress(LAMINA_INSIDE, api.getPort()), reachable(api));
            }
            return network;
        } catch (IOException | RuntimeException e) {
            network.close();
            throw e;
        }
    }

    /**
     * The session of environment {@code id}: the code at {@code /var/task}, the layers at {@code /opt}, the managed
     * runtime at {@code /var/runtime}, a private {@code /tmp} of the function's ephemeral storage size, the
     * function's memory as the session's limit. No CPU quota: Lambda's share (1769 MB = one vCPU) makes a JVM at
     * 128 MB miss the 10 s init limit on a developer machine; the session's CPU weight follows its memory instead
     * (the builder's default), see docs/decisions.md D10.
     */
    SandboxSession open(String id, EnvironmentSpec spec, SandboxNetwork network) throws IOException {
        SessionSpec session = SessionSpec.builder(id, spec.taskRoot(), scratchDir)
                .optRoot(spec.optRoot())
                .runtimeDir(spec.runtimeDir())
                .memoryMb(spec.memoryMb())
                .cpuMillicores(0)
                .tmp(spec.ephemeralStorageMb(), tmpStorage)
                .hiddenPaths(hiddenPaths)
                .networkNamespace(network.namespaceFile().orElse(null))
                .hostNames(hostNames(network))
                .nameserver(network.nameserver().orElse(null))
                .build();
        return sandbox.open(session);
    }
}
