package dev.lamina.environment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * External extensions that follow only the Extensions API contract: shell scripts with curl (built here), and the
 * Python and Java recorders under {@code src/test/resources/extensions}. Each records into
 * {@code $EXT_LOG/<name>.log}.
 */
final class ScriptedExtensions {
    private ScriptedExtensions() {}

    private static final String HEAD = "#!/bin/sh\n"
            + "API=\"http://${AWS_LAMBDA_RUNTIME_API}/2020-01-01/extension\"\n"
            + "NAME=$(basename \"$0\")\n"
            + "LOG=\"$EXT_LOG/$NAME.log\"\n";

    /** Registers for {@code events} (a JSON list body) and sets $ID. */
    private static String register(String events) {
        return "H=$(mktemp)\n"
                + "BODY=$(curl -sS -D \"$H\" -X POST \"$API/register\" -H \"Lambda-Extension-Name: $NAME\""
                + " -d '{\"events\":" + events + "}')\n"
                + "ID=$(grep -Fi Lambda-Extension-Identifier \"$H\" | tr -d '[:space:]' | cut -d: -f2)\n"
                + "rm -f \"$H\"\n"
                + "echo \"REGISTER $BODY\" >> \"$LOG\"\n";
    }

    /** The event loop; {@code onInvoke} runs with $EVENT after each INVOKE is recorded. SHUTDOWN ends it. */
    private static String loop(String onInvoke, String onShutdown) {
        return "while true; do\n"
                + "  EVENT=$(curl -sS -H \"Lambda-Extension-Identifier: $ID\" \"$API/event/next\")\n"
                + "  echo \"$EVENT\" >> \"$LOG\"\n"
                + "  case \"$EVENT\" in\n"
                + "    *'\"eventType\":\"SHUTDOWN\"'*) " + onShutdown + " ;;\n"
                + "    *) " + onInvoke + " ;;\n"
                + "  esac\n"
                + "done\n";
    }

    /** Records every event; exits 0 on SHUTDOWN. */
    static final String RECORDER = HEAD + register("[\"INVOKE\",\"SHUTDOWN\"]")
            + "echo \"extension $NAME registered\"\n"
            + loop("true", "exit 0");

    /**
     * Works after its n-th INVOKE until the test creates {@code $EXT_LOG/release-<n>}, then writes "done" and asks
     * for the next event: the test decides when the extension's work ends, no timing involved.
     */
    static final String GATED = HEAD + register("[\"INVOKE\",\"SHUTDOWN\"]") + "N=0\n"
            + loop("N=$((N+1)); while [ ! -e \"$EXT_LOG/release-$N\" ]; do sleep 0.01; done;"
                    + " echo \"done\" >> \"$LOG\"", "exit 0");

    /** Crashes (exit 3) on its first INVOKE. */
    static final String CRASH_ON_INVOKE = HEAD + register("[\"INVOKE\",\"SHUTDOWN\"]")
            + loop("echo 'extension crashing'; exit 3", "exit 0");

    /** Records every event like {@link #RECORDER}, and writes its identifier to {@code $EXT_LOG/<name>.id}. */
    static final String TELLS_ITS_ID = HEAD + register("[\"INVOKE\",\"SHUTDOWN\"]")
            + "echo \"$ID\" > \"$EXT_LOG/$NAME.id\"\n"
            + loop("true", "exit 0");

    /** Registers, then reports an init error. */
    static final String INIT_ERROR = HEAD + register("[\"INVOKE\"]")
            + "curl -sS -X POST \"$API/init/error\" -H \"Lambda-Extension-Identifier: $ID\""
            + " -H 'Lambda-Extension-Function-Error-Type: Extension.ConfigInvalid'"
            + " -d '{\"errorMessage\":\"bad config\",\"errorType\":\"Extension.ConfigInvalid\"}' >> \"$LOG\"\n"
            + "exec sleep 300\n";

    /** Never registers. */
    static final String NEVER_REGISTERS = "#!/bin/sh\nexec sleep 300\n";

    /** Registers for no events: its first event/next means "ready", and it blocks until shutdown. */
    static final String NO_EVENTS = HEAD + register("[]")
            + "curl -sS -H \"Lambda-Extension-Identifier: $ID\" \"$API/event/next\" >> \"$LOG\"\n"
            + "exec sleep 300\n";

    /** Takes SHUTDOWN and ignores it (and SIGTERM): only SIGKILL ends it. */
    static final String IGNORES_SHUTDOWN = HEAD + "trap '' TERM\n" + register("[\"INVOKE\",\"SHUTDOWN\"]")
            + loop("true", "sleep 300");

    /** A background counter advancing every 5 ms (in the extension's process group) next to a recorder loop. */
    static final String COUNTER = HEAD
            + "( n=0; while true; do n=$((n+1)); echo $n > \"$EXT_LOG/counter\"; sleep 0.005; done ) &\n"
            + register("[\"INVOKE\",\"SHUTDOWN\"]")
            + loop("true", "exit 0");

    /** A launcher that does not exec: the shell stays the parent of the recorder (signals must reach the group). */
    static final String PYTHON_LAUNCHER =
            "#!/bin/sh\n\"$(dirname \"$0\")/../python/recorder.py\" \"$(basename \"$0\")\"\n";

    /** The Java recorder through the JDK's source launcher; the extension's name is the launcher's file name. */
    static final String JAVA_LAUNCHER = "#!/bin/sh\n"
            + "exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \"$(dirname \"$0\")/../java/Recorder.java\""
            + " \"$(basename \"$0\")\"\n";

    /** Installs an executable under {@code <opt>/extensions/<name>}. */
    static Path install(Path opt, String name, String script) throws IOException {
        return executable(opt.resolve("extensions").resolve(name), script);
    }

    /** Copies the Python and Java recorders to {@code <opt>/python} and {@code <opt>/java}. */
    static void installRecorderSources(Path opt) throws IOException {
        copy("extensions/recorder.py", executable(opt.resolve("python/recorder.py"), ""));
        copy("extensions/Recorder.java", opt.resolve("java/Recorder.java"));
    }

    static Path executable(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private static void copy(String resource, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try (InputStream in = ScriptedExtensions.class.getClassLoader().getResourceAsStream(resource)) {
            Files.write(target, in.readAllBytes());
        }
    }
}
