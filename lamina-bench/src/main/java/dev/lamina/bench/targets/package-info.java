/**
 * What the benchmark drives: {@link dev.lamina.bench.targets.LaminaTarget} (a whole Lamina, through its public REST
 * API) and {@link dev.lamina.bench.targets.FloorTarget} (the physical floor), behind one
 * {@link dev.lamina.bench.targets.Target} interface so every scenario runs the same code against both.
 */
package dev.lamina.bench.targets;
