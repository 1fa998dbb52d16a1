/**
 * Wire constants and records of the Logs API (2020-08-15) and the Telemetry API (2022-07-01), contract §3: the
 * subscribe request ({@link dev.lamina.protocol.telemetry.SubscribeRequest}), the schema versions, the buffering
 * limits, and the delivered envelope {@code {"time","type","record"}}
 * ({@link dev.lamina.protocol.telemetry.TelemetryEnvelope}). The records of each platform event are rendered by
 * {@code dev.lamina.environment.telemetry}; their golden JSON lives with that renderer.
 */
package dev.lamina.protocol.telemetry;
