package dev.lamina.service.runtime;

import dev.lamina.service.core.LaminaException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The runtimes Lamina supports and, for the managed Java ones, the runtime directory installed at start. Every
 * runtime name a command carries goes through {@link #resolve}.
 */
public final class RuntimeCatalog {

    /** The OS-only runtimes: the function brings its own {@code bootstrap}. */
    public static final List<String> PROVIDED = List.of("provided", "provided.al2", "provided.al2023");
    /** The managed Java runtimes and the JDK feature release each needs at least. */
    public static final Map<String, Integer> JAVA = Map.of("java17", 17, "java21", 21, "java25", 25);

    private final Map<String, ManagedRuntime> installed;

    /** A managed runtime as installed: its directory, or why it could not be installed. */
    record ManagedRuntime(String name, Optional<Path> dir, String problem) {}

    RuntimeCatalog(Map<String, ManagedRuntime> installed) {
        this.installed = Map.copyOf(installed);
    }

    /** Every supported runtime name, sorted. */
    public static List<String> supported() {
        TreeMap<String, Boolean> names = new TreeMap<>();
        PROVIDED.forEach(n -> names.put(n, true));
        JAVA.keySet().forEach(n -> names.put(n, true));
        return List.copyOf(names.keySet());
    }

    /**
     * Resolves a runtime name.
     *
     * @throws LaminaException InvalidParameterValueException for an unsupported runtime, or a Java runtime with no JDK
     *                         at or above its version on this machine
     */
    public ResolvedRuntime resolve(String runtime) {
        if (PROVIDED.contains(runtime)) {
            return new ResolvedRuntime(runtime, null, null);
        }
        ManagedRuntime managed = installed.get(runtime);
        if (managed == null) {
            throw LaminaException.invalidParameter("The runtime parameter of " + runtime
                    + " is not supported by Lamina. Supported runtimes: " + String.join(", ", supported()) + ".");
        }
        Path dir = managed.dir().orElseThrow(() -> LaminaException.invalidParameter(
                "The runtime " + runtime + " is not available on this Lamina: " + managed.problem()));
        return new ResolvedRuntime(runtime, dir, "AWS_Lambda_" + runtime);
    }
}
