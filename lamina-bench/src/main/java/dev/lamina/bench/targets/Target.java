package dev.lamina.bench.targets;

import dev.lamina.bench.runtime.BenchFunction;
import java.net.InetSocketAddress;

/** Something that serves Lambda Invokes: Lamina, or the floor. */
public interface Target extends AutoCloseable {

    /** {@code lamina} or {@code floor}. */
    String name();

    /** Where Invokes go. */
    InetSocketAddress invokeAddress();

    /** Execution environments alive, over all functions (the floor: runtime processes). */
    int environments();

    /**
     * Environments still busy with an invoke whose caller already has its answer (Lamina: END/REPORT and the
     * extensions' next {@code event/next} still to come). The floor has no work after the response: 0.
     */
    default int busyEnvironments() {
        return 0;
    }

    /** Deploys a function; its runtime starts on the first invoke. */
    void deploy(BenchFunction function) throws Exception;

    /**
     * Publishes {@code layerFiles} as a layer and deploys a function using it (its extensions run from {@code /opt}).
     * Only Lamina can: the floor runs no extensions.
     */
    default void deployWithLayer(BenchFunction function, java.util.Map<String, byte[]> layerFiles) throws Exception {
        throw new UnsupportedOperationException(name() + " has no layers");
    }

    /** Makes the function's next invoke run in a new environment (a cold start); its idle environments go. */
    void recycle(String functionName) throws Exception;

    @Override
    void close();
}
