package dev.lamina.environment.runtimeapi;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;

/**
 * One aggregated HTTP request at the edge (transport type; never passed to the core).
 *
 * @param bodyBytes the body size as read, or as declared when the body was refused up front
 * @param tooLarge  the body exceeded the limit and was discarded ({@code body} is then empty)
 * @param keepAlive false when the connection must be closed after the answer (client sent
 *                  {@code Connection: close}, HTTP/1.0, or the body could not be consumed)
 */
record ApiRequest(
        HttpMethod method,
        String path,
        HttpHeaders headers,
        byte[] body,
        HttpHeaders trailers,
        long bodyBytes,
        boolean tooLarge,
        boolean keepAlive) {

    String header(String name) {
        String value = headers.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
