/**
 * The load generator: raw-socket keep-alive HTTP/1.1 callers ({@link dev.lamina.bench.load.HttpConnection}) in a
 * closed loop ({@link dev.lamina.bench.load.ClosedLoop}), identical against Lamina and the floor, and latency
 * percentiles ({@link dev.lamina.bench.load.Latencies}).
 */
package dev.lamina.bench.load;
