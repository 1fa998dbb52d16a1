package dev.lamina.service.http;

import dev.lamina.service.core.FunctionRef;
import dev.lamina.service.core.Identity;

/** Reads the function a request names from its path segment and {@code Qualifier} query parameter. */
final class FunctionRefs {

    private final Identity identity;

    FunctionRefs(Identity identity) {
        this.identity = identity;
    }

    FunctionRef of(ApiRequest request, Route route) {
        return FunctionRef.parse(route.functionName(), request.queryParam("Qualifier"), identity.region(),
                identity.accountId());
    }
}
