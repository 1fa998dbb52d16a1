/**
 * The JMH suite for hot-path pieces, so regressions show at the method level: {@code ./lamina bench jmh} (any JMH
 * option after it, e.g. {@code -l} to list, a regex to choose). Control-API routing and JSON live in
 * {@code dev.lamina.service.http.ControlApiBenchmarks} because those classes are package-private.
 */
package dev.lamina.bench.jmh;
