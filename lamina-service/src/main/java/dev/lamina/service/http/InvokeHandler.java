package dev.lamina.service.http;

import dev.lamina.environment.InvokeResult;
import dev.lamina.protocol.ErrorType;
import dev.lamina.service.core.LaminaException;
import dev.lamina.service.invoke.InvocationType;
import dev.lamina.service.invoke.InvokeFunction;
import dev.lamina.service.invoke.InvokeInputs;
import dev.lamina.service.invoke.InvokeOutcome;
import dev.lamina.service.invoke.InvokeService;
import dev.lamina.service.invoke.TraceIds;
import java.util.concurrent.CompletableFuture;

/**
 * Invoke: {@code POST /2015-03-31/functions/{name}/invocations} → 200 with the function's payload, 202 (Event) or
 * 204 (DryRun). Function errors keep 200 and add {@code X-Amz-Function-Error: Unhandled}.
 */
final class InvokeHandler implements OperationHandler {

    private final InvokeService invokes;
    private final FunctionRefs refs;
    private final TraceIds traceIds;

    InvokeHandler(InvokeService invokes, FunctionRefs refs, TraceIds traceIds) {
        this.invokes = invokes;
        this.refs = refs;
        this.traceIds = traceIds;
    }

    @Override
    public ApiResponse handle(ApiRequest request, Route route) {
        return switch (invokes.invoke(parse(request, route))) {
            case InvokeOutcome.Validated v -> ApiResponse.empty(204);
            case InvokeOutcome.Queued q -> ApiResponse.empty(202);
            case InvokeOutcome.Completed c -> completed(c.result(), c.logResult());
        };
    }

    /**
     * The fast lane (D43): a synchronous invoke that a warm environment can take at once, started on the calling
     * thread (the event loop) without blocking; null when {@link #handle} must do it on a virtual thread.
     *
     * @throws dev.lamina.service.core.LaminaException when the request is invalid
     */
    CompletableFuture<ApiResponse> tryFast(ApiRequest request, Route route) {
        CompletableFuture<InvokeOutcome> outcome = invokes.tryInvokeWarm(parse(request, route));
        return outcome == null ? null : outcome.thenApply(o -> {
            InvokeOutcome.Completed c = (InvokeOutcome.Completed) o;
            return completed(c.result(), c.logResult());
        });
    }

    private InvokeFunction parse(ApiRequest request, Route route) {
        if (request.body().length > Operation.INVOKE.maxRequestBytes()) { // a chunked body the guard could not size
            throw new LaminaException(ErrorType.REQUEST_TOO_LARGE, Operation.INVOKE.tooLargeMessage());
        }
        InvocationType type = InvocationType.parse(request.header("X-Amz-Invocation-Type"));
        String logType = request.header("X-Amz-Log-Type");
        if (logType != null && !logType.equals("None") && !logType.equals("Tail")) {
            throw LaminaException.constraint(logType, "logType", "Member must satisfy enum value set: [None, Tail]");
        }
        String clientContext = InvokeInputs.decodeClientContext(request.header("X-Amz-Client-Context"));
        InvokeInputs.requireJsonPayload(request.body());
        String trace = request.header("X-Amzn-Trace-Id");
        String contentType = request.header("Content-Type");
        return new InvokeFunction(refs.of(request, route), type, request.requestId(),
                request.body(), contentType == null || contentType.isEmpty() ? ApiResponse.JSON : contentType,
                clientContext, trace == null || trace.isEmpty() ? traceIds.generate() : trace,
                request.header("X-Amz-Tenant-Id"), "Tail".equals(logType));
    }

    private static ApiResponse completed(InvokeResult result, String logResult) {
        ApiResponse response = ApiResponse.empty(200)
                .with("Content-Type", result.contentType() == null ? ApiResponse.JSON : result.contentType())
                .with("X-Amz-Executed-Version", "$LATEST")
                .withBody(result.payload() == null ? new byte[0] : result.payload());
        if (result.functionError() != null) {
            response.with("X-Amz-Function-Error", "Unhandled");
        }
        if (logResult != null) {
            response.with("X-Amz-Log-Result", logResult);
        }
        return response;
    }
}
