package dev.lamina.bench.targets;

import dev.lamina.bench.floor.FloorServer;
import dev.lamina.bench.runtime.BenchFunction;
import dev.lamina.service.runtime.JdkLocator;
import dev.lamina.service.runtime.ManagedRuntimeInstaller;
import dev.lamina.service.runtime.RuntimeCatalog;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/** The floor as a {@link Target}; managed runtimes are laid out exactly as Lamina lays them out. */
public final class FloorTarget implements Target {

    private final String name;
    private final FloorServer server;
    private final InetSocketAddress address;

    private FloorTarget(String name, FloorServer server, InetSocketAddress address) {
        this.name = name;
        this.server = server;
        this.address = address;
    }

    /**
     * @param name           {@code floor}; another name for a second floor standing in for Lamina (A/A calibration)
     * @param javaRuntimeLib the runtime interface client's jars; null when Java functions are not benchmarked
     */
    public static FloorTarget start(String name, Path workDir, Path javaRuntimeLib) throws InterruptedException {
        RuntimeCatalog[] catalog = new RuntimeCatalog[1];
        FloorServer server = new FloorServer(workDir, () -> {
            synchronized (catalog) {
                if (catalog[0] == null) {
                    catalog[0] = new ManagedRuntimeInstaller(JdkLocator.system(), javaRuntimeLib)
                            .install(workDir.resolve("runtimes"));
                }
                return catalog[0];
            }
        });
        return new FloorTarget(name, server, server.start());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public InetSocketAddress invokeAddress() {
        return address;
    }

    @Override
    public int environments() {
        return server.runtimesAlive();
    }

    @Override
    public void deploy(BenchFunction function) throws InterruptedException {
        server.deploy(function);
    }

    @Override
    public void recycle(String functionName) {
        server.recycle(functionName);
    }

    @Override
    public void close() {
        server.close();
    }
}
