package dev.lamina.environment.telemetry;

/** The function's {@code LoggingConfig.LogFormat}: with {@code JSON}, JSON log lines become JSON records (§3.3). */
public enum LogFormat {
    TEXT, JSON
}
