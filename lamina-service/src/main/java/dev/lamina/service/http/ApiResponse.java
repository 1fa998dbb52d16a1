package dev.lamina.service.http;

import java.util.LinkedHashMap;
import java.util.Map;

/** One HTTP response, before Netty. {@code headers} holds everything but Content-Length and the request id. */
record ApiResponse(int status, Map<String, String> headers, byte[] body) {

    static final String JSON = "application/json";

    static ApiResponse json(int status, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", JSON);
        return new ApiResponse(status, headers, body);
    }

    static ApiResponse empty(int status) {
        return new ApiResponse(status, new LinkedHashMap<>(), new byte[0]);
    }

    ApiResponse withBody(byte[] newBody) {
        return new ApiResponse(status, headers, newBody);
    }

    ApiResponse with(String header, String value) {
        headers.put(header, value);
        return this;
    }
}
