package dev.lamina.service.http;

import dev.lamina.service.core.ConcurrencyCommands.GetFunctionConcurrency;
import dev.lamina.service.core.ConcurrencyService;

/**
 * GetFunctionConcurrency: {@code GET /2019-09-30/functions/{name}/concurrency} → 200
 * {@code {"ReservedConcurrentExecutions": n}}, or {@code {}} without a reservation.
 */
final class GetFunctionConcurrencyHandler implements OperationHandler {

    private final ConcurrencyService concurrency;
    private final FunctionRefs refs;

    GetFunctionConcurrencyHandler(ConcurrencyService concurrency, FunctionRefs refs) {
        this.concurrency = concurrency;
        this.refs = refs;
    }

    @Override
    public ApiResponse handle(ApiRequest request, Route route) {
        return ApiResponse.json(200, Json.write(concurrency.get(new GetFunctionConcurrency(refs.of(request, route)))));
    }
}
