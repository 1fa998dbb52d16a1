package dev.lamina.service.http;

import dev.lamina.protocol.control.UpdateFunctionConfigurationRequest;
import dev.lamina.service.core.Commands.UpdateFunctionConfiguration;
import dev.lamina.service.core.FunctionService;

/** UpdateFunctionConfiguration: {@code PUT /2015-03-31/functions/{name}/configuration} → 200. */
final class UpdateFunctionConfigurationHandler implements OperationHandler {

    private final FunctionService functions;
    private final FunctionRefs refs;

    UpdateFunctionConfigurationHandler(FunctionService functions, FunctionRefs refs) {
        this.functions = functions;
        this.refs = refs;
    }

    @Override
    public ApiResponse handle(ApiRequest request, Route route) {
        UpdateFunctionConfigurationRequest body = Json.read(request.body(), UpdateFunctionConfigurationRequest.class);
        UpdateFunctionConfiguration command = new UpdateFunctionConfiguration(refs.of(request, route), body);
        return ApiResponse.json(200, Json.write(functions.updateConfiguration(command)));
    }
}
