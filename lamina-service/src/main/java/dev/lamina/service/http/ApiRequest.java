package dev.lamina.service.http;

import java.util.List;
import java.util.Map;

/**
 * One HTTP request, copied off Netty.
 *
 * @param path      the decoded-later raw path, without the query
 * @param query     query parameters
 * @param headers   headers, case-insensitive keys (first value)
 * @param requestId the {@code x-amzn-RequestId} Lamina gave this request
 * @param baseUrl   {@code http://<Host header>} as the client reached this server
 */
record ApiRequest(
        String method,
        String path,
        Map<String, List<String>> query,
        Map<String, String> headers,
        byte[] body,
        String requestId,
        String baseUrl) {

    String header(String name) {
        return headers.get(name);
    }

    String queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }
}
