/**
 * The benchmark harness ({@code ./lamina bench}): starts Lamina in-process and the physical floor beside it, deploys
 * its own functions, runs the scenarios and prints one table (and JSON). Entry point:
 * {@link dev.lamina.bench.BenchMain}.
 */
package dev.lamina.bench;
