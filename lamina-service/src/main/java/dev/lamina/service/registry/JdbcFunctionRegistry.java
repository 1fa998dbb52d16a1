package dev.lamina.service.registry;

import dev.lamina.protocol.control.LoggingConfig;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.service.core.AttachedLayer;
import dev.lamina.service.core.FunctionRecord;
import dev.lamina.service.core.FunctionRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@link FunctionRegistry} on the H2 {@link Database}; maps and the layer list are stored as JSON text. */
public final class JdbcFunctionRegistry implements FunctionRegistry {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> MAP = new TypeReference<>() {};
    private static final TypeReference<List<AttachedLayer>> LAYERS = new TypeReference<>() {};
    private static final String COLUMNS = "name, runtime, role, handler, description, timeout_seconds, memory_mb, "
            + "ephemeral_mb, architecture, environment_json, code_sha256_hex, code_size, last_modified_ms, "
            + "revision_id, tags_json, layers_json, logging_json";

    private final Database db;

    public JdbcFunctionRegistry(Database db) {
        this.db = db;
    }

    @Override
    public Optional<FunctionRecord> find(String name) {
        return db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM functions WHERE name = ?")) {
                p.setString(1, name);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(read(r)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean insert(FunctionRecord f) {
        return db.inTransaction(c -> {
            if (exists(c, f.name())) {
                return false;
            }
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO functions (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                bind(p, f);
                return p.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean replace(FunctionRecord f, String expectedRevisionId) {
        return db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE functions SET name = ?, runtime = ?, role = ?, "
                    + "handler = ?, description = ?, timeout_seconds = ?, memory_mb = ?, ephemeral_mb = ?, "
                    + "architecture = ?, environment_json = ?, code_sha256_hex = ?, code_size = ?, "
                    + "last_modified_ms = ?, revision_id = ?, tags_json = ?, layers_json = ?, logging_json = ? WHERE name = ? AND revision_id = ?")) {
                bind(p, f);
                p.setString(18, f.name());
                p.setString(19, expectedRevisionId);
                return p.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean delete(String name) {
        return db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM functions WHERE name = ?")) {
                p.setString(1, name);
                return p.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<FunctionRecord> list(String afterName, int limit) {
        return db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM functions WHERE name > ? ORDER BY name LIMIT ?")) {
                p.setString(1, afterName == null ? "" : afterName);
                p.setInt(2, limit);
                List<FunctionRecord> out = new ArrayList<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(read(r));
                    }
                }
                return out;
            }
        });
    }

    private static boolean exists(Connection c, String name) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM functions WHERE name = ?")) {
            p.setString(1, name);
            try (ResultSet r = p.executeQuery()) {
                return r.next();
            }
        }
    }

    private static void bind(PreparedStatement p, FunctionRecord f) throws SQLException {
        p.setString(1, f.name());
        p.setString(2, f.runtime());
        p.setString(3, f.role());
        p.setString(4, f.handler());
        p.setString(5, f.description());
        p.setInt(6, f.timeoutSeconds());
        p.setInt(7, f.memoryMb());
        p.setInt(8, f.ephemeralStorageMb());
        p.setString(9, f.architecture());
        p.setString(10, toJson(f.environment()));
        p.setString(11, f.codeSha256Hex());
        p.setLong(12, f.codeSize());
        p.setLong(13, f.lastModified().toEpochMilli());
        p.setString(14, f.revisionId());
        p.setString(15, toJson(f.tags()));
        p.setString(16, layersToJson(f.layers()));
        try {
            p.setString(17, JSON.writeValueAsString(f.loggingConfig()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a LoggingConfig always serialises", e);
        }
    }

    private static FunctionRecord read(ResultSet r) throws SQLException {
        return new FunctionRecord(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                r.getInt(6), r.getInt(7), r.getInt(8), r.getString(9), fromJson(r.getString(10)), r.getString(11),
                r.getLong(12), Instant.ofEpochMilli(r.getLong(13)), r.getString(14), fromJson(r.getString(15)),
                layersFromJson(r.getString(16)), loggingFromJson(r.getString(17)));
    }

    private static LoggingConfig loggingFromJson(String json) {
        if (json == null) {
            return null; // stored before V4: the default
        }
        try {
            return JSON.readValue(json, LoggingConfig.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt logging_json: " + json, e);
        }
    }

    private static String toJson(Map<String, String> map) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(map));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string map always serialises", e);
        }
    }

    private static String layersToJson(List<AttachedLayer> layers) {
        try {
            return JSON.writeValueAsString(layers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a layer list always serialises", e);
        }
    }

    private static List<AttachedLayer> layersFromJson(String text) throws SQLException {
        try {
            return JSON.readValue(text, LAYERS);
        } catch (JsonProcessingException e) {
            throw new SQLException("corrupt JSON column: " + text, e);
        }
    }

    private static Map<String, String> fromJson(String text) throws SQLException {
        try {
            return JSON.readValue(text, MAP);
        } catch (JsonProcessingException e) {
            throw new SQLException("corrupt JSON column: " + text, e);
        }
    }
}
