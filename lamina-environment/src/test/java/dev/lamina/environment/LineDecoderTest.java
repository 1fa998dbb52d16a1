package dev.lamina.environment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineDecoderTest {
    private final List<List<String>> handOffs = new ArrayList<>();
    private final LineDecoder decoder = new LineDecoder(handOffs::add);

    private List<String> lines() {
        return handOffs.stream().flatMap(List::stream).toList();
    }

    private void feed(byte[] bytes, int chunk) {
        for (int i = 0; i < bytes.length; i += chunk) {
            int n = Math.min(chunk, bytes.length - i);
            byte[] buf = Arrays.copyOf(Arrays.copyOfRange(bytes, i, i + n), chunk + 3); // bytes past n are junk
            Arrays.fill(buf, n, buf.length, (byte) '\n');
            decoder.accept(buf, n);
        }
    }

    @Test
    void theLinesOfOneReadAreHandedOnTogetherWithoutTerminators() {
        feed("one\ntwo\r\nthree\n".getBytes(StandardCharsets.UTF_8), 64);
        assertThat(handOffs).containsExactly(List.of("one", "two", "three"));
    }

    @Test
    void linesSpanningReadsIncludingASplitUtf8CharacterAreJoined() {
        String text = "héllo wörld ✓\nsecond line\r\nthird\n";
        for (int chunk : new int[] {1, 2, 3, 5, 7}) {
            handOffs.clear();
            feed(text.getBytes(StandardCharsets.UTF_8), chunk);
            assertThat(lines()).as("chunk %d", chunk).containsExactly("héllo wörld ✓", "second line", "third");
        }
    }

    @Test
    void aLastLineWithoutTerminatorIsHandedOnAtTheEnd() {
        feed("done\npartial".getBytes(StandardCharsets.UTF_8), 4);
        assertThat(lines()).containsExactly("done");
        decoder.end();
        assertThat(lines()).containsExactly("done", "partial");
    }

    @Test
    void aLineLongerThanTheLimitIsSplitAtTheLimitAcrossReads() {
        byte[] text = ("x".repeat(OutputPump.MAX_LINE + 10) + "\nafter\n").getBytes(StandardCharsets.UTF_8);
        feed(text, 8192);
        assertThat(lines()).hasSize(3);
        assertThat(lines().get(0)).hasSize(OutputPump.MAX_LINE);
        assertThat(lines().get(1)).isEqualTo("x".repeat(10));
        assertThat(lines().get(2)).isEqualTo("after");
    }

    @Test
    void emptyLinesAreKept() {
        feed("\n\na\n\n".getBytes(StandardCharsets.UTF_8), 3);
        assertThat(lines()).containsExactly("", "", "a", "");
    }
}
