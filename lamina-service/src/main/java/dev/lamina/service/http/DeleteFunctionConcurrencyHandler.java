package dev.lamina.service.http;

import dev.lamina.service.core.ConcurrencyCommands.DeleteFunctionConcurrency;
import dev.lamina.service.core.ConcurrencyService;

/** DeleteFunctionConcurrency: {@code DELETE /2017-10-31/functions/{name}/concurrency} → 204. */
final class DeleteFunctionConcurrencyHandler implements OperationHandler {

    private final ConcurrencyService concurrency;
    private final FunctionRefs refs;

    DeleteFunctionConcurrencyHandler(ConcurrencyService concurrency, FunctionRefs refs) {
        this.concurrency = concurrency;
        this.refs = refs;
    }

    @Override
    public ApiResponse handle(ApiRequest request, Route route) {
        concurrency.delete(new DeleteFunctionConcurrency(refs.of(request, route)));
        return ApiResponse.empty(204);
    }
}
