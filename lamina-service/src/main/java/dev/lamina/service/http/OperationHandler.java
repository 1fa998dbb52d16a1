package dev.lamina.service.http;

/** Serves one operation: reads the request into a command, calls the core once, renders the result. */
@FunctionalInterface
interface OperationHandler {

    /** @param functionName the decoded {@code {FunctionName}} path segment, null for the collection */
    ApiResponse handle(ApiRequest request, String functionName);
}
