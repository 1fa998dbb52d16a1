package dev.lamina.service.http;

import dev.lamina.protocol.ErrorType;
import dev.lamina.protocol.control.ErrorResponse;
import dev.lamina.protocol.control.ThrottleResponse;
import dev.lamina.service.core.LaminaException;
import dev.lamina.service.core.ThrottledException;

/**
 * The one place errors become HTTP: status from the {@link ErrorType}, header {@code X-Amzn-ErrorType}, body
 * {@code {"Type":"User"|"Service","Message":...}} ({@code Service} for 5xx), and for throttling Lambda's
 * {@code {"Type","message","Reason"}} with {@code Retry-After}.
 */
final class ErrorResponses {

    static final String ERROR_TYPE_HEADER = "X-Amzn-ErrorType";

    private ErrorResponses() {}

    static ApiResponse render(LaminaException e) {
        ErrorType type = e.type();
        int status = type.httpStatus();
        String who = status >= 500 ? "Service" : "User";
        if (e instanceof ThrottledException t) {
            return ApiResponse.json(status, Json.write(new ThrottleResponse(who, t.getMessage(), t.reason())))
                    .with(ERROR_TYPE_HEADER, type.wire())
                    .with("Retry-After", Long.toString(t.retryAfterSeconds()));
        }
        return ApiResponse.json(status, Json.write(new ErrorResponse(who, e.getMessage())))
                .with(ERROR_TYPE_HEADER, type.wire());
    }

    static ApiResponse render(ErrorType type, String message) {
        return render(new LaminaException(type, message));
    }
}
