package dev.lamina.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ErrorTypeTest {

    /** Pins every wire string: adding or changing one must be a deliberate, reviewed diff. */
    @Test
    void wireStringsArePinned() {
        assertThat(Arrays.stream(ErrorType.values()).map(ErrorType::wire)).containsExactly(
                "InvalidParameterValueException", "InvalidRequestContentException", "ResourceNotFoundException",
                "ResourceConflictException", "PreconditionFailedException", "RequestTooLargeException",
                "UnsupportedMediaTypeException", "TooManyRequestsException", "ServiceException",
                "InvalidZipFileException", "InvalidRuntimeException", "ResourceNotReadyException",
                "InvalidRequestID", "InvalidFunctionResponseMode", "TruncatedHTTPRequest", "InvalidStateTransition",
                "RequestEntityTooLarge", "InternalServerError", "InvalidRequestFormat",
                "Extension.MissingExtensionIdentifier", "Extension.InvalidExtensionIdentifier",
                "Extension.UnknownExtensionIdentifier", "Extension.InvalidExtensionName",
                "Extension.RegistrationClosed", "Extension.InvalidExtensionState", "Extension.TooManyExtensions",
                "Extension.InvalidEventType", "Extension.MissingHeader",
                "Logs.ValidationError", "ValidationError", "Telemetry.SubscriptionClosed", "Logs.SubscriptionClosed",
                "Runtime.ExitError", "Runtime.InvalidEntrypoint", "Runtime.InvalidWorkingDir",
                "Runtime.InvalidTaskConfig", "Runtime.InvalidResponseModeHeader", "Runtime.TruncatedResponse",
                "Runtime.Unknown", "Runtime.OutOfMemory", "Function.Unknown", "Function.ResponseSizeTooLarge",
                "Extension.Crash", "Extension.ExitError", "Extension.InitError", "Extension.LaunchError",
                "Sandbox.Timedout", "Sandbox.Failure");
    }

    @Test
    void lookupByWireString() {
        assertThat(ErrorType.fromWire("Runtime.ExitError")).contains(ErrorType.RUNTIME_EXIT_ERROR);
        assertThat(ErrorType.fromWire("Runtime.Made.Up")).isEmpty();
        assertThat(ErrorType.RESOURCE_NOT_FOUND.httpStatus()).isEqualTo(404);
    }
}
