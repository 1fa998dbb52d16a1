package dev.lamina.sandbox;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM's one status pipe for processes started by {@link SessionLauncher}s: each launcher's shell opens the pipe's
 * write end through {@code /proc/<jvm>/fd/<n>} once, and every process it starts reports two lines on it,
 * {@code <token> pid <host pid of its reporting shell>} once its output is redirected, and
 * {@code <token> exit <status>} when it has ended (short writes to a pipe are atomic, so lines of different
 * processes never mix). One platform thread reads the pipe and hands each line to the {@link LaunchedProcess} of
 * its token; a second one, once a second, notices processes whose reporting shell died without a word (killed) and
 * repairs wrappers left stopped ({@link LaunchedProcess#sweep()}).
 *
 * <p>The JVM keeps the write end open for its whole life (so the reader never sees end of file, and the path stays
 * valid); the read end is reopened through {@code /proc/self/fd} as a plain {@link FileInputStream}.
 */
final class LaunchChannel {
    private static final Logger LOG = LoggerFactory.getLogger(LaunchChannel.class);
    private static volatile LaunchChannel instance;

    private final int writeFd;
    private final AtomicLong tokens = new AtomicLong();
    private final Map<Long, LaunchedProcess> live = new ConcurrentHashMap<>();

    private LaunchChannel(int writeFd, InputStream in) {
        this.writeFd = writeFd;
        Thread.ofPlatform().daemon().stackSize(256 * 1024).name("lamina-launch-status").start(() -> read(in));
        Thread.ofPlatform().daemon().stackSize(256 * 1024).name("lamina-launch-sweep").start(this::sweep);
    }

    static LaunchChannel get() throws SandboxException {
        LaunchChannel c = instance;
        if (c == null) {
            synchronized (LaunchChannel.class) {
                c = instance;
                if (c == null) {
                    int[] fds = LinuxCalls.pipe();
                    InputStream in;
                    try {
                        in = new FileInputStream(new File("/proc/self/fd/" + fds[0]));
                    } catch (IOException e) {
                        LinuxCalls.close(fds[0]);
                        LinuxCalls.close(fds[1]);
                        throw new SandboxException("open", java.nio.file.Path.of("/proc/self/fd/" + fds[0]), e,
                                null);
                    }
                    LinuxCalls.close(fds[0]);
                    instance = c = new LaunchChannel(fds[1], in);
                }
            }
        }
        return c;
    }

    /** The path a launcher's shell opens for writing, valid for the JVM's life. */
    String writePath() {
        return "/proc/" + ProcessHandle.current().pid() + "/fd/" + writeFd;
    }

    /** A fresh token for {@code p}, which hears of its lines from now on until its exit. */
    long register(LaunchedProcess p) {
        long token = tokens.incrementAndGet();
        live.put(token, p);
        return token;
    }

    void forget(long token) {
        live.remove(token);
    }

    private void read(InputStream in) {
        byte[] buf = new byte[512];
        StringBuilder line = new StringBuilder(64);
        try (in) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        dispatch(line.toString());
                        line.setLength(0);
                    } else if (line.length() < 256) {
                        line.append((char) (buf[i] & 0xff));
                    }
                }
            }
        } catch (IOException e) {
            LOG.error("the launch status pipe failed; processes started from now on will not report their exit", e);
        }
    }

    private void dispatch(String line) {
        String[] f = line.trim().split(" ");
        try {
            if (f.length != 3) {
                throw new NumberFormatException();
            }
            long token = Long.parseLong(f[0]);
            long value = Long.parseLong(f[2]);
            LaunchedProcess p = live.get(token);
            if (p == null) {
                return;
            }
            switch (f[1]) {
                case "pid" -> p.reported(value);
                case "exit" -> {
                    live.remove(token);
                    p.exited((int) value);
                }
                default -> LOG.warn("launch status: unknown line '{}'", line);
            }
        } catch (NumberFormatException e) {
            LOG.warn("launch status: unreadable line '{}'", line);
        }
    }

    private void sweep() {
        while (true) {
            LockSupport.parkNanos(1_000_000_000L);
            for (LaunchedProcess p : live.values()) {
                try {
                    p.sweep();
                } catch (RuntimeException e) {
                    LOG.warn("launch sweep of {}: {}", p, e.toString());
                }
            }
        }
    }
}
