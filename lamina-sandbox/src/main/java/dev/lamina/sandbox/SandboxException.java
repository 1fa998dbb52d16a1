package dev.lamina.sandbox;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * An OS operation of the sandbox failed. The message names the operation, the path, the OS error and a hint, e.g.
 * {@code cannot write memory.limit_in_bytes under /sys/fs/cgroup/memory/lamina/ab12: EACCES (Permission denied);
 * hint: delegate the cgroup subtree}.
 */
public final class SandboxException extends IOException {

    public SandboxException(String operation, Path path, String error, String hint) {
        super("cannot " + operation + " " + path + ": " + error + (hint == null ? "" : "; hint: " + hint));
    }

    public SandboxException(String operation, Path path, IOException cause, String hint) {
        this(operation, path, errno(cause), hint);
        initCause(cause);
    }

    /** The errno name Java hides behind its exception types, with the OS's own wording. */
    static String errno(IOException e) {
        String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
        String name = switch (e) {
            case AccessDeniedException a -> "EACCES";
            case NoSuchFileException n -> "ENOENT";
            case DirectoryNotEmptyException d -> "ENOTEMPTY";
            default -> reason == null ? "EIO" : switch (reason) {
                case "Read-only file system" -> "EROFS";
                case "Device or resource busy" -> "EBUSY";
                case "Operation not permitted" -> "EPERM";
                case "No space left on device" -> "ENOSPC";
                case "Invalid argument" -> "EINVAL";
                case "No such process" -> "ESRCH";
                default -> "error";
            };
        };
        return name + " (" + (reason == null ? e.getClass().getSimpleName() : reason) + ")";
    }
}
