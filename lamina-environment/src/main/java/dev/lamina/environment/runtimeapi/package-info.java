/**
 * The Runtime API (contract §1) of one environment, split in two:
 *
 * <ul>
 *   <li>the core contract, free of Netty types: {@link dev.lamina.environment.runtimeapi.RuntimeApiCore} takes
 *       {@link dev.lamina.environment.runtimeapi.RuntimeCommand} values and answers with
 *       {@link dev.lamina.environment.runtimeapi.ApiOutcome} values through a callback;</li>
 *   <li>the transport: {@link dev.lamina.environment.runtimeapi.RuntimeApiServer} (Netty, 127.0.0.1:0), a bounded
 *       body aggregator, {@code RuntimeApiRoutes} and one thin handler per endpoint that parses and validates the
 *       request, calls the core once and renders the outcome.</li>
 * </ul>
 *
 * <p>Handlers run on Netty event loops and never block: a parked {@code GET next} is just a callback held by the
 * core, completed when an event is released.
 */
package dev.lamina.environment.runtimeapi;
