package dev.lamina.service.http;

import dev.lamina.service.core.Commands.GetFunctionConfiguration;
import dev.lamina.service.core.FunctionService;

/** GetFunctionConfiguration: {@code GET /2015-03-31/functions/{name}/configuration} → 200. */
final class GetFunctionConfigurationHandler implements OperationHandler {

    private final FunctionService functions;
    private final FunctionRefs refs;

    GetFunctionConfigurationHandler(FunctionService functions, FunctionRefs refs) {
        this.functions = functions;
        this.refs = refs;
    }

    @Override
    public ApiResponse handle(ApiRequest request, Route route) {
        GetFunctionConfiguration command = new GetFunctionConfiguration(refs.of(request, route));
        return ApiResponse.json(200, Json.write(functions.getConfiguration(command)));
    }
}
