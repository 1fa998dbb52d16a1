package dev.lamina.sandbox;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bubblewrap session: one {@code bwrap} "holder" per session owns the namespaces (pid, mount, ipc, uts) and the
 * private {@code /tmp}; every process of the session is started with {@code nsenter --target <holder's pid 1>
 * --pid --mount --ipc --uts --root} into them, so runtime and extensions share one pid namespace and one
 * {@code /tmp}, as on Lambda.
 *
 * <p>Who starts them: the session's {@link SessionLauncher}, a shell that joined the session's cgroup when the
 * session opened and forks each process from inside it, so no start waits for a cgroup join (D75). Its processes
 * write to pipes the JVM made and report their pid and exit status on the {@link LaunchChannel}.
 *
 * <p>Process chain, all host pids: launcher {@code sh} → reporting subshell (redirects to the pipes, reports, waits)
 * → {@code env --default-signal -i …} exec {@code nsenter} (enters the namespaces and the holder's root, then changes
 * to the working directory as the session sees it, {@code --wdns}) → fork → {@code setsid} (new process group) →
 * exec the program. The program's host pid is the group id used for signals. Killing the pid namespace's init
 * (bubblewrap's reaper) makes the kernel kill every process in it.
 */
final class BubblewrapSession extends AbstractSession {
    private static final Logger LOG = LoggerFactory.getLogger(BubblewrapSession.class);
    private static final Pattern CHILD_PID = Pattern.compile("\"child-pid\"\\s*:\\s*(\\d+)");
    static final String NSENTER = "/usr/bin/nsenter";
    private static final Duration STARTUP = Duration.ofSeconds(10);
    private static final Path ETC_HOSTS = Path.of("/etc/hosts");
    private static final Path ETC_RESOLV = Path.of("/etc/resolv.conf");

    private final Process bwrap;
    private final long init;
    private final long holder;
    private final String pidNamespace;
    private final LambdaPaths hostPaths;
    private final SessionLauncher launcher;
    /** The first process, staged at open (D77); null once used or dropped. Guarded by the session monitor. */
    private Staged staged;

    private BubblewrapSession(String id, SessionSpec spec, Optional<Cgroup> cgroup, Path scratch, Process bwrap,
            long init, long holder, String pidNamespace, LambdaPaths hostPaths, SessionLauncher launcher) {
        super(id, spec, cgroup, scratch);
        this.launcher = launcher;
        this.bwrap = bwrap;
        this.init = init;
        this.holder = holder;
        this.pidNamespace = pidNamespace;
        this.hostPaths = hostPaths;
    }

    static BubblewrapSession open(SessionSpec spec, Cgroups cgroups, Path bwrapBinary) throws IOException {
        String id = newId();
        Path scratch = spec.scratchDir().resolve(id);
        Path hostTmp = null;
        if (spec.tmpStorage() == TmpStorage.HOST_DIRECTORY) {
            hostTmp = scratch.resolve("tmp");
            try {
                Files.createDirectories(hostTmp);
            } catch (IOException e) {
                throw new SandboxException("mkdir", hostTmp, e, "the scratch directory must be writable");
            }
        }
        Path hosts = spec.hostNames().isEmpty() ? null : writeHosts(scratch, spec.hostNames());
        Path resolv = spec.nameserver() == null ? null : writeResolv(scratch, spec.nameserver());
        Optional<Cgroup> cgroup;
        try {
            cgroup = cgroups.create(id, CgroupLimits.of(spec));
        } catch (RuntimeException e) {
            deleteTree(scratch);
            throw e;
        }
        SessionLauncher launcher = null;
        try {
            // started first: its cgroup join (an RCU grace period on v1) runs while bubblewrap starts
            launcher = SessionLauncher.open(cgroup.map(Cgroup::procsFiles).orElse(List.of()),
                    scratch.resolve("launch"));
            List<String> bwrapCommand = new ArrayList<>(List.of(bwrapBinary.toString(), "--unshare-pid",
                    "--unshare-ipc", "--unshare-uts", "--die-with-parent"));
            bwrapCommand.addAll(plan(spec, hostTmp, hosts, resolv).args());
            bwrapCommand.addAll(List.of("--info-fd", "1", "--", "/usr/bin/sleep", "infinity"));
            List<String> command = new ArrayList<>();
            if (spec.networkNamespace() != null) {
                command.addAll(List.of(NSENTER, "--net=" + spec.networkNamespace(), "--"));
            }
            command.addAll(bwrapCommand);
            ProcessBuilder builder = new ProcessBuilder(
                    CgroupJoin.wrap(cgroup.map(Cgroup::procsFiles).orElse(List.of()), command, Map.of()))
                    .directory(Path.of("/").toFile());
            builder.environment().clear();
            builder.environment().put("PATH", "/usr/bin:/bin");
            builder.redirectInput(ProcessBuilder.Redirect.from(NO_INPUT));
            Process bwrap = Spawner.start(builder); // --die-with-parent: from a thread that never ends
            long init = readChildPid(bwrap, spec);
            bwrap.getInputStream().close(); // the info fd says nothing more; frees the stream's 8 KiB buffer
            String ns = Procfs.pidNamespace(init);
            long holder = awaitChild(init);
            // a platform thread: a blocking pipe read on a virtual thread pins one of at most 256 carriers
            Thread.ofPlatform().daemon().stackSize(256 * 1024).name("lamina-bwrap-stderr-" + id)
                    .start(() -> logStderr(bwrap, id));
            LambdaPaths hostPaths = new LambdaPaths(spec.taskRoot(), spec.optRoot(), spec.runtimeDir(),
                    hostTmp != null ? hostTmp : Path.of("/proc", Long.toString(init), "root", "tmp"));
            BubblewrapSession session = new BubblewrapSession(id, spec, cgroup, scratch, bwrap, init, holder, ns,
                    hostPaths, launcher);
            session.stageFirst();
            return session;
        } catch (IOException | RuntimeException e) {
            if (launcher != null) {
                launcher.close(Duration.ofSeconds(2));
            }
            cgroup.ifPresent(c -> {
                c.pids().forEach(p -> ProcessGroupSignaller.signalPid(p, Signal.KILL.number()));
                try {
                    c.remove(Duration.ofSeconds(2));
                } catch (SandboxException ex) {
                    e.addSuppressed(ex);
                }
            });
            deleteTree(scratch);
            throw e;
        }
    }

    /** The host's {@code /etc/hosts} plus one line per extra name, in the session's scratch directory. */
    private static Path writeHosts(Path scratch, Map<String, java.net.InetAddress> names) throws SandboxException {
        Path hosts = scratch.resolve("hosts");
        try {
            Files.createDirectories(scratch);
            String base = Files.isReadable(ETC_HOSTS) ? Files.readString(ETC_HOSTS) : "127.0.0.1\tlocalhost\n";
            StringBuilder text = new StringBuilder(base);
            if (!base.isEmpty() && !base.endsWith("\n")) {
                text.append('\n');
            }
            names.forEach((name, address) -> text.append(address.getHostAddress()).append('\t').append(name)
                    .append('\n'));
            Files.writeString(hosts, text);
            return hosts;
        } catch (IOException e) {
            deleteTree(scratch);
            throw new SandboxException("write", hosts, e, "the scratch directory must be writable");
        }
    }

    /**
     * A {@code resolv.conf} naming {@code nameserver}, with the host's {@code search}, {@code domain} and
     * {@code options} lines, in the session's scratch directory.
     */
    private static Path writeResolv(Path scratch, java.net.InetAddress nameserver) throws SandboxException {
        Path resolv = scratch.resolve("resolv.conf");
        try {
            Files.createDirectories(scratch);
            StringBuilder text = new StringBuilder("nameserver ").append(nameserver.getHostAddress()).append('\n');
            if (Files.isReadable(ETC_RESOLV)) {
                Files.readAllLines(ETC_RESOLV).stream()
                        .filter(l -> l.startsWith("search") || l.startsWith("domain") || l.startsWith("options"))
                        .forEach(l -> text.append(l).append('\n'));
            }
            Files.writeString(resolv, text);
            return resolv;
        } catch (IOException e) {
            deleteTree(scratch);
            throw new SandboxException("write", resolv, e, "the scratch directory must be writable");
        }
    }

    private static Path resolvTarget() {
        try {
            Path real = ETC_RESOLV.toRealPath();
            return Files.isRegularFile(real) ? real : ETC_RESOLV;
        } catch (IOException e) {
            return ETC_RESOLV;
        }
    }

    private static MountPlan plan(SessionSpec spec, Path hostTmp, Path hosts, Path resolv) {
        MountPlan plan = new MountPlan();
        if (hosts != null) {
            plan.overlayFile(ETC_HOSTS, "--ro-bind", hosts.toString(), ETC_HOSTS.toString());
        }
        if (resolv != null) {
            Path target = resolvTarget(); // a symlink (systemd-resolved's stub) is covered where it points
            plan.overlayFile(target, "--ro-bind", resolv.toString(), target.toString());
        }
        spec.hiddenPaths().forEach(plan::hide);
        plan.hide(spec.scratchDir()).hide(spec.taskRoot());
        spec.extraReadOnlyPaths().forEach(plan::readOnly);
        plan.mount(Path.of("/proc"), "--proc", "/proc").mount(Path.of("/dev"), "--dev", "/dev");
        if (hostTmp != null) {
            plan.mount(Path.of("/tmp"), "--bind", hostTmp.toString(), "/tmp");
        } else {
            plan.mount(Path.of("/tmp"), "--size", Long.toString((long) spec.tmpMb() << 20), "--tmpfs", "/tmp");
        }
        plan.mount(Path.of("/var/task"), "--ro-bind", spec.taskRoot().toString(), "/var/task");
        if (spec.optRoot() != null) {
            plan.hide(spec.optRoot()).mount(Path.of("/opt"), "--ro-bind", spec.optRoot().toString(), "/opt");
        } else {
            plan.mount(Path.of("/opt"), "--dir", "/opt");
        }
        if (spec.runtimeDir() != null) {
            plan.hide(spec.runtimeDir())
                    .mount(Path.of("/var/runtime"), "--ro-bind", spec.runtimeDir().toString(), "/var/runtime");
        } else {
            plan.hide(Path.of("/var/runtime"));
        }
        return plan;
    }

    /** bubblewrap writes {@code {"child-pid": N, …}} to its info fd (our stdout) once the namespaces exist. */
    private static long readChildPid(Process bwrap, SessionSpec spec) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(bwrap.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder json = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            json.append(line).append('\n');
            if (line.startsWith("}")) {
                break;
            }
        }
        Matcher m = CHILD_PID.matcher(json);
        if (!m.find()) {
            awaitExit(bwrap, Duration.ofSeconds(2));
            String err = new String(bwrap.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            bwrap.destroyForcibly();
            throw new SandboxException("start bubblewrap for session " + spec.name() + " over", spec.taskRoot(),
                    err.isEmpty() ? "no child pid reported" : err,
                    "check that 'bwrap --unshare-pid --ro-bind / / --proc /proc true' works for this user");
        }
        return Long.parseLong(m.group(1));
    }

    private static long awaitChild(long init) throws SandboxException {
        long end = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < end) {
            List<Long> children = Procfs.children(init);
            if (!children.isEmpty()) {
                return children.getFirst();
            }
            LockSupport.parkNanos(200_000);
        }
        throw new SandboxException("find the holder process in", Path.of("/proc", Long.toString(init)),
                "bubblewrap's init has no child after " + STARTUP.toMillis() + " ms", null);
    }

    /**
     * Logs bubblewrap's stderr line by line for the session's life. Reads bytes through a small buffer rather than a
     * {@code BufferedReader} (8 KiB of bytes and 8 Ki chars per session, held while bwrap says nothing).
     */
    private static void logStderr(Process bwrap, String id) {
        try (InputStream err = bwrap.getErrorStream()) {
            byte[] buf = new byte[256];
            ByteArrayOutputStream line = new ByteArrayOutputStream(0);
            for (int n; (n = err.read(buf)) >= 0; ) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        LOG.warn("session {}: bwrap: {}", id, line.toString(StandardCharsets.UTF_8));
                        line.reset();
                    } else {
                        line.write(buf[i]);
                    }
                }
            }
            if (line.size() > 0) {
                LOG.warn("session {}: bwrap: {}", id, line.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // process gone
        }
    }

    @Override
    public LambdaPaths paths() {
        return new LambdaPaths(LambdaPaths.LAMBDA.taskRoot(), LambdaPaths.LAMBDA.optRoot(),
                spec.runtimeDir() == null ? null : LambdaPaths.LAMBDA.runtimeDir(), LambdaPaths.LAMBDA.tmp());
    }

    @Override
    public Optional<Path> toHost(Path visible) {
        LambdaPaths in = paths();
        for (Map.Entry<Path, Path> e : pairs(in, hostPaths)) {
            if (e.getKey() != null && e.getValue() != null && visible.startsWith(e.getKey())) {
                return Optional.of(e.getValue().resolve(e.getKey().relativize(visible).toString()));
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<Path> toVisible(Path host) {
        LambdaPaths in = paths();
        for (Map.Entry<Path, Path> e : pairs(in, hostPaths)) {
            if (e.getKey() != null && e.getValue() != null && host.startsWith(e.getValue())) {
                return Optional.of(e.getKey().resolve(e.getValue().relativize(host).toString()));
            }
        }
        return Optional.empty();
    }

    private static List<Map.Entry<Path, Path>> pairs(LambdaPaths in, LambdaPaths host) {
        List<Map.Entry<Path, Path>> pairs = new ArrayList<>();
        pairs.add(new java.util.AbstractMap.SimpleEntry<>(in.taskRoot(), host.taskRoot()));
        pairs.add(new java.util.AbstractMap.SimpleEntry<>(in.optRoot(), host.optRoot()));
        pairs.add(new java.util.AbstractMap.SimpleEntry<>(in.runtimeDir(), host.runtimeDir()));
        pairs.add(new java.util.AbstractMap.SimpleEntry<>(in.tmp(), host.tmp()));
        return pairs;
    }

    /** A path as the session sees it, reachable from the host through the holder's root. */
    private Path throughRoot(Path visible) {
        return Path.of("/proc/" + init + "/root" + visible.toAbsolutePath().normalize());
    }

    @Override
    public synchronized SandboxedProcess start(ExecRequest request) throws IOException {
        checkOpen();
        if (!request.workingDir().isAbsolute()) {
            throw new IOException("cannot start '" + request.name() + "': working directory "
                    + request.workingDir() + " must be absolute (as seen inside the session)");
        }
        Path program = ProgramResolver.resolve(request, this::throughRoot);
        List<String> command = new ArrayList<>();
        command.add(program.toString());
        command.addAll(request.command().subList(1, request.command().size()));
        Staged first = staged;
        staged = null;
        if (first != null) {
            LaunchedProcess p = first.use(request.name(), request.workingDir(), request.environment(), command);
            if (p != null) {
                processes.add(p);
                return p;
            }
        }
        List<String> chain = nsenterChain(request.workingDir());
        chain.add("/usr/bin/setsid");
        chain.addAll(command);
        LaunchedProcess p = launcher.start(request.name(), chain, request.environment(), this::classify,
                this::unstopWrapper);
        processes.add(p);
        return p;
    }

    /**
     * {@code nsenter} into the session's namespaces and root, changing to {@code workingDir} as the session sees it
     * ({@code --wdns}: opened after the chroot into the holder's root), up to and including {@code --}.
     */
    private List<String> nsenterChain(Path workingDir) {
        List<String> command = new ArrayList<>(List.of(NSENTER, "--target", Long.toString(init), "--pid",
                "--mount", "--ipc", "--uts"));
        if (spec.networkNamespace() != null) {
            command.add("--net");
        }
        command.addAll(List.of("--root", "--wdns=" + workingDir, "--"));
        return command;
    }

    /** Stages the session's first process (D77); without it the first start goes through the launcher. */
    private void stageFirst() {
        try {
            staged = launcher.stage(nsenterChain(Path.of("/")), this::classify, this::unstopWrapper);
        } catch (IOException | RuntimeException e) {
            LOG.debug("session {}: no staged first process: {}", id, e.toString());
        }
    }

    @Override
    public synchronized void killAll() {
        if (staged != null) {
            staged.discard();
            staged = null;
        }
        super.killAll();
    }

    /**
     * nsenter stops itself when its child stops (SIGSTOP fallback of freeze) and resumes the child only when itself
     * continued; a stop that lands after thaw would leave it stopped for good, unable to report the exit.
     */
    private void unstopWrapper(LaunchedProcess p) {
        long nsenter = p.nsenterPid();
        if (signalFrozen() && nsenter > 0 && !frozen() && Procfs.state(nsenter) == 'T') {
            ProcessGroupSignaller.signalPid(nsenter, Signal.CONT.number());
        }
    }

    /** The staged first process, if not used yet (tests). */
    synchronized LaunchedProcess stagedProcess() {
        return staged == null ? null : staged.process();
    }

    /** The session's process starter (tests). */
    SessionLauncher launcher() {
        return launcher;
    }

    @Override
    List<Long> memberPids() {
        if (pidNamespace == null) {
            return List.of();
        }
        if (cgroup.isPresent()) {
            // every process of the namespace is in the session's cgroup: read its few members, not all of /proc
            // (thousands of entries with many environments, read by every closing session every 2 ms)
            return cgroup.get().pids().stream().filter(p -> pidNamespace.equals(Procfs.pidNamespace(p))).toList();
        }
        return Procfs.inPidNamespace(pidNamespace);
    }

    @Override
    Set<Long> keepAlive() {
        return Set.of(bwrap.pid(), init, holder, launcher.pid());
    }

    @Override
    void destroy() {
        ProcessGroupSignaller.signalPid(init, Signal.KILL.number());
        if (!awaitExit(bwrap, KILL_WAIT)) {
            bwrap.destroyForcibly();
            LOG.warn("session {}: bubblewrap (pid {}) did not exit after its init was killed", id, bwrap.pid());
        }
        long end = System.nanoTime() + KILL_WAIT.toNanos();
        long pause = 1_000_000;
        while (!memberPids().isEmpty() && System.nanoTime() < end) {
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, 8_000_000);
        }
        launcher.close(KILL_WAIT);
    }

    @Override
    public String description() {
        return "bubblewrap" + cgroup.map(c -> "+" + c.description()).orElse("");
    }
}
