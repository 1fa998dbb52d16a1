/**
 * Starting and confining processes: the {@link dev.lamina.sandbox.Sandbox} interface and its implementations.
 * This module knows nothing of Lambda; {@code lamina-environment} uses it and never touches
 * {@code ProcessBuilder}, cgroups or signals directly.
 *
 * <p>Two levels. {@link dev.lamina.sandbox.Sandbox#start} runs one stand-alone process. A
 * {@link dev.lamina.sandbox.SandboxSession} ({@link dev.lamina.sandbox.Sandbox#open}) is the confinement all
 * processes of one execution environment share, as on Lambda: one filesystem view with the task root at
 * {@code /var/task}, layers at {@code /opt}, a private {@code /tmp}; one pid namespace; one cgroup with memory,
 * CPU and pids limits, the freezer, peak memory and OOM-kill accounting. {@code BubblewrapSandbox} gives all of it
 * through bubblewrap and {@code nsenter}; {@link dev.lamina.sandbox.PlainProcessSandbox} gives host paths, a
 * private {@code TMPDIR} and the cgroup. {@link dev.lamina.sandbox.Sandboxes#detect()} picks the best one; cgroups
 * (v1 or v2) are detected underneath and their absence degrades to procfs and SIGSTOP with one log line.
 */
package dev.lamina.sandbox;
