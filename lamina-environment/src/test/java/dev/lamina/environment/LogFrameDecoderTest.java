package dev.lamina.environment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.environment.telemetry.LogLevel;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogFrameDecoderTest {
    private static final Instant NOW = Instant.parse("2026-11-27T20:00:00Z");
    private final List<LogFrame> frames = new ArrayList<>();
    private final List<String> lines = new ArrayList<>();
    private final LogFrameDecoder decoder = new LogFrameDecoder(frames::add, lines::addAll, InstantSource.fixed(NOW));

    /** A frame as the RIC's FramedTelemetryLogSink writes it (format: JSON 0, TEXT 1). */
    static byte[] frame(int level, int format, Long micros, String message) {
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        int type = LogFrameDecoder.MAGIC | level << 2 | (micros != null ? 1 << 1 : 0) | format;
        ByteBuffer b = ByteBuffer.allocate(8 + (micros != null ? 8 : 0) + body.length).putInt(type).putInt(body.length);
        if (micros != null) {
            b.putLong(micros);
        }
        return b.put(body).array();
    }

    private void feedByteByByte(byte[] bytes) {
        for (byte value : bytes) {
            decoder.accept(new byte[] {value}, 1);
        }
    }

    @Test
    void eachFrameIsOneRecordWithItsLevelTimeAndFormatEvenSplitIntoSingleBytes() throws Exception {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.write(frame(3, 0, 1_700_000_000_123_456L, "{\"level\":\"INFO\",\"message\":\"one\\ntwo\"}\n"));
        stream.write(frame(4, 1, 1_700_000_001_000_000L, "[WARN] first line\nsecond line"));
        stream.write(frame(0, 1, 1_700_000_002_000_000L, ""));
        feedByteByByte(stream.toByteArray());
        decoder.end();

        assertThat(frames).containsExactly(
                new LogFrame(Instant.parse("2023-11-14T22:13:20.123456Z"), LogLevel.INFO, true,
                        "{\"level\":\"INFO\",\"message\":\"one\\ntwo\"}"),
                new LogFrame(Instant.parse("2023-11-14T22:13:21Z"), LogLevel.WARN, false,
                        "[WARN] first line\nsecond line"),
                new LogFrame(Instant.parse("2023-11-14T22:13:22Z"), LogLevel.UNDEFINED, false, ""));
        assertThat(lines).isEmpty();
    }

    @Test
    void aFrameWithoutTimestampGetsTheReadTimeAndWholeBuffersWork() {
        byte[] both = concat(frame(6, 1, null, "fatal"), frame(1, 0, 5L, "{}"));
        decoder.accept(both, both.length);
        assertThat(frames).containsExactly(new LogFrame(NOW, LogLevel.FATAL, false, "fatal"),
                new LogFrame(Instant.ofEpochSecond(0, 5_000), LogLevel.TRACE, true, "{}"));
    }

    @Test
    void anOverlongMessageIsCutAtTheRecordLimitAndTheNextFrameStillDecodes() {
        byte[] big = frame(3, 1, 1L, "x".repeat(OutputPump.MAX_LINE + 10));
        byte[] next = frame(5, 1, 2L, "after");
        byte[] both = concat(big, next);
        for (int i = 0; i < both.length; i += 8192) {
            int n = Math.min(8192, both.length - i);
            decoder.accept(java.util.Arrays.copyOfRange(both, i, i + n), n);
        }
        assertThat(frames).hasSize(2);
        assertThat(frames.get(0).message()).hasSize(OutputPump.MAX_LINE);
        assertThat(frames.get(1).message()).isEqualTo("after");
        assertThat(frames.get(1).level()).isEqualTo(LogLevel.ERROR);
    }

    @Test
    void aStreamThatIsNotFramedIsReadAsPlainLinesWithNothingLost() {
        byte[] text = "plain output\nsecond\npartial".getBytes(StandardCharsets.UTF_8);
        decoder.accept(text, text.length);
        decoder.end();
        assertThat(frames).isEmpty();
        assertThat(lines).containsExactly("plain output", "second", "partial");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
