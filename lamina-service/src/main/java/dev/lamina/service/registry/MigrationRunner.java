package dev.lamina.service.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies versioned schema migrations. The index resource lists {@code <version> <resource>} lines in order; every
 * migration above the highest version recorded in {@code schema_version} runs, all in one transaction, and is
 * recorded there. Running it again is a no-op.
 */
public final class MigrationRunner {

    /** One migration: its version and the SQL statements of its resource. */
    record Migration(int version, String resource, List<String> statements) {}

    private final String directory;

    /** Migrations listed in {@code <directory>/index.txt} on the class path, e.g. {@code db/migration}. */
    public MigrationRunner(String directory) {
        this.directory = directory;
    }

    /** Applies what is missing; returns the versions it applied (empty when the schema was current). */
    public List<Integer> migrate(Database db) {
        List<Migration> migrations = load();
        return db.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                        + "version INT NOT NULL PRIMARY KEY, resource VARCHAR(255) NOT NULL, "
                        + "applied_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL)");
            }
            int current = currentVersion(c);
            List<Integer> applied = new ArrayList<>();
            for (Migration m : migrations) {
                if (m.version() <= current) {
                    continue;
                }
                try (Statement s = c.createStatement()) {
                    for (String sql : m.statements()) {
                        s.execute(sql);
                    }
                }
                try (PreparedStatement p = c.prepareStatement(
                        "INSERT INTO schema_version (version, resource) VALUES (?, ?)")) {
                    p.setInt(1, m.version());
                    p.setString(2, m.resource());
                    p.executeUpdate();
                }
                applied.add(m.version());
            }
            return applied;
        });
    }

    /** The highest applied version, 0 for an empty database. */
    public int currentVersion(Database db) {
        return db.inTransaction(c -> {
            try (ResultSet r = c.getMetaData().getTables(null, null, "SCHEMA_VERSION", null)) {
                return r.next() ? currentVersion(c) : 0;
            }
        });
    }

    private static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            r.next();
            return r.getInt(1);
        }
    }

    List<Migration> load() {
        List<Migration> list = new ArrayList<>();
        int previous = 0;
        for (String line : read("index.txt").split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] parts = l.split("\\s+");
            int version = Integer.parseInt(parts[0]);
            if (version <= previous) {
                throw new IllegalStateException("migration versions must increase: " + version + " after " + previous);
            }
            previous = version;
            list.add(new Migration(version, parts[1], statements(read(parts[1]))));
        }
        return list;
    }

    /** Splits a script on {@code ;} at the end of a line; lines starting with {@code --} are comments. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            if (line.strip().startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (line.stripTrailing().endsWith(";")) {
                String sql = current.toString().strip();
                out.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    private String read(String name) {
        String path = directory + "/" + name;
        try (InputStream in = MigrationRunner.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("migration resource " + path + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
