package dev.lamina.environment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Shell-script bootstraps using curl: the classic custom-runtime loop with a scripted handler body. */
final class ScriptedRuntimes {
    private ScriptedRuntimes() {}

    static final String API = "API=\"http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime\"\n";

    /** The loop; {@code handler} runs with $EVENT, $REQUEST_ID, $HEADERS and $API set. */
    static String loop(String handler) {
        return "#!/bin/sh\n" + API
                + "while true; do\n"
                + "  HEADERS=$(mktemp)\n"
                + "  EVENT=$(curl -sS -LD \"$HEADERS\" \"$API/invocation/next\")\n"
                + "  REQUEST_ID=$(grep -Fi Lambda-Runtime-Aws-Request-Id \"$HEADERS\" | tr -d '[:space:]' | cut -d: -f2)\n"
                + handler + "\n"
                + "  rm -f \"$HEADERS\"\n"
                + "done\n";
    }

    static String respond(String responseExpression) {
        return "  curl -sS -X POST \"$API/invocation/$REQUEST_ID/response\" -d \"" + responseExpression + "\" >/dev/null\n";
    }

    /** Echoes the event with a few variables; crashes on "crash", hangs on "hang", 7 MB on "big", errors on "fail". */
    static final String ECHO = loop(""
            + "  echo \"function says hello $REQUEST_ID\"\n"
            + "  echo \"to stderr too\" >&2\n"
            + "  case \"$EVENT\" in\n"
            + "    *headers*) cat \"$HEADERS\" | tr -d '\\r' >&2 ;;\n"
            + "    *crash*) echo crashing; exit 3 ;;\n"
            + "    *hang*) echo hanging; sleep 300 ;;\n"
            + "    *big*) BIG=$(mktemp); head -c 7340032 /dev/zero | tr '\\0' a > \"$BIG\";"
            + " curl -sS -X POST \"$API/invocation/$REQUEST_ID/response\" --data-binary @\"$BIG\" >&2; echo >&2; rm -f \"$BIG\";"
            + " rm -f \"$HEADERS\"; continue ;;\n"
            + "    *fail*) curl -sS -X POST \"$API/invocation/$REQUEST_ID/error\""
            + " -H 'Lambda-Runtime-Function-Error-Type: Function.MyError'"
            + " -d '{\"errorMessage\":\"boom\",\"errorType\":\"MyError\"}' >/dev/null; rm -f \"$HEADERS\"; continue ;;\n"
            + "  esac\n"
            + respond("{\\\"event\\\":$EVENT,\\\"fn\\\":\\\"$AWS_LAMBDA_FUNCTION_NAME\\\",\\\"handler\\\":\\\"$_HANDLER\\\","
                    + "\\\"greeting\\\":\\\"$GREETING\\\",\\\"hidden\\\":\\\"$_HIDDEN\\\",\\\"pid\\\":$$}"));

    static final String INIT_ERROR = "#!/bin/sh\n" + API
            + "echo 'init is failing'\n"
            + "curl -sS -X POST \"$API/init/error\" -H 'Lambda-Runtime-Function-Error-Type: Runtime.BadFunctionCode'"
            + " -d '{\"errorMessage\":\"cannot load handler\",\"errorType\":\"Runtime.BadFunctionCode\"}' >/dev/null\n"
            + "exit 1\n";

    static final String NEVER_READY = "#!/bin/sh\necho 'initialising forever'\nexec sleep 300\n";

    /** Lets the test play the runtime over HTTP: the process only keeps the environment alive. */
    static final String IDLE = "#!/bin/sh\nexec sleep 300\n";

    static Path install(Path dir, String script) throws IOException {
        Files.createDirectories(dir);
        Path bootstrap = Files.writeString(dir.resolve("bootstrap"), script);
        Files.setPosixFilePermissions(bootstrap, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bootstrap;
    }
}
