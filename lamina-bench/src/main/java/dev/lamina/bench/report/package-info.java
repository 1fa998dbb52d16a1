/**
 * Results and their rendering: {@link dev.lamina.bench.report.Result} (Lamina's figure, the floor's, the ratio and a
 * goal), {@link dev.lamina.bench.report.RunInfo} (date, machine, JDK, commit) and
 * {@link dev.lamina.bench.report.Report} (one Markdown table, or JSON).
 */
package dev.lamina.bench.report;
