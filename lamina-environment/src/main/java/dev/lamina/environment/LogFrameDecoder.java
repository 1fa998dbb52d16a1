package dev.lamina.environment;

import dev.lamina.environment.telemetry.LogLevel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes the Java runtime's framed log stream (contract §1.5; the RIC's {@code FramedTelemetryLogSink}): each frame
 * is a big-endian header {@code u32 type | u32 length | u64 timestamp (µs since the epoch)} and {@code length}
 * bytes of message, with {@code type = 0xa55a0000 | level << 2 | timestampPresent << 1 | format} (format JSON = 0,
 * TEXT = 1). Without the timestamp bit the header has no timestamp and the record gets the time it was read.
 *
 * <p>One frame is one record, whatever newlines its message holds. A message longer than
 * {@link OutputPump#MAX_LINE} bytes is cut there (Lambda's limit for one record). A header without the magic
 * means the stream is not framed after all: the rest (including that header) is read as plain lines, so nothing
 * written is lost.
 */
final class LogFrameDecoder implements OutputPump.Decoder {
    private static final Logger LOG = LoggerFactory.getLogger(LogFrameDecoder.class);
    static final int MAGIC = 0xa55a0000;
    static final int MAGIC_MASK = 0xffff0000;
    private static final int TIMESTAMP_PRESENT = 1 << 1;
    private static final int FORMAT_TEXT = 1;

    private final Consumer<LogFrame> frames;
    private final InstantSource clock;
    private final LineDecoder fallback;
    private final byte[] header = new byte[16];
    private int headerFill;
    private int type;
    private long remaining;
    private Instant time;
    private final ByteArrayOutputStream message = new ByteArrayOutputStream();
    private boolean unframed;

    /** @param plainLines where the stream goes as lines if it turns out not to be framed */
    LogFrameDecoder(Consumer<LogFrame> frames, Consumer<List<String>> plainLines, InstantSource clock) {
        this.frames = frames;
        this.clock = clock;
        this.fallback = new LineDecoder(plainLines);
    }

    @Override
    public void accept(byte[] buf, int n) {
        int i = 0;
        while (i < n) {
            if (unframed) {
                fallback.accept(Arrays.copyOfRange(buf, i, n), n - i);
                return;
            }
            if (time == null) {
                i = readHeader(buf, i, n);
            } else {
                int take = (int) Math.min(remaining, n - i);
                int keep = Math.max(0, Math.min(take, OutputPump.MAX_LINE - message.size()));
                message.write(buf, i, keep);
                remaining -= take;
                i += take;
                if (remaining == 0) {
                    emit();
                }
            }
        }
    }

    /** Fills the header from {@code buf[i..n)}; returns the next unread index. */
    private int readHeader(byte[] buf, int i, int n) {
        while (i < n && time == null) {
            header[headerFill++] = buf[i++];
            if (headerFill == 8) {
                type = intAt(0);
                if ((type & MAGIC_MASK) != MAGIC) {
                    LOG.warn("log fd: no frame header (0x{}); reading the rest as plain lines",
                            Integer.toHexString(type));
                    unframed = true;
                    fallback.accept(header, headerFill);
                    return i;
                }
                remaining = Integer.toUnsignedLong(intAt(4));
                if ((type & TIMESTAMP_PRESENT) == 0) {
                    begin(clock.instant());
                }
            } else if (headerFill == 16) {
                long micros = ((long) intAt(8) << 32) | Integer.toUnsignedLong(intAt(12));
                begin(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                        Math.floorMod(micros, 1_000_000L) * 1_000L));
            }
        }
        return i;
    }

    private void begin(Instant at) {
        time = at;
        headerFill = 0;
        if (remaining == 0) {
            emit();
        }
    }

    private int intAt(int offset) {
        return ((header[offset] & 0xff) << 24) | ((header[offset + 1] & 0xff) << 16)
                | ((header[offset + 2] & 0xff) << 8) | (header[offset + 3] & 0xff);
    }

    private void emit() {
        String text = message.toString(StandardCharsets.UTF_8);
        message.reset();
        if (text.endsWith("\n")) {
            text = text.substring(0, text.length() - (text.endsWith("\r\n") ? 2 : 1));
        }
        LogLevel level = LogLevel.ofFrame((type >>> 2) & 0x7);
        boolean json = (type & FORMAT_TEXT) == 0;
        Instant at = time;
        time = null;
        frames.accept(new LogFrame(at, level, json, text));
    }

    @Override
    public void end() {
        if (unframed) {
            fallback.end();
        } else if (time != null && message.size() > 0) {
            emit(); // a frame cut short by the writer's death: keep what arrived
        }
    }
}
