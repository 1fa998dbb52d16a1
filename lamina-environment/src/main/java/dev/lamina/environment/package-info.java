/**
 * One execution environment: the lifecycle state machine (Init → Invoke* → Shutdown), the Runtime API endpoint of
 * that environment, and log capture. Public surface: {@link dev.lamina.environment.ExecutionEnvironment},
 * {@link dev.lamina.environment.EnvironmentSpec}, {@link dev.lamina.environment.Invocation},
 * {@link dev.lamina.environment.InvokeResult}, {@link dev.lamina.environment.LogSink} and the factory that builds
 * environments.
 */
package dev.lamina.environment;
