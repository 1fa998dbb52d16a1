package dev.lamina.sandbox;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

/**
 * The few Linux calls network namespaces need, through the foreign-function API: {@code open}, {@code close},
 * {@code unshare}, {@code setns}, and bringing {@code lo} up ({@code socket} + {@code ioctl(SIOCSIFFLAGS)}).
 * Failures are {@link SandboxException}s naming the call, the path and errno.
 *
 * <p>{@code unshare} and {@code setns} of {@code CLONE_NEWNET} act on the calling OS thread only: call them from a
 * platform thread of one's own (see {@link NetworkNamespace}), never from a virtual thread or a pooled thread.
 */
final class LinuxCalls {
    static final int CLONE_NEWNET = 0x40000000;
    private static final int O_RDONLY_CLOEXEC = 0x80000;
    private static final int AF_INET = 2;
    private static final int SOCK_DGRAM_CLOEXEC = 2 | 0x80000;
    private static final long SIOCSIFFLAGS = 0x8914;
    private static final short IFF_UP = 1;
    /** {@code struct ifreq}: 16 bytes of name, then a union whose first member we use is {@code short ifr_flags}. */
    private static final int IFREQ_SIZE = 40;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final ValueLayout INT = ValueLayout.JAVA_INT;

    private static final MethodHandle OPEN = handle("open", FunctionDescriptor.of(INT, ValueLayout.ADDRESS, INT));
    private static final MethodHandle CLOSE = handle("close", FunctionDescriptor.of(INT, INT));
    private static final MethodHandle UNSHARE = handle("unshare", FunctionDescriptor.of(INT, INT));
    private static final MethodHandle SETNS = handle("setns", FunctionDescriptor.of(INT, INT, INT));
    private static final MethodHandle PIPE2 = handle("pipe2", FunctionDescriptor.of(INT, ValueLayout.ADDRESS, INT));
    private static final MethodHandle SOCKET = handle("socket", FunctionDescriptor.of(INT, INT, INT, INT));
    private static final MethodHandle IOCTL = handle("ioctl",
            FunctionDescriptor.of(INT, INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));

    private LinuxCalls() {}

    private static MethodHandle handle(String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsupportedOperationException("libc has no " + name));
        return LINKER.downcallHandle(symbol, descriptor, Linker.Option.captureCallState("errno"));
    }

    /** Opens {@code path} read-only (close-on-exec); returns the file descriptor. */
    static int open(Path path) throws SandboxException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(path.toString()), O_RDONLY_CLOEXEC);
            return check(fd, state, "open", path);
        } catch (SandboxException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("open(" + path + ")", e);
        }
    }

    static void close(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            int ignored = (int) CLOSE.invokeExact(arena.allocate(CALL_STATE), fd);
        } catch (Throwable e) {
            throw new IllegalStateException("close(" + fd + ")", e);
        }
    }

    /** {@code pipe2(O_CLOEXEC)}: a new pipe, {@code [read end, write end]}. */
    static int[] pipe() throws SandboxException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment fds = arena.allocate(ValueLayout.JAVA_INT, 2);
            check((int) PIPE2.invokeExact(state, fds, O_RDONLY_CLOEXEC), state, "pipe2", Path.of("/proc/self/fd"));
            return new int[] {fds.getAtIndex(ValueLayout.JAVA_INT, 0), fds.getAtIndex(ValueLayout.JAVA_INT, 1)};
        } catch (SandboxException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("pipe2", e);
        }
    }

    /** {@code unshare(CLONE_NEWNET)}: the calling thread gets a new, empty network namespace. */
    static void unshareNetwork() throws SandboxException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            check((int) UNSHARE.invokeExact(state, CLONE_NEWNET), state, "unshare(CLONE_NEWNET) for",
                    Path.of("/proc/thread-self/ns/net"));
        } catch (SandboxException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("unshare", e);
        }
    }

    /** {@code setns(fd, CLONE_NEWNET)}: the calling thread joins the network namespace {@code fd} refers to. */
    static void setNetwork(int fd, Path what) throws SandboxException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            check((int) SETNS.invokeExact(state, fd, CLONE_NEWNET), state, "setns(CLONE_NEWNET)", what);
        } catch (SandboxException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("setns", e);
        }
    }

    /** Sets {@code lo} up in the calling thread's network namespace (which gives it 127.0.0.1 and ::1). */
    static void loopbackUp() throws SandboxException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            Path lo = Path.of("/sys/class/net/lo");
            int socket = check((int) SOCKET.invokeExact(state, AF_INET, SOCK_DGRAM_CLOEXEC, 0), state, "socket", lo);
            try {
                MemorySegment ifreq = arena.allocate(IFREQ_SIZE);
                ifreq.setString(0, "lo");
                ifreq.set(ValueLayout.JAVA_SHORT, 16, IFF_UP);
                check((int) IOCTL.invokeExact(state, socket, SIOCSIFFLAGS, ifreq), state, "ioctl(SIOCSIFFLAGS)", lo);
            } finally {
                close(socket);
            }
        } catch (SandboxException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("loopback up", e);
        }
    }

    private static int check(int rc, MemorySegment state, String call, Path what) throws SandboxException {
        if (rc >= 0) {
            return rc;
        }
        int errno = (int) ERRNO.get(state, 0L);
        throw new SandboxException(call, what, errnoName(errno),
                errno == 1 ? "needs CAP_SYS_ADMIN and CAP_NET_ADMIN (run Lamina as root)" : null);
    }

    private static String errnoName(int errno) {
        return switch (errno) {
            case 1 -> "EPERM";
            case 2 -> "ENOENT";
            case 9 -> "EBADF";
            case 12 -> "ENOMEM";
            case 13 -> "EACCES";
            case 22 -> "EINVAL";
            case 28 -> "ENOSPC";
            default -> "errno " + errno;
        };
    }
}
