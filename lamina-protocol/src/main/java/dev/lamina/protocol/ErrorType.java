package dev.lamina.protocol;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one catalogue of error types Lamina puts on the wire, each with Lambda's exact string.
 *
 * <p>No other error-type string may be invented anywhere in Lamina: a platform-internal failure maps to a
 * documented type here, or to {@link #RUNTIME_UNKNOWN}. {@code ErrorTypeTest} pins the full set of wire strings.
 */
public enum ErrorType {
    // ---- control-plane (REST API) errors: contract §6.2, sent as X-Amzn-ErrorType ----
    /** §6.2: a parameter is invalid. */
    INVALID_PARAMETER_VALUE("InvalidParameterValueException", Category.CLIENT, 400),
    /** §6.2: the request body is not valid JSON, or a header is malformed. */
    INVALID_REQUEST_CONTENT("InvalidRequestContentException", Category.CLIENT, 400),
    /** §6.2: the function, version, alias or layer does not exist. */
    RESOURCE_NOT_FOUND("ResourceNotFoundException", Category.CLIENT, 404),
    /** §6.2: the resource already exists, or is being changed. */
    RESOURCE_CONFLICT("ResourceConflictException", Category.CLIENT, 409),
    /** §6.4: a RevisionId did not match. */
    PRECONDITION_FAILED("PreconditionFailedException", Category.CLIENT, 412),
    /** §6.2: the Invoke request body is larger than 6 MB. */
    REQUEST_TOO_LARGE("RequestTooLargeException", Category.CLIENT, 413),
    /** §6.2: the content type is not supported. */
    UNSUPPORTED_MEDIA_TYPE("UnsupportedMediaTypeException", Category.CLIENT, 415),
    /** §6.2: a concurrency limit was exceeded (carries a Reason). */
    TOO_MANY_REQUESTS("TooManyRequestsException", Category.CLIENT, 429),
    /** §6.2: an internal error of the service. */
    SERVICE("ServiceException", Category.PLATFORM, 500),
    /** §6.2: the uploaded zip could not be read. */
    INVALID_ZIP_FILE("InvalidZipFileException", Category.PLATFORM, 502),
    /** §6.2: the function's runtime is not valid. */
    INVALID_RUNTIME("InvalidRuntimeException", Category.PLATFORM, 502),
    /** §6.2: the function is not ready to be invoked. */
    RESOURCE_NOT_READY("ResourceNotReadyException", Category.PLATFORM, 502),

    // ---- in-sandbox API errors: contract §1.2 (Runtime API) ----
    /** §1.2: request id empty, unknown, or already answered. */
    INVALID_REQUEST_ID("InvalidRequestID", Category.CLIENT, 400),
    /** §1.2: bad Lambda-Runtime-Function-Response-Mode header. */
    INVALID_FUNCTION_RESPONSE_MODE("InvalidFunctionResponseMode", Category.CLIENT, 400),
    /** §1.2: body shorter than declared or broken chunking. */
    TRUNCATED_HTTP_REQUEST("TruncatedHTTPRequest", Category.CLIENT, 400),
    /** §1.2: the call is not valid in the runtime's current state. */
    INVALID_STATE_TRANSITION("InvalidStateTransition", Category.CLIENT, 403),
    /** §1.2: a buffered response larger than 6 MB. */
    REQUEST_ENTITY_TOO_LARGE("RequestEntityTooLarge", Category.CLIENT, 413),
    /** §1.2: container error. */
    INTERNAL_SERVER_ERROR("InternalServerError", Category.PLATFORM, 500),
    /** §2: an in-sandbox request body that is not the expected JSON. */
    INVALID_REQUEST_FORMAT("InvalidRequestFormat", Category.CLIENT, 400),

    // ---- Extensions API errors: contract §2 (RIE answers all with 403) ----
    /** §2. */
    EXTENSION_MISSING_IDENTIFIER("Extension.MissingExtensionIdentifier", Category.CLIENT, 403),
    /** §2. */
    EXTENSION_INVALID_IDENTIFIER("Extension.InvalidExtensionIdentifier", Category.CLIENT, 403),
    /** §2. */
    EXTENSION_UNKNOWN_IDENTIFIER("Extension.UnknownExtensionIdentifier", Category.CLIENT, 403),
    /** §2. */
    EXTENSION_INVALID_NAME("Extension.InvalidExtensionName", Category.CLIENT, 403),
    /** §2. */
    EXTENSION_REGISTRATION_CLOSED("Extension.RegistrationClosed", Category.CLIENT, 403),
    /** §2: bad transition or duplicate name. */
    EXTENSION_INVALID_STATE("Extension.InvalidExtensionState", Category.CLIENT, 403),
    /** §2: "Extension limit (10) reached". */
    EXTENSION_TOO_MANY("Extension.TooManyExtensions", Category.CLIENT, 403),
    /** §2. */
    EXTENSION_INVALID_EVENT_TYPE("Extension.InvalidEventType", Category.CLIENT, 403),
    /** §2. */
    EXTENSION_MISSING_HEADER("Extension.MissingHeader", Category.CLIENT, 403),

    // ---- Logs API (2020-08-15) and Telemetry API (2022-07-01) errors: contract §3.1 ----
    /** §3.1: a Logs API subscribe request that fails validation. */
    LOGS_VALIDATION_ERROR("Logs.ValidationError", Category.CLIENT, 400),
    /** §3.1: a Telemetry API subscribe request that fails validation (RIE-LMI {@code subscription_api.go}). */
    TELEMETRY_VALIDATION_ERROR("ValidationError", Category.CLIENT, 400),
    /** §3.1: a Telemetry API subscribe after init (RIE-LMI: "Telemetry API subscription is closed"). */
    TELEMETRY_SUBSCRIPTION_CLOSED("Telemetry.SubscriptionClosed", Category.CLIENT, 403),
    /** §3.1: a Logs API subscribe after init (RIE {@code rapi/handler/runtimelogs.go}). */
    LOGS_SUBSCRIPTION_CLOSED("Logs.SubscriptionClosed", Category.CLIENT, 403),

    // ---- platform error types: contract §7 (invoke errors, REPORT, telemetry) ----
    /** §7: the runtime process exited. */
    RUNTIME_EXIT_ERROR("Runtime.ExitError", Category.RUNTIME, 0),
    /** §5, §7: bootstrap missing or not executable. */
    RUNTIME_INVALID_ENTRYPOINT("Runtime.InvalidEntrypoint", Category.RUNTIME, 0),
    /** §7. */
    RUNTIME_INVALID_WORKING_DIR("Runtime.InvalidWorkingDir", Category.RUNTIME, 0),
    /** §7. */
    RUNTIME_INVALID_TASK_CONFIG("Runtime.InvalidTaskConfig", Category.RUNTIME, 0),
    /** §1.1, §7. */
    RUNTIME_INVALID_RESPONSE_MODE_HEADER("Runtime.InvalidResponseModeHeader", Category.RUNTIME, 0),
    /** §1.2, §7. */
    RUNTIME_TRUNCATED_RESPONSE("Runtime.TruncatedResponse", Category.RUNTIME, 0),
    /** §1.1, §7: sanitised unknown runtime error type; also init timeouts. */
    RUNTIME_UNKNOWN("Runtime.Unknown", Category.RUNTIME, 0),
    /** §7: out of memory. */
    RUNTIME_OUT_OF_MEMORY("Runtime.OutOfMemory", Category.RUNTIME, 0),
    /** §1.1, §7: sanitised unknown Function.* error type. */
    FUNCTION_UNKNOWN("Function.Unknown", Category.FUNCTION, 0),
    /** §7: response larger than 6 MB. */
    FUNCTION_RESPONSE_SIZE_TOO_LARGE("Function.ResponseSizeTooLarge", Category.FUNCTION, 0),
    /** §2, §7. */
    EXTENSION_CRASH("Extension.Crash", Category.EXTENSION, 0),
    /** §2, §7. */
    EXTENSION_EXIT_ERROR("Extension.ExitError", Category.EXTENSION, 0),
    /** §2, §7. */
    EXTENSION_INIT_ERROR("Extension.InitError", Category.EXTENSION, 0),
    /** §2, §7. */
    EXTENSION_LAUNCH_ERROR("Extension.LaunchError", Category.EXTENSION, 0),
    /** §7: the function timed out (DG and RIE-LMI spelling). */
    SANDBOX_TIMEDOUT("Sandbox.Timedout", Category.SANDBOX, 0),
    /** §7: generic platform failure during reset. */
    SANDBOX_FAILURE("Sandbox.Failure", Category.SANDBOX, 0);

    /** Who is at fault; decides how the error is reported. */
    public enum Category { CLIENT, PLATFORM, RUNTIME, FUNCTION, EXTENSION, SANDBOX }

    private static final Map<String, ErrorType> BY_WIRE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(ErrorType::wire, Function.identity()));

    private final String wire;
    private final Category category;
    private final int httpStatus;

    ErrorType(String wire, Category category, int httpStatus) {
        this.wire = wire;
        this.category = category;
        this.httpStatus = httpStatus;
    }

    /** Lambda's exact string for this error type. */
    public String wire() {
        return wire;
    }

    public Category category() {
        return category;
    }

    /** The HTTP status that goes with this error at an API edge, or 0 where the type only travels in bodies. */
    public int httpStatus() {
        return httpStatus;
    }

    public static Optional<ErrorType> fromWire(String wire) {
        return Optional.ofNullable(BY_WIRE.get(wire));
    }

    @Override
    public String toString() {
        return wire;
    }
}
