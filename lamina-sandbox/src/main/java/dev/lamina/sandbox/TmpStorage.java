package dev.lamina.sandbox;

/**
 * Where a session's private {@code /tmp} lives.
 *
 * <p>{@link #TMPFS} is size-limited (writing past {@code tmpMb} fails with ENOSPC) but its pages are charged to the
 * memory cgroup of the process that writes them: files in {@code /tmp} count against the session's memory limit,
 * which Lambda's {@code /tmp} does not. {@link #HOST_DIRECTORY} is a directory on the host disk under the session's
 * scratch directory: it does not count against memory (page cache is reclaimable) but its size is not enforced.
 */
public enum TmpStorage {
    /** A tmpfs of {@code tmpMb} MB, private to the session (bubblewrap only; plain sessions use a directory). */
    TMPFS,
    /** A fresh directory under the scratch directory, bound at {@code /tmp}; size not enforced. */
    HOST_DIRECTORY
}
