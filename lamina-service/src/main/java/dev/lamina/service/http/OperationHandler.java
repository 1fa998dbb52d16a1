package dev.lamina.service.http;

/** Serves one operation: reads the request into a command, calls the core once, renders the result. */
@FunctionalInterface
interface OperationHandler {

    /** @param route the matched operation and its decoded path parameters */
    ApiResponse handle(ApiRequest request, Route route);
}
