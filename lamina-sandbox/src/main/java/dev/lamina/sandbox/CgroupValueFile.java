package dev.lamina.sandbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * A cgroup file holding one number that is read at every invoke's end ({@code memory.peak},
 * {@code memory.max_usage_in_bytes}: REPORT's Max Memory Used). Opened at the first read and kept open; each read
 * is one {@code pread} at offset 0, which makes the kernel format the current value again (cgroup files are
 * seq files), instead of {@link CgroupFiles#readLong}'s open, fstat, read, read and close with a path lookup each
 * time (D85). On any failure (including an interrupt, which closes a {@link FileChannel}) the channel is dropped,
 * that read falls back to {@link CgroupFiles#readLong}, and the next read opens it again. After {@link #close()}
 * every read takes the fallback, so the cgroup's removal never waits for this descriptor.
 */
final class CgroupValueFile {
    private final Path dir;
    private final String file;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(64);
    private FileChannel channel; // null until the first read, after a failure, and after close
    private boolean closed;

    CgroupValueFile(Path dir, String file) {
        this.dir = dir;
        this.file = file;
    }

    /** The file's number, or empty when it cannot be read or parsed. */
    synchronized OptionalLong read() {
        if (closed) {
            return CgroupFiles.readLong(dir, file);
        }
        try {
            if (channel == null) {
                channel = FileChannel.open(dir.resolve(file), StandardOpenOption.READ);
            }
            buffer.clear();
            int n;
            // a value ends with '\n': one pread in practice; read on until then (or EOF, or a full buffer)
            while ((n = channel.read(buffer, buffer.position())) > 0
                    && buffer.hasRemaining() && buffer.get(buffer.position() - 1) != '\n') {
                // keep reading
            }
            return parse(buffer.flip());
        } catch (IOException | RuntimeException e) {
            dropChannel();
            return CgroupFiles.readLong(dir, file);
        }
    }

    /** Closes the descriptor; later reads open and close the file each time. */
    synchronized void close() {
        closed = true;
        dropChannel();
    }

    private void dropChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to do
            }
            channel = null;
        }
    }

    /** A decimal number with optional surrounding whitespace, as {@code Long.parseLong(s.trim())} accepts it. */
    static OptionalLong parse(ByteBuffer bytes) {
        int i = bytes.position();
        int end = bytes.limit();
        while (i < end && bytes.get(i) <= ' ') {
            i++;
        }
        while (end > i && bytes.get(end - 1) <= ' ') {
            end--;
        }
        if (i == end || end - i > 18) {
            return OptionalLong.empty(); // empty, or beyond what a cgroup counter holds without overflow checks
        }
        long value = 0;
        for (; i < end; i++) {
            int digit = bytes.get(i) - '0';
            if (digit < 0 || digit > 9) {
                return OptionalLong.empty();
            }
            value = value * 10 + digit;
        }
        return OptionalLong.of(value);
    }
}
