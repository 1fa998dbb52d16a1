package dev.lamina.protocol.telemetry;

import java.util.Arrays;
import java.util.Optional;

/**
 * The {@code schemaVersion} of a subscription (contract §3.1). The first two belong to the Logs API (old record
 * shapes of §3.4), the others to the Telemetry API (§3.3).
 */
public enum SchemaVersion {
    /** Logs API default. */
    V2020_08_15("2020-08-15", true),
    /** Logs API; adds {@code platform.runtimeDone}. */
    V2021_03_18("2021-03-18", true),
    V2022_07_01("2022-07-01", false),
    /** Adds JSON {@code function}/{@code extension} records under the JSON log format. */
    V2022_12_13("2022-12-13", false),
    /** Needed for Managed Instances ({@code instanceId}, {@code instanceMaxMemory}); backward compatible. */
    V2025_01_29("2025-01-29", false);

    private final String wire;
    private final boolean logsApi;

    SchemaVersion(String wire, boolean logsApi) {
        this.wire = wire;
        this.logsApi = logsApi;
    }

    public String wire() {
        return wire;
    }

    /** True for the Logs API versions (old record shapes). */
    public boolean logsApi() {
        return logsApi;
    }

    /** True when this version is {@code other} or newer. */
    public boolean atLeast(SchemaVersion other) {
        return compareTo(other) >= 0;
    }

    public static Optional<SchemaVersion> fromWire(String wire) {
        return Arrays.stream(values()).filter(v -> v.wire.equals(wire)).findFirst();
    }

    @Override
    public String toString() {
        return wire;
    }
}
