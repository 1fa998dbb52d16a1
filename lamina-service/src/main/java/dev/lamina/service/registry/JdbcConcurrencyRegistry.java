package dev.lamina.service.registry;

import dev.lamina.service.core.ConcurrencyRegistry;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.TreeMap;

/** {@link ConcurrencyRegistry} on the H2 {@link Database}: table {@code function_concurrency}. */
public final class JdbcConcurrencyRegistry implements ConcurrencyRegistry {

    private final Database db;

    public JdbcConcurrencyRegistry(Database db) {
        this.db = db;
    }

    @Override
    public Map<String, Integer> all() {
        return db.inTransaction(c -> {
            Map<String, Integer> out = new TreeMap<>();
            try (PreparedStatement p = c.prepareStatement("SELECT name, reserved FROM function_concurrency");
                    ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.put(r.getString(1), r.getInt(2));
                }
            }
            return out;
        });
    }

    @Override
    public boolean put(String functionName, int reserved) {
        return db.inTransaction(c -> {
            try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM functions WHERE name = ?")) {
                exists.setString(1, functionName);
                try (ResultSet r = exists.executeQuery()) {
                    if (!r.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement p = c.prepareStatement(
                    "MERGE INTO function_concurrency (name, reserved) KEY (name) VALUES (?, ?)")) {
                p.setString(1, functionName);
                p.setInt(2, reserved);
                return p.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean delete(String functionName) {
        return db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM function_concurrency WHERE name = ?")) {
                p.setString(1, functionName);
                return p.executeUpdate() == 1;
            }
        });
    }
}
