/**
 * Invoke dispatch on Lambda's scaling model. {@link dev.lamina.service.invoke.InvokeService} turns an
 * {@link dev.lamina.service.invoke.InvokeFunction} command into an {@link dev.lamina.service.invoke.InvokeOutcome};
 * {@link dev.lamina.service.invoke.EnvironmentPool} keeps a pool of execution environments per function revision
 * (created through the injected {@link dev.lamina.environment.EnvironmentFactory}): an invoke takes the most recently
 * used idle environment or starts a new one (bounded by start slots), each environment serves one invoke at a time
 * until that invoke's log completes, admission follows the account limit and reserved concurrency (429 otherwise),
 * idle environments spin down after the idle timeout, and a function's update or deletion retires its environments
 * (closed once free). {@link dev.lamina.service.invoke.PoolStats} is the pool's read-only snapshot. See
 * {@code docs/scaling.md}.
 *
 * <p>Threads: invokes run on virtual threads, never on a Netty event loop; the pool decides under one lock and
 * creates and closes environments outside it, closing on virtual threads in parallel.
 */
package dev.lamina.service.invoke;
