/**
 * The benchmark functions and runtimes: the minimal keep-alive runtime ({@link
 * dev.lamina.bench.runtime.KeepAliveRuntime}, one class, one HTTP/1.1 connection), a {@code java21} handler for the
 * real runtime interface client, and a curl-driven shell {@code bootstrap} for cold starts.
 */
package dev.lamina.bench.runtime;
