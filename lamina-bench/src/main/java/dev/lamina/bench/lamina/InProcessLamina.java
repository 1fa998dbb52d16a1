package dev.lamina.bench.lamina;

import dev.lamina.bench.targets.LaminaTarget;
import dev.lamina.cli.LaminaApp;
import java.nio.file.Path;
import java.util.List;

/** Starts a whole Lamina in this JVM, exactly as {@code lamina serve} does (through {@link LaminaApp}). */
public final class InProcessLamina {
    private InProcessLamina() {}

    /**
     * @param hostPorts host loopback ports the functions reach at {@code 127.0.0.1:<port>} in isolated environments,
     *                  as {@code lamina serve --host-port} forwards them
     */
    public static LaminaTarget start(Path dataDir, Path javaRuntimeLib, Path workDir, List<Integer> hostPorts)
            throws InterruptedException {
        LaminaApp app = LaminaApp.start(new LaminaApp.Options(dataDir, "127.0.0.1", 0, "us-east-1", "000000000000",
                javaRuntimeLib).withNetwork(new LaminaApp.Network(true, hostPorts)));
        return new LaminaTarget(app.endpoint(), app, app::poolStats, workDir);
    }
}
