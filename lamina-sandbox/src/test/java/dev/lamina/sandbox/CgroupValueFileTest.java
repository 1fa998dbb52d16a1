package dev.lamina.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupValueFileTest {
    @TempDir
    Path dir;

    @Test
    void readsTheCurrentValueThroughTheKeptDescriptorAndAfterClose() throws Exception {
        Path file = dir.resolve("memory.peak");
        Files.writeString(file, "123\n");
        CgroupValueFile value = new CgroupValueFile(dir, "memory.peak");
        assertThat(value.read()).isEqualTo(OptionalLong.of(123));
        // rewritten in place (same inode, as the kernel regenerates a cgroup file): the next pread sees it
        Files.writeString(file, "45678901\n", StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        assertThat(value.read()).isEqualTo(OptionalLong.of(45678901));
        value.close();
        Files.writeString(file, "7\n", StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        assertThat(value.read()).isEqualTo(OptionalLong.of(7));
    }

    @Test
    void missingOrMalformedIsEmpty() throws Exception {
        assertThat(new CgroupValueFile(dir, "absent").read()).isEmpty();
        Files.writeString(dir.resolve("bad"), "max\n");
        assertThat(new CgroupValueFile(dir, "bad").read()).isEmpty();
    }

    @Test
    void parsesLikeParseLongOfTrimmed() {
        assertThat(parse(" 42 \n")).isEqualTo(OptionalLong.of(42));
        assertThat(parse("0\n")).isEqualTo(OptionalLong.of(0));
        assertThat(parse("\n")).isEmpty();
        assertThat(parse("12a\n")).isEmpty();
    }

    private static OptionalLong parse(String s) {
        return CgroupValueFile.parse(ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII)));
    }
}
