package dev.lamina.service.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationRunnerTest {

    @TempDir
    Path dir;

    @Test
    void applyingTwiceIsANoOp() {
        MigrationRunner runner = new MigrationRunner("db/migration");
        Database db = Database.open(dir.resolve("registry"));
        try {
            assertThat(runner.currentVersion(db)).isZero();
            assertThat(runner.migrate(db)).containsExactly(1, 2, 3, 4);
            assertThat(runner.migrate(db)).isEmpty();
            assertThat(runner.currentVersion(db)).isEqualTo(4);
            int rows = db.inTransaction(c -> {
                try (var s = c.createStatement(); var r = s.executeQuery("SELECT COUNT(*) FROM schema_version")) {
                    r.next();
                    return r.getInt(1);
                }
            });
            assertThat(rows).isEqualTo(4);
        } finally {
            db.close();
        }
        Database reopened = Database.open(dir.resolve("registry"));
        try {
            assertThat(runner.migrate(reopened)).isEmpty();
        } finally {
            reopened.close();
        }
    }

    @Test
    void aRegistryFromBeforeLayersIsUpgradedAndItsFunctionsHaveNoLayers() {
        Database db = Database.open(dir.resolve("registry"));
        try {
            assertThat(new MigrationRunner("db/migration-v1").migrate(db)).containsExactly(1);
            db.inTransaction(c -> {
                try (var s = c.createStatement()) {
                    return s.executeUpdate("INSERT INTO functions VALUES ('old', 'provided', 'r', 'h', '', 3, 128, "
                            + "512, 'x86_64', '{}', '" + "a".repeat(64) + "', 10, 0, 'rev', '{}')");
                }
            });

            assertThat(new MigrationRunner("db/migration").migrate(db)).containsExactly(2, 3, 4);

            var old = new JdbcFunctionRegistry(db).find("old").orElseThrow();
            assertThat(old.loggingConfig()).isEqualTo(dev.lamina.protocol.control.LoggingConfig.text("old"));
            assertThat(old.layers()).isEmpty();
            assertThat(old.revisionId()).isEqualTo("rev");
            assertThat(new JdbcLayerRegistry(db).versionsOfLayersAfter(null)).isEmpty();
        } finally {
            db.close();
        }
    }

    @Test
    void scriptsSplitOnStatementEnds() {
        assertThat(MigrationRunner.statements("-- c\nCREATE TABLE a (x INT);\nINSERT INTO a VALUES (1);\n"))
                .isEqualTo(List.of("CREATE TABLE a (x INT)", "INSERT INTO a VALUES (1)"));
    }
}
