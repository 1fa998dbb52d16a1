package dev.lamina.protocol.extensions;

/** Paths, headers, event types and limits of the Extensions API (contract §2). */
public final class ExtensionsApi {
    private ExtensionsApi() {}

    public static final String VERSION = "/2020-01-01";
    public static final String REGISTER = VERSION + "/extension/register";
    public static final String EVENT_NEXT = VERSION + "/extension/event/next";
    public static final String INIT_ERROR = VERSION + "/extension/init/error";
    public static final String EXIT_ERROR = VERSION + "/extension/exit/error";

    public static final String HEADER_NAME = "Lambda-Extension-Name";
    public static final String HEADER_ACCEPT_FEATURE = "Lambda-Extension-Accept-Feature";
    public static final String HEADER_IDENTIFIER = "Lambda-Extension-Identifier";
    /** RIE's header on {@code event/next} responses (the DG names {@link #HEADER_IDENTIFIER} instead). */
    public static final String HEADER_EVENT_IDENTIFIER = "Lambda-Extension-Event-Identifier";
    public static final String HEADER_ERROR_TYPE = "Lambda-Extension-Function-Error-Type";

    /** The only feature of {@link #HEADER_ACCEPT_FEATURE}: adds {@code accountId} to the register response. */
    public static final String FEATURE_ACCOUNT_ID = "accountId";

    public static final String INVOKE = "INVOKE";
    public static final String SHUTDOWN = "SHUTDOWN";

    /** Extensions per function, internal and external together. */
    public static final int MAX_EXTENSIONS = 10;
    /** The message of {@code Extension.TooManyExtensions}. */
    public static final String TOO_MANY_MESSAGE = "Extension limit (" + MAX_EXTENSIONS + ") reached";

    /** The directory under {@code /opt} that holds external extensions. */
    public static final String EXTENSIONS_DIR = "extensions";
}
