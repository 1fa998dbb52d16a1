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

    /**
     * The kernel's OOM killer ended the process (SIGKILL) because its sandbox session went past its memory limit.
     * Lambda reports this as {@code Runtime.OutOfMemory}; the wording after "signal: " stays "killed".
     */
    record OomKilled() implements ProcessExit {
        /** Go's wording for the signal, as for {@link Signaled}: "killed". */
        public String description() {
            return Signal.KILL.description();
        }
    }
}
