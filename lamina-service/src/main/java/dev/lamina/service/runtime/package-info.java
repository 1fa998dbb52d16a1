/**
 * Lambda runtimes Lamina supports. {@code provided}, {@code provided.al2} and {@code provided.al2023} run the
 * function's own {@code bootstrap}. The managed Java runtimes {@code java17}, {@code java21} and {@code java25} get a
 * runtime directory written at start ({@code <dataDir>/runtimes/<name>/}) whose {@code bootstrap} starts the AWS Java
 * runtime interface client on the closest installed JDK at or above the runtime's version
 * ({@link dev.lamina.service.runtime.JdkLocator}).
 */
package dev.lamina.service.runtime;
