package dev.lamina.service.runtime;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds installed JDKs: every directory under the search roots (by default {@code /usr/lib/jvm}) with a
 * {@code release} file and an executable {@code bin/java}, plus the JDK running Lamina. Symbolic links to the same
 * JDK count once.
 */
public final class JdkLocator {

    private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"?([^\"\\s]+)\"?");

    private final List<Path> roots;
    private final List<Path> extraHomes;

    /** Scans {@code /usr/lib/jvm} and the current JVM's {@code java.home}. */
    public static JdkLocator system() {
        return new JdkLocator(List.of(Path.of("/usr/lib/jvm")), List.of(Path.of(System.getProperty("java.home"))));
    }

    public JdkLocator(List<Path> roots, List<Path> extraHomes) {
        this.roots = List.copyOf(roots);
        this.extraHomes = List.copyOf(extraHomes);
    }

    /** Every JDK found, by feature release then version. */
    public List<InstalledJdk> installed() {
        List<Path> candidates = new ArrayList<>(extraHomes);
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
                dirs.forEach(candidates::add);
            } catch (IOException e) {
                // an unreadable root holds no JDK we could use
            }
        }
        Map<Path, InstalledJdk> byRealHome = new LinkedHashMap<>();
        for (Path home : candidates) {
            read(home).ifPresent(jdk -> byRealHome.putIfAbsent(jdk.home(), jdk));
        }
        return byRealHome.values().stream()
                .sorted(Comparator.comparingInt(InstalledJdk::feature).thenComparing(InstalledJdk::version))
                .toList();
    }

    /** The closest JDK at or above {@code feature}: the lowest such feature release, its newest version. */
    public Optional<InstalledJdk> closestAtOrAbove(int feature) {
        List<InstalledJdk> all = installed();
        return all.stream()
                .filter(j -> j.feature() >= feature)
                .min(Comparator.comparingInt(InstalledJdk::feature))
                .flatMap(best -> all.stream().filter(j -> j.feature() == best.feature()).reduce((a, b) -> b));
    }

    static Optional<InstalledJdk> read(Path home) {
        try {
            Path release = home.resolve("release");
            if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin/java"))) {
                return Optional.empty();
            }
            Matcher m = JAVA_VERSION.matcher(Files.readString(release));
            if (!m.find()) {
                return Optional.empty();
            }
            int feature = InstalledJdk.featureOf(m.group(1));
            return feature < 0 ? Optional.empty() : Optional.of(new InstalledJdk(home.toRealPath(), m.group(1), feature));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
