package dev.lamina.protocol.runtime;

/** Paths, headers and limits of the Runtime API (contract §1). */
public final class RuntimeApi {
    private RuntimeApi() {}

    public static final String VERSION = "/2018-06-01";
    public static final String NEXT = VERSION + "/runtime/invocation/next";
    /** Prefix of {@code /runtime/invocation/{id}/response} and {@code /error}. */
    public static final String INVOCATION_PREFIX = VERSION + "/runtime/invocation/";
    public static final String INIT_ERROR = VERSION + "/runtime/init/error";
    public static final String RESTORE_NEXT = VERSION + "/runtime/restore/next";
    public static final String RESTORE_ERROR = VERSION + "/runtime/restore/error";

    public static final String HEADER_REQUEST_ID = "Lambda-Runtime-Aws-Request-Id";
    public static final String HEADER_DEADLINE_MS = "Lambda-Runtime-Deadline-Ms";
    public static final String HEADER_FUNCTION_ARN = "Lambda-Runtime-Invoked-Function-Arn";
    public static final String HEADER_TRACE_ID = "Lambda-Runtime-Trace-Id";
    public static final String HEADER_CLIENT_CONTEXT = "Lambda-Runtime-Client-Context";
    public static final String HEADER_COGNITO_IDENTITY = "Lambda-Runtime-Cognito-Identity";
    public static final String HEADER_TENANT_ID = "Lambda-Runtime-Aws-Tenant-Id";
    public static final String HEADER_ERROR_TYPE = "Lambda-Runtime-Function-Error-Type";
    public static final String HEADER_XRAY_ERROR_CAUSE = "Lambda-Runtime-Function-XRay-Error-Cause";
    public static final String HEADER_RESPONSE_MODE = "Lambda-Runtime-Function-Response-Mode";
    public static final String HEADER_ERROR_BODY_TRAILER = "Lambda-Runtime-Function-Error-Body";

    /** Largest buffered request or response body, as RIE caps it: 6 MiB + 100 bytes (§1.4). */
    public static final int MAX_PAYLOAD_BYTES = 6 * 1024 * 1024 + 100;
    /** Largest Invoke request accepted by the control plane: 6 MiB (§6.2). */
    public static final int MAX_INVOKE_REQUEST_BYTES = 6 * 1024 * 1024;
}
