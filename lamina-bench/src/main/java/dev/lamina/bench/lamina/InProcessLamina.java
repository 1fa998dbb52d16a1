package dev.lamina.bench.lamina;

import dev.lamina.bench.targets.LaminaTarget;
import dev.lamina.cli.LaminaApp;
import java.nio.file.Path;

/** Starts a whole Lamina in this JVM, exactly as {@code lamina serve} does (through {@link LaminaApp}). */
public final class InProcessLamina {
    private InProcessLamina() {}

    public static LaminaTarget start(Path dataDir, Path javaRuntimeLib, Path workDir) throws InterruptedException {
        LaminaApp app = LaminaApp.start(new LaminaApp.Options(dataDir, "127.0.0.1", 0, "us-east-1", "000000000000",
                javaRuntimeLib));
        return new LaminaTarget(app.endpoint(), app, () -> app.poolStats().environments(), workDir);
    }
}
