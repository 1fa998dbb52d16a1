package dev.lamina.environment.runtimeapi;

/** A well-formed Runtime API request, validated at the edge, as it crosses into the core. */
public sealed interface RuntimeCommand {

    /** {@code GET /runtime/invocation/next}: the runtime is ready for the next event. */
    record Next() implements RuntimeCommand {}

    /** {@code POST /runtime/invocation/{id}/response} with a body within the limit. */
    record Response(String requestId, byte[] body, String contentType) implements RuntimeCommand {}

    /**
     * {@code POST /runtime/invocation/{id}/error}.
     *
     * @param errorType the {@code Lambda-Runtime-Function-Error-Type} header, or null
     * @param body      the raw body (possibly empty or not JSON)
     */
    record Error(String requestId, String errorType, byte[] body, String contentType) implements RuntimeCommand {}

    /** {@code POST /runtime/init/error}. */
    record InitError(String errorType, byte[] body, String contentType) implements RuntimeCommand {}

    /** A {@code /response} whose body exceeded the payload limit; {@code bytes} is its (declared or read) size. */
    record ResponseTooLarge(String requestId, long bytes) implements RuntimeCommand {}

    /** A {@code /response} with a {@code Lambda-Runtime-Function-Response-Mode} other than {@code streaming}. */
    record InvalidResponseMode(String requestId, String mode) implements RuntimeCommand {}
}
