package dev.lamina.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/** Reading and writing cgroup files, with errors that name the file, the operation and a hint. */
final class CgroupFiles {
    static final String DELEGATE_HINT = "run Lamina as root or delegate a cgroup subtree to it "
            + "(systemd: Delegate=yes) and check the controller is enabled";

    private CgroupFiles() {}

    static void mkdir(Path dir) throws SandboxException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new SandboxException("mkdir", dir, e, DELEGATE_HINT);
        }
    }

    static void write(Path dir, String file, String value) throws SandboxException {
        Path path = dir.resolve(file);
        try {
            Files.writeString(path, value, StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new SandboxException("write '" + value + "' to " + file + " under", dir, e, DELEGATE_HINT);
        }
    }

    static String read(Path dir, String file) throws SandboxException {
        try {
            return Files.readString(dir.resolve(file), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new SandboxException("read " + file + " under", dir, e, DELEGATE_HINT);
        }
    }

    static OptionalLong readLong(Path dir, String file) {
        try {
            return OptionalLong.of(Long.parseLong(read(dir, file)));
        } catch (SandboxException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The value of {@code key} in a flat-keyed file such as {@code memory.events} ({@code oom_kill 3}). */
    static long keyed(Path dir, String file, String key) {
        try {
            for (String line : read(dir, file).split("\n")) {
                String[] kv = line.trim().split("\\s+");
                if (kv.length == 2 && kv[0].equals(key)) {
                    return Long.parseLong(kv[1]);
                }
            }
        } catch (SandboxException | NumberFormatException e) {
            // unknown
        }
        return 0;
    }

    static Set<Long> pids(Path dir) {
        Set<Long> pids = new HashSet<>();
        try {
            for (String line : read(dir, "cgroup.procs").split("\n")) {
                if (!line.isBlank()) {
                    pids.add(Long.parseLong(line.trim()));
                }
            }
        } catch (SandboxException | NumberFormatException e) {
            // gone
        }
        return pids;
    }

    /** Polls until {@code file} reads {@code expected}; throws at the deadline. */
    static void await(Path dir, String file, String expected, Duration deadline) throws SandboxException {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            String now = read(dir, file);
            if (now.equals(expected) || now.contains(expected + "\n") || now.endsWith(expected)) {
                return;
            }
            if (System.nanoTime() > end) {
                throw new SandboxException("wait for " + file + " = " + expected + " under", dir,
                        "still '" + now.replace('\n', ' ') + "' after " + deadline.toMillis() + " ms",
                        "a task may be stuck in uninterruptible sleep (D state)");
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    /** rmdir, retried until the deadline (the kernel releases a cgroup shortly after its last task exits). */
    static void rmdir(Path dir, Duration deadline) throws SandboxException {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            try {
                Files.deleteIfExists(dir);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > end) {
                    throw new SandboxException("rmdir", dir, e, "a process is still inside: see its cgroup.procs");
                }
                LockSupport.parkNanos(5_000_000);
            }
        }
    }
}
