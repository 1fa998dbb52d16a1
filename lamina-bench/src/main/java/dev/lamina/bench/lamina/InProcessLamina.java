package dev.lamina.bench.lamina;

import dev.lamina.bench.target.LaminaTarget;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Path;

/** Starts a whole Lamina in this JVM, exactly as {@code lamina serve} does (through {@code LaminaApp}). */
public final class InProcessLamina {
    private InProcessLamina() {}

    public static LaminaTarget start(Path dataDir, Path javaRuntimeLib, Path workDir) throws Exception {
        Class<?> appClass = Class.forName("dev.lamina.cli.LaminaApp");
        Class<?> optionsClass = Class.forName("dev.lamina.cli.LaminaApp$Options");
        Object options = optionsClass.getConstructors()[0].newInstance(dataDir, "127.0.0.1", 0, "us-east-1",
                "000000000000", javaRuntimeLib);
        Method start = appClass.getMethod("start", optionsClass);
        AutoCloseable app = (AutoCloseable) start.invoke(null, options);
        URI endpoint = (URI) appClass.getMethod("endpoint").invoke(app);
        return new LaminaTarget(endpoint, app, workDir);
    }
}
