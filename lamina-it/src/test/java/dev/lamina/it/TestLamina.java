package dev.lamina.it;

import dev.lamina.cli.LaminaApp;
import dev.lamina.service.invoke.PoolSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/** A whole Lamina, started in-process on a free port exactly as {@code lamina serve} starts it. */
final class TestLamina implements AutoCloseable {
    private final LaminaApp app;

    private TestLamina(LaminaApp app) {
        this.app = app;
    }

    static TestLamina start(Path dataDir) {
        return start(dataDir, PoolSettings.defaults());
    }

    static TestLamina start(Path dataDir, PoolSettings pool) {
        return start(dataDir, pool, LaminaApp.Network.DEFAULT);
    }

    static TestLamina start(Path dataDir, PoolSettings pool, LaminaApp.Network network) {
        try {
            return new TestLamina(LaminaApp.start(new LaminaApp.Options(dataDir, "127.0.0.1", 0, "us-east-1",
                    "000000000000", javaRuntimeLib(), pool).withNetwork(network)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The directory with the Java runtime interface client's jars, laid out by lamina-cli's package phase. */
    static Path javaRuntimeLib() {
        Path dir = Path.of(System.getProperty("lamina.javaRuntimeLib", "../lamina-cli/target/lamina/runtimes/java/lib"));
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(dir + " is missing: run the tests with ./run-tests (mvn verify), which "
                    + "packages lamina-cli before lamina-it");
        }
        return dir.toAbsolutePath();
    }

    URI endpoint() {
        return app.endpoint();
    }

    /** What {@code lamina serve} prints after {@code Lamina network:}. */
    String networkKind() {
        return app.networkKind();
    }

    dev.lamina.service.invoke.PoolStats poolStats() {
        return app.poolStats();
    }

    @Override
    public void close() {
        app.close();
    }
}
