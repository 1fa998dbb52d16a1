package dev.lamina.service.core;

import dev.lamina.protocol.ErrorType;
import java.util.Objects;

/**
 * An expected control-plane failure: an {@link ErrorType} from the catalogue and Lambda's message for it. The HTTP
 * edge renders it in one place ({@code ErrorResponses}); nothing else turns errors into JSON.
 */
public sealed class LaminaException extends RuntimeException permits ThrottledException {

    private final ErrorType type;

    public LaminaException(ErrorType type, String message) {
        super(message, null, false, false);
        this.type = Objects.requireNonNull(type);
    }

    public ErrorType type() {
        return type;
    }

    public static LaminaException invalidParameter(String message) {
        return new LaminaException(ErrorType.INVALID_PARAMETER_VALUE, message);
    }

    public static LaminaException invalidContent(String message) {
        return new LaminaException(ErrorType.INVALID_REQUEST_CONTENT, message);
    }

    /** Lambda's 404 for a function: {@code Function not found: <arn>}. */
    public static LaminaException functionNotFound(String arn) {
        return new LaminaException(ErrorType.RESOURCE_NOT_FOUND, "Function not found: " + arn);
    }

    /** A validation failure phrased like Lambda's {@code 1 validation error detected: ...}. */
    public static LaminaException constraint(Object value, String member, String constraint) {
        return invalidParameter("1 validation error detected: Value '" + value + "' at '" + member
                + "' failed to satisfy constraint: " + constraint);
    }
}
