package dev.lamina.environment.telemetry;

/**
 * Log levels, in the order of the Java runtime's frames (contract §1.5: UNDEFINED..FATAL = 0..6) and of
 * {@code LoggingConfig.ApplicationLogLevel} / {@code SystemLogLevel}.
 */
public enum LogLevel {
    UNDEFINED, TRACE, DEBUG, INFO, WARN, ERROR, FATAL;

    /** The level with this frame number, or {@link #UNDEFINED} for an unknown one. */
    public static LogLevel ofFrame(int number) {
        return number >= 0 && number < values().length ? values()[number] : UNDEFINED;
    }

    /** {@code TRACE}…{@code FATAL} (any case); null for null or an unknown name. */
    public static LogLevel parse(String name) {
        if (name == null) {
            return null;
        }
        for (LogLevel l : values()) {
            if (l.name().equalsIgnoreCase(name.trim())) {
                return l;
            }
        }
        return null;
    }

    /**
     * Whether a record of this level passes a filter at {@code minimum} (null: no filter). An UNDEFINED record
     * always passes, as in the runtime's own filter.
     */
    public boolean passes(LogLevel minimum) {
        return minimum == null || this == UNDEFINED || ordinal() >= minimum.ordinal();
    }
}
