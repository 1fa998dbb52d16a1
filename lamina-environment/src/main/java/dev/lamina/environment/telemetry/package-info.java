/**
 * Lambda's Logs API (2020-08-15) and Telemetry API (2022-07-01) for one environment (contract §3), and the typed
 * platform event stream they are fed from (style P10).
 *
 * <ul>
 *   <li>{@link dev.lamina.environment.telemetry.PlatformEvent}: one record per platform event and log line; the
 *       environment emits each once to a {@link dev.lamina.environment.telemetry.PlatformEventListener}
 *       (composable with {@code plus}).</li>
 *   <li>{@link dev.lamina.environment.telemetry.TelemetryHub}: the Netty-free core. It validates subscribe
 *       requests ({@link dev.lamina.environment.telemetry.SubscribeOutcome}), keeps the events of the current init
 *       for replay, routes events by category, and renders them per subscriber's schema version.</li>
 *   <li>Delivery: one bounded {@code DeliveryQueue} and one sender virtual thread per subscriber; batches go out
 *       as a JSON array by HTTP POST or as NDJSON over TCP. A slow or failing subscriber loses records (reported
 *       to it by {@code platform.logsDropped}); it never slows the function.</li>
 * </ul>
 *
 * See {@code docs/telemetry.md} for the whole path, its buffers and limits.
 */
package dev.lamina.environment.telemetry;
