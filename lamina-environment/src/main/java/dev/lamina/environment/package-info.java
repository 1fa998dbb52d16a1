/**
 * One execution environment: the lifecycle state machine (Init → Invoke* → Shutdown), the Runtime API endpoint of
 * that environment, and log capture. Public surface: {@link dev.lamina.environment.ExecutionEnvironment},
 * {@link dev.lamina.environment.EnvironmentSpec}, {@link dev.lamina.environment.Invocation},
 * {@link dev.lamina.environment.InvokeResult}, {@link dev.lamina.environment.LogSink} and the factory that builds
 * environments, {@link dev.lamina.environment.LocalEnvironmentFactory}. Package-private: {@code LocalEnvironment}
 * (the lifecycle's coordinator, driven by one serial executor) and its collaborators on that executor
 * ({@code InitPhase}, {@code InvokePhase}, {@code RuntimeCommands}, {@code ExtensionCommands}, {@code IdleFreezer},
 * {@code OutputRouter}, {@code MemoryPeak}), {@code RuntimeStateMachine} with its sealed {@code RuntimeState}
 * and {@code RuntimeEvent} records, the platform log lines, the runtime's environment variables and the output
 * pumps; for extensions (contract §2–§4) {@code EnvironmentLifecycle}, {@code ExtensionStateMachine}, the
 * {@code ExtensionRegistry}, {@code HostPaths} (discovery), {@code ShutdownSequence} and the {@code Freezer}.
 * Lifecycle: docs/lifecycle.md. Thread rules: docs/architecture.md, "Threads and locks".
 */
package dev.lamina.environment;
