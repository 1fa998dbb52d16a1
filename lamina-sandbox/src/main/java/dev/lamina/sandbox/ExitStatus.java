package dev.lamina.sandbox;

/** Maps Java's exit value to a {@link ProcessExit}: Java reports death by signal N as 128+N. */
final class ExitStatus {
    private ExitStatus() {}

    static ProcessExit of(int exitValue) {
        int signal = exitValue - 128;
        if (signal >= 1 && signal <= 64) {
            return new ProcessExit.Signaled(signal);
        }
        return new ProcessExit.Exited(exitValue);
    }
}
