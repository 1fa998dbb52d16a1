package dev.lamina.protocol.extensions;

/** Why an environment shuts down (contract §2, §4.3); lowercase on the wire, as RIE sends it. */
public enum ShutdownReason {
    /** The environment is retired ({@code close()}). */
    SPINDOWN("spindown"),
    /** A reset after a function or init timeout. */
    TIMEOUT("timeout"),
    /** A reset after a crash or another failure. */
    FAILURE("failure");

    private final String wire;

    ShutdownReason(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
