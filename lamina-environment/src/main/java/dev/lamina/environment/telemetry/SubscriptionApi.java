package dev.lamina.environment.telemetry;

import dev.lamina.protocol.ErrorType;
import dev.lamina.protocol.telemetry.SchemaVersion;
import dev.lamina.protocol.telemetry.TelemetryApi;

/** The two subscription APIs of contract §3: same request, different versions, error types and records. */
public enum SubscriptionApi {
    /** {@code PUT /2020-08-15/logs}. */
    LOGS(TelemetryApi.LOGS_PATH, ErrorType.LOGS_VALIDATION_ERROR, ErrorType.LOGS_SUBSCRIPTION_CLOSED,
            "Logs API subscription is closed already"),
    /** {@code PUT /2022-07-01/telemetry}. */
    TELEMETRY(TelemetryApi.TELEMETRY_PATH, ErrorType.TELEMETRY_VALIDATION_ERROR,
            ErrorType.TELEMETRY_SUBSCRIPTION_CLOSED, "Telemetry API subscription is closed");

    private final String path;
    private final ErrorType validationError;
    private final ErrorType closedError;
    private final String closedMessage;

    SubscriptionApi(String path, ErrorType validationError, ErrorType closedError, String closedMessage) {
        this.path = path;
        this.validationError = validationError;
        this.closedError = closedError;
        this.closedMessage = closedMessage;
    }

    /** The path a subscriber {@code PUT}s to. */
    public String path() {
        return path;
    }

    /** 400: the request is invalid. */
    public ErrorType validationError() {
        return validationError;
    }

    /** 403: subscriptions are closed (init is over). */
    public ErrorType closedError() {
        return closedError;
    }

    String closedMessage() {
        return closedMessage;
    }

    /** Whether {@code version} belongs to this API. */
    boolean accepts(SchemaVersion version) {
        return version.logsApi() == (this == LOGS);
    }

    public String displayName() {
        return this == LOGS ? "Logs API" : "Telemetry API";
    }
}
