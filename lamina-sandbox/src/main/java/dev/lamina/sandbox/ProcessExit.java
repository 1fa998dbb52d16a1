package dev.lamina.sandbox;

/** How a process ended. */
public sealed interface ProcessExit {

    /** The process called exit with this status. */
    record Exited(int code) implements ProcessExit {}

    /**
     * The process was ended by a signal.
     *
     * @param number the Linux signal number
     */
    record Signaled(int number) implements ProcessExit {
        /** Go's wording, as Lambda prints it after "signal: " (e.g. "killed" for 9). */
        public String description() {
            Signal known = Signal.ofNumber(number);
            return known != null ? known.description() : "signal " + number;
        }
    }
}
