package dev.lamina.service.http;

import dev.lamina.service.core.Commands.DeleteFunction;
import dev.lamina.service.core.FunctionService;

/** DeleteFunction: {@code DELETE /2015-03-31/functions/{name}} → 204. */
final class DeleteFunctionHandler implements OperationHandler {

    private final FunctionService functions;
    private final FunctionRefs refs;

    DeleteFunctionHandler(FunctionService functions, FunctionRefs refs) {
        this.functions = functions;
        this.refs = refs;
    }

    @Override
    public ApiResponse handle(ApiRequest request, Route route) {
        functions.delete(new DeleteFunction(refs.of(request, route)));
        return ApiResponse.empty(204);
    }
}
