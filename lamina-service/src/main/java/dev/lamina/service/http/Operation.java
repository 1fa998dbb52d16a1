package dev.lamina.service.http;

/** The control-plane operations Lamina serves, each with its Lambda name and largest request body. */
enum Operation {
    CREATE_FUNCTION("CreateFunction", Limits.CODE_REQUEST),
    LIST_FUNCTIONS("ListFunctions", Limits.CODE_REQUEST),
    GET_FUNCTION("GetFunction", Limits.CODE_REQUEST),
    GET_FUNCTION_CONFIGURATION("GetFunctionConfiguration", Limits.CODE_REQUEST),
    UPDATE_FUNCTION_CODE("UpdateFunctionCode", Limits.CODE_REQUEST),
    UPDATE_FUNCTION_CONFIGURATION("UpdateFunctionConfiguration", Limits.CODE_REQUEST),
    DELETE_FUNCTION("DeleteFunction", Limits.CODE_REQUEST),
    INVOKE("InvokeFunction", Limits.INVOKE_REQUEST),
    PUT_FUNCTION_CONCURRENCY("PutFunctionConcurrency", Limits.CODE_REQUEST),
    GET_FUNCTION_CONCURRENCY("GetFunctionConcurrency", Limits.CODE_REQUEST),
    DELETE_FUNCTION_CONCURRENCY("DeleteFunctionConcurrency", Limits.CODE_REQUEST),
    PUBLISH_LAYER_VERSION("PublishLayerVersion", Limits.CODE_REQUEST),
    GET_LAYER_VERSION("GetLayerVersion", Limits.CODE_REQUEST),
    GET_LAYER_VERSION_BY_ARN("GetLayerVersionByArn", Limits.CODE_REQUEST),
    LIST_LAYERS("ListLayers", Limits.CODE_REQUEST),
    LIST_LAYER_VERSIONS("ListLayerVersions", Limits.CODE_REQUEST),
    DELETE_LAYER_VERSION("DeleteLayerVersion", Limits.CODE_REQUEST),
    /** Lamina's own: the download behind a layer version's {@code Content.Location}. */
    GET_LAYER_VERSION_CONTENT("GetLayerVersionContent", Limits.CODE_REQUEST),
    /** Lamina's own: the download behind GetFunction's {@code Code.Location}. */
    GET_FUNCTION_CODE("GetFunctionCode", Limits.CODE_REQUEST),
    /** No operation matches: answered with 404 (the body is still read within the largest limit). */
    UNKNOWN("UnknownOperation", Limits.CODE_REQUEST);

    /** Request-body limits. */
    static final class Limits {
        private Limits() {}

        /** Invoke: 6 MiB (§6.2). */
        static final int INVOKE_REQUEST = 6 * 1024 * 1024;
        /** A 50 MB zip in base64 (4/3 of 52428800, rounded up), as Lambda limits CreateFunction. */
        static final int CODE_REQUEST = 69_905_067;
    }

    private final String wireName;
    private final int maxRequestBytes;

    Operation(String wireName, int maxRequestBytes) {
        this.wireName = wireName;
        this.maxRequestBytes = maxRequestBytes;
    }

    String wireName() {
        return wireName;
    }

    int maxRequestBytes() {
        return maxRequestBytes;
    }

    /** Lambda's 413 message, e.g. "Request must be smaller than 6291456 bytes for the InvokeFunction operation". */
    String tooLargeMessage() {
        return "Request must be smaller than " + maxRequestBytes + " bytes for the " + wireName + " operation";
    }
}
