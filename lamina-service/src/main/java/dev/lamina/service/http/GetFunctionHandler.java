package dev.lamina.service.http;

import dev.lamina.service.core.Commands.GetFunction;
import dev.lamina.service.core.FunctionService;

/** GetFunction: {@code GET /2015-03-31/functions/{name}} → 200 {Configuration, Code, Tags}. */
final class GetFunctionHandler implements OperationHandler {

    private final FunctionService functions;
    private final FunctionRefs refs;

    GetFunctionHandler(FunctionService functions, FunctionRefs refs) {
        this.functions = functions;
        this.refs = refs;
    }

    @Override
    public ApiResponse handle(ApiRequest request, Route route) {
        GetFunction command = new GetFunction(refs.of(request, route), request.baseUrl());
        return ApiResponse.json(200, Json.write(functions.get(command)));
    }
}
