package dev.lamina.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    @TempDir
    Path tmp;

    private final RunInfo info = new RunInfo("2026-01-01T00:00:00Z", 2, 24, "Linux", "JDK 25", List.of(), "abc",
            "quick");

    @Test
    void tableShowsRatioAndGoal() {
        Report report = new Report(info, List.of(
                Result.vsFloor("warm", "p50", 130, 100, "µs").ratioGoal(1.3, false),
                Result.vsFloor("throughput", "c=8", 50, 100, "invokes/s").ratioGoal(0.75, true),
                Result.notAvailable("extension", "p50", "no extensions")));

        String table = report.table();

        assertThat(table).contains("| warm ").contains("1.30").contains("≤ 1.3× floor ✓ met")
                .contains("≥ 0.75× floor ✗ MISSED").contains("not available: no extensions");
    }

    @Test
    void jsonCarriesScenarioMetricValueUnitFloorAndRatio() throws Exception {
        Path file = tmp.resolve("r.json");
        new Report(info, List.of(Result.vsFloor("warm", "p50", 150, 100, "µs"))).writeJson(file);

        JsonNode r = new ObjectMapper().readTree(file.toFile()).get("results").get(0);

        assertThat(r.get("scenario").asText()).isEqualTo("warm");
        assertThat(r.get("metric").asText()).isEqualTo("p50");
        assertThat(r.get("value").asDouble()).isEqualTo(150);
        assertThat(r.get("unit").asText()).isEqualTo("µs");
        assertThat(r.get("floor").asDouble()).isEqualTo(100);
        assertThat(r.get("ratio").asDouble()).isEqualTo(1.5);
    }
}
