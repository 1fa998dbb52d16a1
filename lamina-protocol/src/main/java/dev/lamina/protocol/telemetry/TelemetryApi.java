package dev.lamina.protocol.telemetry;

import java.util.Set;

/** Paths, headers, hosts and buffering limits of the Logs and Telemetry APIs (contract §3.1, §3.2). */
public final class TelemetryApi {
    private TelemetryApi() {}

    /** {@code PUT} here subscribes to the Logs API. */
    public static final String LOGS_PATH = "/2020-08-15/logs";
    /** {@code PUT} here subscribes to the Telemetry API. */
    public static final String TELEMETRY_PATH = "/2022-07-01/telemetry";

    /** The subscribing extension's id, as returned by {@code /extension/register}. */
    public static final String HEADER_EXTENSION_ID = "Lambda-Extension-Identifier";
    /** Set on every HTTP delivery: base64(SHA-256(body)) (RIE-LMI, undocumented). */
    public static final String HEADER_SEQUENCE_ID = "Sequence-Id";

    /** The host names a subscriber's HTTP destination may use; both resolve to the environment's address. */
    public static final Set<String> SANDBOX_HOSTS = Set.of("sandbox.localdomain", "sandbox");

    public static final String PROTOCOL_HTTP = "HTTP";
    public static final String PROTOCOL_TCP = "TCP";

    /** The body of a successful subscribe (a JSON string). */
    public static final String OK_BODY = "\"OK\"";

    public static final int TIMEOUT_MS_DEFAULT = 1_000;
    public static final int TIMEOUT_MS_MIN = 25;
    public static final int TIMEOUT_MS_MAX = 30_000;
    public static final int MAX_BYTES_DEFAULT = 262_144;
    public static final int MAX_BYTES_MIN = 262_144;
    public static final int MAX_BYTES_MAX = 1_048_576;
    public static final int MAX_ITEMS_DEFAULT = 10_000;
    public static final int MAX_ITEMS_MIN = 1_000;
    public static final int MAX_ITEMS_MAX = 10_000;

    /** Event categories a subscriber can ask for in {@code types}. */
    public static final String TYPE_PLATFORM = "platform";
    public static final String TYPE_FUNCTION = "function";
    public static final String TYPE_EXTENSION = "extension";
}
