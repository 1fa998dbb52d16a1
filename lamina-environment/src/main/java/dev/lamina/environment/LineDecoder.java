package dev.lamina.environment;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Splits a byte stream into lines (without {@code \n} or {@code \r\n}); a line longer than
 * {@link OutputPump#MAX_LINE} bytes is split (Lambda splits at 256 KB), a last line without terminator is handed on
 * at the end. The lines of one read are handed on together, in order (one hand-off per read, not per line).
 */
final class LineDecoder implements OutputPump.Decoder {
    private final Consumer<List<String>> lines;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
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
        for (int i = 0; i < n; i++) {
            if (buf[i] == '\n') {
                emit();
            } else {
                line.write(buf[i]);
                if (line.size() >= OutputPump.MAX_LINE) {
                    emit();
                }
            }
        }
    }

    @Override
    public void end() {
        if (line.size() > 0) {
            emit();
        }
        handOn();
    }

    private void emit() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        batch.add(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
    }
}
