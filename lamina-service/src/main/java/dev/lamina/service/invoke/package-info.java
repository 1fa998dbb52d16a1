/**
 * Invoke dispatch. {@link dev.lamina.service.invoke.InvokeService} turns an
 * {@link dev.lamina.service.invoke.InvokeFunction} command into an
 * {@link dev.lamina.service.invoke.InvokeOutcome}; {@link dev.lamina.service.invoke.InvokeDispatcher} keeps one
 * execution environment per function (created lazily through the injected
 * {@link dev.lamina.environment.EnvironmentFactory}) and lets one invoke at a time use it: an invoke holds the
 * function's turn until its result's log completes (the environment is free again), and a waiting invoke gives up
 * with 429 after the function timeout plus a margin. Environments are retired (closed once idle) when the function
 * changes or is deleted, and all are closed when the dispatcher is.
 *
 * <p>Threads: invokes run on virtual threads, never on a Netty event loop; environments are closed on virtual
 * threads too.
 */
package dev.lamina.service.invoke;
