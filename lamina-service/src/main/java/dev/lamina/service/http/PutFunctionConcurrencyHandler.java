package dev.lamina.service.http;

import dev.lamina.protocol.control.FunctionConcurrency;
import dev.lamina.service.core.ConcurrencyCommands.PutFunctionConcurrency;
import dev.lamina.service.core.ConcurrencyService;

/** PutFunctionConcurrency: {@code PUT /2017-10-31/functions/{name}/concurrency} → 200 with the reservation. */
final class PutFunctionConcurrencyHandler implements OperationHandler {

    private final ConcurrencyService concurrency;
    private final FunctionRefs refs;

    PutFunctionConcurrencyHandler(ConcurrencyService concurrency, FunctionRefs refs) {
        this.concurrency = concurrency;
        this.refs = refs;
    }

    @Override
    public ApiResponse handle(ApiRequest request, Route route) {
        FunctionConcurrency body = Json.read(request.body(), FunctionConcurrency.class);
        PutFunctionConcurrency command =
                new PutFunctionConcurrency(refs.of(request, route), body.reservedConcurrentExecutions());
        return ApiResponse.json(200, Json.write(concurrency.put(command)));
    }
}
