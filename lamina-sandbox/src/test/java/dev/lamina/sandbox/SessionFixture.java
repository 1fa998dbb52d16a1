package dev.lamina.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Helpers for session tests: run a shell script in a session and collect its output and exit. */
final class SessionFixture {
    static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin", "ONLY_THIS", "yes");

    private SessionFixture() {}

    record Result(ProcessExit exit, String stdout, String stderr) {}

    static SandboxedProcess sh(SandboxSession session, String script) throws IOException {
        return session.start(new ExecRequest("sh", List.of("/bin/sh", "-c", script), session.paths().taskRoot(), ENV));
    }

    static Result run(SandboxSession session, String script) throws Exception {
        return collect(sh(session, script));
    }

    static Result collect(SandboxedProcess p) throws Exception {
        CompletableFuture<String> out = read(p.stdout());
        CompletableFuture<String> err = read(p.stderr());
        ProcessExit exit = p.exit().get(30, TimeUnit.SECONDS);
        return new Result(exit, out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
    }

    /** Reads on a platform thread, as Lamina does: a blocking pipe read on a virtual thread pins its carrier. */
    static CompletableFuture<String> read(InputStream in) {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                f.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                f.complete("");
            }
        });
        return f;
    }

    /** A task root with a file {@code hello} and an executable {@code bootstrap}. */
    static Path taskRoot(Path dir) {
        try {
            Path task = Files.createDirectories(dir.resolve("task"));
            Files.writeString(task.resolve("hello"), "from-task\n");
            return task;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> lines(String s) {
        return new ArrayList<>(s.lines().toList());
    }
}
