package dev.lamina.service.runtime;

import java.nio.file.Path;

/**
 * A JDK found on this machine.
 *
 * @param home    its real home directory
 * @param version its {@code JAVA_VERSION}, e.g. {@code 17.0.15}
 * @param feature the feature release, e.g. 17
 */
public record InstalledJdk(Path home, String version, int feature) {

    public Path javaExecutable() {
        return home.resolve("bin/java");
    }

    /**
     * The feature release of a {@code JAVA_VERSION} text: {@code 17.0.15} → 17, {@code 25} → 25, {@code 25-ea} → 25,
     * {@code 1.8.0_392} → 8; -1 when unreadable.
     */
    static int featureOf(String version) {
        String v = version.startsWith("1.") ? version.substring(2) : version;
        int end = 0;
        while (end < v.length() && Character.isDigit(v.charAt(end))) {
            end++;
        }
        return end == 0 ? -1 : Integer.parseInt(v.substring(0, end));
    }
}
