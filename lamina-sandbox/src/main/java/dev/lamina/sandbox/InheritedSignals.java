package dev.lamina.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Signals that whatever started the JVM left ignored ({@code nohup} ignores SIGHUP, a background job of a
 * non-interactive shell SIGINT and SIGQUIT). An ignored signal stays ignored across {@code fork} and {@code exec},
 * so a plain process would inherit it, where on Lambda every process starts with the default dispositions. When
 * the JVM has any ignored beyond glibc's own two (32 and 33), plain processes start behind
 * {@code env --default-signal}; otherwise they pay nothing. (Bubblewrap sessions always reset them, D75.)
 */
final class InheritedSignals {
    private static final long GLIBC_OWN = 0x180000000L;
    private static final List<String> PREFIX = ignoredAtStart(Path.of("/proc/self/status"))
            ? List.of("/usr/bin/env", "--default-signal") : List.of();

    private InheritedSignals() {}

    /** The words to put before a plain process's command: none, or {@code env --default-signal}. */
    static List<String> resetPrefix() {
        return PREFIX;
    }

    static boolean ignoredAtStart(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("SigIgn:")) {
                    return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16) & ~GLIBC_OWN) != 0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return false; // no procfs: nothing known to reset
        }
        return false;
    }
}
