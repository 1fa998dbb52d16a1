package dev.lamina.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A run's results, rendered as one table (Markdown, so it pastes into docs/benchmarks.md) or as JSON. */
public final class Report {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final RunInfo info;
    private final List<Result> results;

    public Report(RunInfo info, List<Result> results) {
        this.info = info;
        this.results = List.copyOf(results);
    }

    public String table() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"scenario", "metric", "Lamina", "floor", "ratio", "unit", "goal", "note"});
        for (Result r : results) {
            rows.add(new String[] {
                r.scenario(), r.metric(),
                r.value() == null ? "—" : Result.fmt(r.value()),
                r.floor() == null ? "—" : Result.fmt(r.floor()),
                r.ratio() == null ? "—" : String.format("%.2f", r.ratio()),
                r.unit() == null ? "" : r.unit(),
                r.goal() == null ? "" : r.goal() + (r.goalMet() == null ? "" : r.goalMet() ? " ✓ met" : " ✗ MISSED"),
                r.note() == null ? "" : r.note()});
        }
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder s = new StringBuilder();
        s.append(String.format("Run %s · %d cores · %.1f GB · %s · %s · commit %s · mode %s%n%n", info.date(),
                info.cores(), info.memoryGb(), info.os(), info.jdk(), info.commit(), info.mode()));
        for (int r = 0; r < rows.size(); r++) {
            s.append('|');
            for (int i = 0; i < width.length; i++) {
                String cell = rows.get(r)[i];
                boolean numeric = i >= 2 && i <= 4;
                s.append(' ').append(numeric ? pad(cell, width[i], true) : pad(cell, width[i], false)).append(" |");
            }
            s.append('\n');
            if (r == 0) {
                s.append('|');
                for (int i = 0; i < width.length; i++) {
                    s.append(i >= 2 && i <= 4 ? "-".repeat(width[i] + 1) + ":|" : "-".repeat(width[i] + 2) + "|");
                }
                s.append('\n');
            }
        }
        return s.toString();
    }

    private static String pad(String cell, int width, boolean right) {
        String fill = " ".repeat(width - cell.length());
        return right ? fill + cell : cell + fill;
    }

    public void writeJson(Path file) throws IOException {
        JSON.writeValue(file.toFile(), Map.of("run", info, "results", results));
    }
}
