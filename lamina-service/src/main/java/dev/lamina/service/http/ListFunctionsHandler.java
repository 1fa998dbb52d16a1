package dev.lamina.service.http;

import dev.lamina.service.core.Commands.ListFunctions;
import dev.lamina.service.core.FunctionService;
import dev.lamina.service.core.LaminaException;

/** ListFunctions: {@code GET /2015-03-31/functions?Marker=&MaxItems=} → 200 {NextMarker, Functions}. */
final class ListFunctionsHandler implements OperationHandler {

    private final FunctionService functions;

    ListFunctionsHandler(FunctionService functions) {
        this.functions = functions;
    }

    @Override
    public ApiResponse handle(ApiRequest request, Route route) {
        String maxItems = request.queryParam("MaxItems");
        Integer max = null;
        if (maxItems != null) {
            try {
                max = Integer.parseInt(maxItems);
            } catch (NumberFormatException e) {
                throw LaminaException.constraint(maxItems, "maxItems", "Member must be an integer");
            }
        }
        ListFunctions command = new ListFunctions(request.queryParam("Marker"), max);
        return ApiResponse.json(200, Json.write(functions.list(command)));
    }
}
