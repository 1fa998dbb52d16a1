package dev.lamina.service.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.service.core.LayerRegistry;
import dev.lamina.service.core.LayerVersionRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

/** {@link LayerRegistry} on the H2 {@link Database}; lists are stored as JSON text. */
public final class JdbcLayerRegistry implements LayerRegistry {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> LIST = new TypeReference<>() {};
    private static final String COLUMNS = "name, version, description, created_ms, compatible_runtimes_json, "
            + "compatible_architectures_json, license_info, code_sha256_hex, code_size, unzipped_size";

    private final Database db;

    public JdbcLayerRegistry(Database db) {
        this.db = db;
    }

    @Override
    public LayerVersionRecord publish(String name, LongFunction<LayerVersionRecord> withVersion) {
        return db.inTransaction(c -> {
            long version = lastVersion(c, name) + 1;
            try (PreparedStatement p = c.prepareStatement(version == 1
                    ? "INSERT INTO layers (last_version, name) VALUES (?, ?)"
                    : "UPDATE layers SET last_version = ? WHERE name = ?")) {
                p.setLong(1, version);
                p.setString(2, name);
                p.executeUpdate();
            }
            LayerVersionRecord v = withVersion.apply(version);
            if (!v.name().equals(name) || v.version() != version) {
                throw new IllegalStateException("publish of " + name + ":" + version + " made " + v);
            }
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO layer_versions (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                bind(p, v);
                p.executeUpdate();
            }
            return v;
        });
    }

    @Override
    public Optional<LayerVersionRecord> find(String name, long version) {
        return db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM layer_versions WHERE name = ? AND version = ?")) {
                p.setString(1, name);
                p.setLong(2, version);
                List<LayerVersionRecord> found = readAll(p);
                return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
            }
        });
    }

    @Override
    public boolean delete(String name, long version) {
        return db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM layer_versions WHERE name = ? AND version = ?")) {
                p.setString(1, name);
                p.setLong(2, version);
                return p.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<LayerVersionRecord> versions(String name) {
        return db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM layer_versions WHERE name = ? ORDER BY version DESC")) {
                p.setString(1, name);
                return readAll(p);
            }
        });
    }

    @Override
    public List<LayerVersionRecord> versionsOfLayersAfter(String afterName) {
        return db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM layer_versions WHERE name > ? ORDER BY name, version DESC")) {
                p.setString(1, afterName == null ? "" : afterName);
                return readAll(p);
            }
        });
    }

    private static long lastVersion(Connection c, String name) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT last_version FROM layers WHERE name = ?")) {
            p.setString(1, name);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        }
    }

    private static void bind(PreparedStatement p, LayerVersionRecord v) throws SQLException {
        p.setString(1, v.name());
        p.setLong(2, v.version());
        p.setString(3, v.description());
        p.setLong(4, v.created().toEpochMilli());
        p.setString(5, toJson(v.compatibleRuntimes()));
        p.setString(6, toJson(v.compatibleArchitectures()));
        if (v.licenseInfo() == null) {
            p.setNull(7, Types.VARCHAR);
        } else {
            p.setString(7, v.licenseInfo());
        }
        p.setString(8, v.codeSha256Hex());
        p.setLong(9, v.codeSize());
        p.setLong(10, v.unzippedSize());
    }

    private static List<LayerVersionRecord> readAll(PreparedStatement p) throws SQLException {
        List<LayerVersionRecord> out = new ArrayList<>();
        try (ResultSet r = p.executeQuery()) {
            while (r.next()) {
                out.add(new LayerVersionRecord(r.getString(1), r.getLong(2), r.getString(3),
                        Instant.ofEpochMilli(r.getLong(4)), fromJson(r.getString(5)), fromJson(r.getString(6)),
                        r.getString(7), r.getString(8), r.getLong(9), r.getLong(10)));
            }
        }
        return out;
    }

    private static String toJson(List<String> list) {
        try {
            return JSON.writeValueAsString(list);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string list always serialises", e);
        }
    }

    private static List<String> fromJson(String text) throws SQLException {
        try {
            return JSON.readValue(text, LIST);
        } catch (JsonProcessingException e) {
            throw new SQLException("corrupt JSON column: " + text, e);
        }
    }
}
