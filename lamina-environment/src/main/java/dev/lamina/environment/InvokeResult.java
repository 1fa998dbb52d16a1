package dev.lamina.environment;

/**
 * The outcome of one invoke, as the caller sees it.
 *
 * @param requestId     the invoke's request id
 * @param payload       the function's response, or the error JSON when {@code functionError} is set
 * @param contentType   the content type of {@code payload}
 * @param functionError null on success; otherwise the error type (wire string) of a function or platform error,
 *                      which the control plane reports as {@code X-Amz-Function-Error: Unhandled}
 * @param log           the invoke's log text, from {@code START} (or the init lines of a suppressed init) to
 *                      {@code REPORT}, as {@code X-Amz-Log-Result} needs it
 */
public record InvokeResult(String requestId, byte[] payload, String contentType, String functionError, String log) {

    public boolean succeeded() {
        return functionError == null;
    }
}
