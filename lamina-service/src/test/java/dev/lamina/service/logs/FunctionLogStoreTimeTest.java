package dev.lamina.service.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer's cached time text is exactly {@link Instant#toString()}, which the reader parses back. */
class FunctionLogStoreTimeTest {
    @TempDir
    Path dir;

    @Test
    void theCachedTimeTextIsInstantToStringForEveryPrecisionAndAcrossSeconds() {
        try (FunctionLogStore store = new FunctionLogStore(dir)) {
            List<Instant> samples = List.of(Instant.parse("2024-01-02T03:04:05Z"),
                    Instant.parse("2024-01-02T03:04:05.007Z"), Instant.parse("2024-01-02T03:04:05.000007Z"),
                    Instant.parse("2024-01-02T03:04:05.000000007Z"), Instant.parse("2024-01-02T03:04:06.120Z"),
                    Instant.parse("2024-01-02T03:04:06.123456Z"), Instant.parse("1969-12-31T23:59:59.999999999Z"),
                    Instant.parse("+12345-01-01T00:00:00.5Z"));
            for (Instant t : samples) {
                assertThat(store.instantText(t)).isEqualTo(t.toString());
            }
            Instant start = Instant.parse("2026-11-27T20:59:58.1Z");
            for (long i = 0; i < 3_000; i++) {
                Instant t = start.plusNanos(i * 1_234_567L + (i % 3 == 0 ? 0 : i % 3 == 1 ? 1000 : 7));
                assertThat(store.instantText(t)).isEqualTo(t.toString());
            }
        }
    }
}
