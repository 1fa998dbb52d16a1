package dev.lamina.environment;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Splits a byte stream into lines (without {@code \n} or {@code \r\n}); a line longer than
 * {@link OutputPump#MAX_LINE} bytes is split (Lambda splits at 256 KB), a last line without terminator is handed on
 * at the end.
 */
final class LineDecoder implements OutputPump.Decoder {
    private final Consumer<String> lines;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    LineDecoder(Consumer<String> lines) {
        this.lines = lines;
    }

    @Override
    public void accept(byte[] buf, int n) {
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
    }

    private void emit() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        lines.accept(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
    }
}
