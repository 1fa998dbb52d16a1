package dev.lamina.environment;

import dev.lamina.protocol.ErrorType;
import dev.lamina.sandbox.ProcessExit;

/**
 * Why an init attempt failed.
 *
 * @param errorType  the error type (wire string) for INIT_REPORT, REPORT and the caller
 * @param postedBody the runtime's own {@code /init/error} body for the caller, or null to build a platform body
 * @param message    the platform message for a built body
 * @param timeout    the init timed out ({@code Status: timeout}, no error type in INIT_REPORT)
 */
record InitFailure(String errorType, byte[] postedBody, String message, boolean timeout) {

    static InitFailure posted(FunctionErrors.Posted posted) {
        return new InitFailure(posted.recordedType(), posted.callerBody(), null, false);
    }

    static InitFailure exited(ProcessExit exit) {
        ErrorType type = exit instanceof ProcessExit.OomKilled ? ErrorType.RUNTIME_OUT_OF_MEMORY : ErrorType.RUNTIME_EXIT_ERROR;
        return new InitFailure(type.wire(), null, exitMessage(exit), false);
    }

    static InitFailure entrypoint(String message) {
        return new InitFailure(ErrorType.RUNTIME_INVALID_ENTRYPOINT.wire(), null, message, false);
    }

    /** An extension failed during init (Extension.Crash, .InitError, .ExitError, .LaunchError). */
    static InitFailure extension(ErrorType type, String message) {
        return new InitFailure(type.wire(), null, message, false);
    }

    static InitFailure timedOut() {
        return new InitFailure(ErrorType.RUNTIME_UNKNOWN.wire(), null, "Init timed out", true);
    }

    String status() {
        return timeout ? PlatformLines.timeoutStatus() : PlatformLines.errorStatus(errorType);
    }

    byte[] callerBody(String requestId) {
        if (postedBody != null) {
            return postedBody;
        }
        return FunctionErrors.platformBody(ErrorType.fromWire(errorType).orElse(ErrorType.RUNTIME_UNKNOWN), requestId,
                message);
    }

    /** The wording for an extension whose process exited while not shutting down. */
    static String extensionExitMessage(String name, ProcessExit exit) {
        return switch (exit) {
            case ProcessExit.Exited(int code) when code == 0 -> "Extension " + name + " exited without providing a reason";
            case ProcessExit.Exited(int code) -> "Extension " + name + " exited with error: exit status " + code;
            case ProcessExit.Signaled s -> "Extension " + name + " exited with error: signal: " + s.description();
            case ProcessExit.OomKilled o -> "Extension " + name + " exited with error: signal: killed";
        };
    }

    /** Lambda's (Go's) wording for a runtime that exited. */
    static String exitMessage(ProcessExit exit) {
        return switch (exit) {
            case ProcessExit.Exited(int code) when code == 0 -> "Runtime exited without providing a reason";
            case ProcessExit.Exited(int code) -> "Runtime exited with error: exit status " + code;
            case ProcessExit.Signaled s -> "Runtime exited with error: signal: " + s.description();
            case ProcessExit.OomKilled o -> "Runtime exited with error: signal: killed";
        };
    }
}
