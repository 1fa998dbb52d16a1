/**
 * Starting and confining processes: the {@link dev.lamina.sandbox.Sandbox} interface and its implementations.
 * This module knows nothing of Lambda; {@code lamina-environment} uses it and never touches
 * {@code ProcessBuilder}, cgroups or signals directly.
 */
package dev.lamina.sandbox;
