package dev.lamina.service.http;

import dev.lamina.service.core.FunctionRef;
import dev.lamina.service.core.Identity;

/** Reads the function a request names from its path segment and {@code Qualifier} query parameter. */
final class FunctionRefs {

    private final Identity identity;

    FunctionRefs(Identity identity) {
        this.identity = identity;
    }

    FunctionRef of(ApiRequest request, String functionName) {
        return FunctionRef.parse(functionName, request.queryParam("Qualifier"), identity.region(), identity.accountId());
    }
}
