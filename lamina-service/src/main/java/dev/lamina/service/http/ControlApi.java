package dev.lamina.service.http;

import dev.lamina.protocol.ErrorType;
import dev.lamina.service.core.ConcurrencyService;
import dev.lamina.service.core.FunctionService;
import dev.lamina.service.core.Identity;
import dev.lamina.service.core.LayerService;
import dev.lamina.service.core.LaminaException;
import dev.lamina.service.invoke.InvokeService;
import dev.lamina.service.invoke.TraceIds;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes a request to its operation's handler and turns every failure into an error response: a
 * {@link LaminaException} as itself, anything else as a logged 500 {@code ServiceException}.
 */
final class ControlApi {

    private static final Logger LOG = LoggerFactory.getLogger(ControlApi.class);

    private final Map<Operation, OperationHandler> handlers = new EnumMap<>(Operation.class);
    private final InvokeHandler invoke;

    ControlApi(FunctionService functions, ConcurrencyService concurrency, LayerService layers, InvokeService invokes, Identity identity,
            TraceIds traceIds) {
        FunctionRefs refs = new FunctionRefs(identity);
        handlers.put(Operation.CREATE_FUNCTION, new CreateFunctionHandler(functions));
        handlers.put(Operation.LIST_FUNCTIONS, new ListFunctionsHandler(functions));
        handlers.put(Operation.GET_FUNCTION, new GetFunctionHandler(functions, refs));
        handlers.put(Operation.GET_FUNCTION_CONFIGURATION, new GetFunctionConfigurationHandler(functions, refs));
        handlers.put(Operation.UPDATE_FUNCTION_CODE, new UpdateFunctionCodeHandler(functions, refs));
        handlers.put(Operation.UPDATE_FUNCTION_CONFIGURATION, new UpdateFunctionConfigurationHandler(functions, refs));
        handlers.put(Operation.DELETE_FUNCTION, new DeleteFunctionHandler(functions, refs));
        handlers.put(Operation.GET_FUNCTION_CODE, new GetFunctionCodeHandler(functions, refs));
        invoke = new InvokeHandler(invokes, refs, traceIds);
        handlers.put(Operation.INVOKE, invoke);
        handlers.put(Operation.PUT_FUNCTION_CONCURRENCY, new PutFunctionConcurrencyHandler(concurrency, refs));
        handlers.put(Operation.GET_FUNCTION_CONCURRENCY, new GetFunctionConcurrencyHandler(concurrency, refs));
        handlers.put(Operation.DELETE_FUNCTION_CONCURRENCY, new DeleteFunctionConcurrencyHandler(concurrency, refs));
        handlers.put(Operation.PUBLISH_LAYER_VERSION, new PublishLayerVersionHandler(layers));
        handlers.put(Operation.GET_LAYER_VERSION, new GetLayerVersionHandler(layers));
        handlers.put(Operation.GET_LAYER_VERSION_BY_ARN, new GetLayerVersionByArnHandler(layers));
        handlers.put(Operation.LIST_LAYERS, new ListLayersHandler(layers));
        handlers.put(Operation.LIST_LAYER_VERSIONS, new ListLayerVersionsHandler(layers));
        handlers.put(Operation.DELETE_LAYER_VERSION, new DeleteLayerVersionHandler(layers));
        handlers.put(Operation.GET_LAYER_VERSION_CONTENT, new GetLayerVersionContentHandler(layers));
    }

    /**
     * Handles the request on the calling thread (an event loop) without blocking, if it can: only an Invoke that a
     * warm environment takes at once (D43), or an invalid Invoke (its error). Null otherwise: call {@link #handle}
     * on a thread that may block.
     */
    CompletableFuture<ApiResponse> tryHandleNow(ApiRequest request) {
        Route route = ControlApiRoutes.match(request.method(), request.path(), request.queryParam("find"));
        if (route.operation() != Operation.INVOKE) {
            return null;
        }
        CompletableFuture<ApiResponse> response;
        try {
            response = invoke.tryFast(request, route);
        } catch (LaminaException e) {
            return CompletableFuture.completedFuture(ErrorResponses.render(e));
        } catch (RuntimeException e) {
            return null; // handle() reports it
        }
        return response == null ? null : response.exceptionally(e -> failure(request, e));
    }

    private static ApiResponse failure(ApiRequest request, Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof LaminaException l) {
            return ErrorResponses.render(l);
        }
        LOG.error("{} {} failed (request {})", request.method(), request.path(), request.requestId(), cause);
        return ErrorResponses.render(ErrorType.SERVICE, "Lamina failed to handle the request " + request.requestId());
    }

    ApiResponse handle(ApiRequest request) {
        Route route = ControlApiRoutes.match(request.method(), request.path(), request.queryParam("find"));
        try {
            OperationHandler handler = handlers.get(route.operation());
            if (handler == null) {
                throw new LaminaException(ErrorType.RESOURCE_NOT_FOUND,
                        "No Lambda operation matches " + request.method() + " " + request.path());
            }
            return handler.handle(request, route);
        } catch (LaminaException e) {
            return ErrorResponses.render(e);
        } catch (RuntimeException e) {
            LOG.error("{} {} failed (request {})", request.method(), request.path(), request.requestId(), e);
            return ErrorResponses.render(ErrorType.SERVICE, "Lamina failed to handle the request " + request.requestId());
        }
    }
}
