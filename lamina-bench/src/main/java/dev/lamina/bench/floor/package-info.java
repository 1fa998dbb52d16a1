/**
 * The physical floor: a minimal Netty server doing only the HTTP exchanges of a Lambda invoke (caller's Invoke →
 * runtime's parked {@code next}; runtime's {@code response} → caller), with no Lamina logic, against which every
 * Lamina figure is measured in the same run. Public surface: {@link dev.lamina.bench.floor.FloorServer}.
 */
package dev.lamina.bench.floor;
