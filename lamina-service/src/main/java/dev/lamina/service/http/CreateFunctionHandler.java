package dev.lamina.service.http;

import dev.lamina.protocol.control.CreateFunctionRequest;
import dev.lamina.service.core.Commands.CreateFunction;
import dev.lamina.service.core.FunctionService;

/** CreateFunction: {@code POST /2015-03-31/functions} → 201 FunctionConfiguration. */
final class CreateFunctionHandler implements OperationHandler {

    private final FunctionService functions;

    CreateFunctionHandler(FunctionService functions) {
        this.functions = functions;
    }

    @Override
    public ApiResponse handle(ApiRequest request, Route route) {
        CreateFunctionRequest body = Json.read(request.body(), CreateFunctionRequest.class);
        return ApiResponse.json(201, Json.write(functions.create(new CreateFunction(body))));
    }
}
