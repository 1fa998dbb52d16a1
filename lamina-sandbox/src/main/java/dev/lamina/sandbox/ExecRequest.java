package dev.lamina.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What to start.
 *
 * @param name        a label for logs and thread names (e.g. {@code runtime}, an extension's name)
 * @param command     the program and its arguments
 * @param workingDir  the working directory
 * @param environment the complete environment of the process (nothing is inherited)
 */
public record ExecRequest(String name, List<String> command, Path workingDir, Map<String, String> environment) {
    public ExecRequest {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }
}
