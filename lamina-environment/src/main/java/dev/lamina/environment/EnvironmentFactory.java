package dev.lamina.environment;

/**
 * Creates execution environments. The implementation holds what environments share (event loops, sandbox,
 * clock, log sink); the control plane's pool calls it once per environment it needs.
 */
@FunctionalInterface
public interface EnvironmentFactory {

    /** Creates an environment for the spec; it initialises lazily on its first invoke. */
    ExecutionEnvironment create(EnvironmentSpec spec);
}
