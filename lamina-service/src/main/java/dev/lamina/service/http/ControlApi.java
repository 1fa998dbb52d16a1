package dev.lamina.service.http;

import dev.lamina.protocol.ErrorType;
import dev.lamina.service.core.FunctionService;
import dev.lamina.service.core.Identity;
import dev.lamina.service.core.LaminaException;
import dev.lamina.service.invoke.InvokeService;
import dev.lamina.service.invoke.TraceIds;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes a request to its operation's handler and turns every failure into an error response: a
 * {@link LaminaException} as itself, anything else as a logged 500 {@code ServiceException}.
 */
final class ControlApi {

    private static final Logger LOG = LoggerFactory.getLogger(ControlApi.class);

    private final Map<Operation, OperationHandler> handlers = new EnumMap<>(Operation.class);

    ControlApi(FunctionService functions, InvokeService invokes, Identity identity, TraceIds traceIds) {
        FunctionRefs refs = new FunctionRefs(identity);
        handlers.put(Operation.CREATE_FUNCTION, new CreateFunctionHandler(functions));
        handlers.put(Operation.LIST_FUNCTIONS, new ListFunctionsHandler(functions));
        handlers.put(Operation.GET_FUNCTION, new GetFunctionHandler(functions, refs));
        handlers.put(Operation.GET_FUNCTION_CONFIGURATION, new GetFunctionConfigurationHandler(functions, refs));
        handlers.put(Operation.UPDATE_FUNCTION_CODE, new UpdateFunctionCodeHandler(functions, refs));
        handlers.put(Operation.UPDATE_FUNCTION_CONFIGURATION, new UpdateFunctionConfigurationHandler(functions, refs));
        handlers.put(Operation.DELETE_FUNCTION, new DeleteFunctionHandler(functions, refs));
        handlers.put(Operation.GET_FUNCTION_CODE, new GetFunctionCodeHandler(functions, refs));
        handlers.put(Operation.INVOKE, new InvokeHandler(invokes, refs, traceIds));
    }

    ApiResponse handle(ApiRequest request) {
        ControlApiRoutes.Route route = ControlApiRoutes.match(request.method(), request.path());
        try {
            OperationHandler handler = handlers.get(route.operation());
            if (handler == null) {
                throw new LaminaException(ErrorType.RESOURCE_NOT_FOUND,
                        "No Lambda operation matches " + request.method() + " " + request.path());
            }
            return handler.handle(request, route.functionName());
        } catch (LaminaException e) {
            return ErrorResponses.render(e);
        } catch (RuntimeException e) {
            LOG.error("{} {} failed (request {})", request.method(), request.path(), request.requestId(), e);
            return ErrorResponses.render(ErrorType.SERVICE, "Lamina failed to handle the request " + request.requestId());
        }
    }
}
