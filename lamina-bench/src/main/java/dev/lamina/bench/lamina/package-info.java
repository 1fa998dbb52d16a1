/** Starting the Lamina under test in-process, wired exactly as {@code lamina serve} wires it. */
package dev.lamina.bench.lamina;
