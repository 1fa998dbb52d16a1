/**
 * The benchmark scenarios. Each runs the same code against the floor and Lamina in the same run and reports Lamina's
 * figure, the floor's and their ratio: warm latency, throughput at c = 1, 8, 64, cold start, idle environments and
 * heap, and the extension slot. Catalogue: {@link dev.lamina.bench.scenario.Scenarios}.
 */
package dev.lamina.bench.scenario;
