package dev.lamina.environment;

import java.util.concurrent.CompletableFuture;

/**
 * The outcome of one invoke, as the caller sees it. It is complete as soon as the runtime has answered (or the
 * invoke has failed); the invoke's log, which ends with {@code REPORT}, completes later in {@link #log()}.
 *
 * @param requestId     the invoke's request id
 * @param payload       the function's response, or the error JSON when {@code functionError} is set
 * @param contentType   the content type of {@code payload}
 * @param functionError null on success; otherwise the error type (wire string) of a function or platform error,
 *                      which the control plane reports as {@code X-Amz-Function-Error: Unhandled}
 * @param log           completes with the invoke's log text (platform lines such as {@code START}, {@code END},
 *                      {@code REPORT} and the function's own output, one per line) once {@code REPORT} has been
 *                      written, which is also when the environment is free for its next invoke; never fails
 */
public record InvokeResult(
        String requestId, byte[] payload, String contentType, String functionError, CompletableFuture<String> log) {

    public boolean succeeded() {
        return functionError == null;
    }
}
