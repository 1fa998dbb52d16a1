package dev.lamina.environment;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Splits a byte stream into lines (without {@code \n} or {@code \r\n}); a line longer than
 * {@link OutputPump#MAX_LINE} bytes is split (Lambda splits at 256 KB), a last line without terminator is handed on
 * at the end. The lines of one read are handed on together, in order (one hand-off per read, not per line). A line
 * that lies wholly inside one read is decoded straight from the read buffer; only a line that spans reads is copied
 * into {@code pending} first.
 */
final class LineDecoder implements OutputPump.Decoder {
    private final Consumer<List<String>> lines;
    /** The start of a line that continues past the last read (bytes {@code 0..pendingLength}). */
    private byte[] pending = new byte[0];
    private int pendingLength;
    private List<String> batch = new ArrayList<>();

    LineDecoder(Consumer<List<String>> lines) {
        this.lines = lines;
    }

    @Override
    public void accept(byte[] buf, int n) {
        split(buf, n);
        handOn();
    }

    private void handOn() {
        if (!batch.isEmpty()) {
            List<String> done = batch;
            batch = new ArrayList<>();
            lines.accept(done);
        }
    }

    private void split(byte[] buf, int n) {
        int start = 0;
        while (start < n) {
            int room = OutputPump.MAX_LINE - pendingLength; // bytes this line may still take before it is split
            int limit = Math.min(n, start + room);
            int newline = indexOf(buf, start, limit);
            if (newline >= 0) {
                line(buf, start, newline - start);
                start = newline + 1;
            } else if (limit - start == room) {
                line(buf, start, room); // MAX_LINE bytes without a newline: split here
                start = limit;
            } else {
                append(buf, start, n - start); // the line continues in the next read
                start = n;
            }
        }
    }

    private static int indexOf(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void append(byte[] buf, int from, int length) {
        if (pendingLength + length > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pendingLength + length, Math.min(OutputPump.MAX_LINE,
                    Math.max(256, pending.length * 2))));
        }
        System.arraycopy(buf, from, pending, pendingLength, length);
        pendingLength += length;
    }

    /** Ends the current line with {@code buf[from, from + length)}. */
    private void line(byte[] buf, int from, int length) {
        String text;
        if (pendingLength == 0) {
            text = new String(buf, from, length, StandardCharsets.UTF_8);
        } else {
            append(buf, from, length);
            text = new String(pending, 0, pendingLength, StandardCharsets.UTF_8);
            pendingLength = 0;
            if (pending.length > 8192) {
                pending = new byte[0]; // a long line's buffer is not kept for the process's life
            }
        }
        batch.add(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
    }

    @Override
    public void end() {
        if (pendingLength > 0) {
            String text = new String(pending, 0, pendingLength, StandardCharsets.UTF_8);
            pendingLength = 0;
            batch.add(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
        }
        handOn();
    }
}
