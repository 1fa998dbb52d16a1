package dev.lamina.sandbox;

/** The signals Lamina sends, with their Linux numbers. */
public enum Signal {
    INT(2, "interrupt"), KILL(9, "killed"), TERM(15, "terminated"), CONT(18, "continued"), STOP(19, "stopped");

    private final int number;
    private final String description;

    Signal(int number, String description) {
        this.number = number;
        this.description = description;
    }

    public int number() {
        return number;
    }

    /** Go's wording, as Lambda prints it after "signal: " (e.g. "killed"). */
    public String description() {
        return description;
    }

    public static Signal ofNumber(int n) {
        for (Signal s : values()) {
            if (s.number == n) {
                return s;
            }
        }
        return null;
    }
}
