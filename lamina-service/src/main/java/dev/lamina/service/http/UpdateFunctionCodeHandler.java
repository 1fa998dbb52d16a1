package dev.lamina.service.http;

import dev.lamina.protocol.control.UpdateFunctionCodeRequest;
import dev.lamina.service.core.Commands.UpdateFunctionCode;
import dev.lamina.service.core.FunctionService;

/** UpdateFunctionCode: {@code PUT /2015-03-31/functions/{name}/code} → 200 FunctionConfiguration. */
final class UpdateFunctionCodeHandler implements OperationHandler {

    private final FunctionService functions;
    private final FunctionRefs refs;

    UpdateFunctionCodeHandler(FunctionService functions, FunctionRefs refs) {
        this.functions = functions;
        this.refs = refs;
    }

    @Override
    public ApiResponse handle(ApiRequest request, Route route) {
        UpdateFunctionCodeRequest body = Json.read(request.body(), UpdateFunctionCodeRequest.class);
        UpdateFunctionCode command = new UpdateFunctionCode(refs.of(request, route), body);
        return ApiResponse.json(200, Json.write(functions.updateCode(command)));
    }
}
