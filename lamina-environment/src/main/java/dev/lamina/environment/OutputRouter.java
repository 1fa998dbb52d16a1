package dev.lamina.environment;

import dev.lamina.environment.telemetry.JsonLineLevel;
import dev.lamina.environment.telemetry.LogLevel;
import dev.lamina.environment.telemetry.PlatformEvent;
import dev.lamina.sandbox.SandboxedProcess;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every line goes: the processes' output (read by {@link OutputPump}s), the runtime's log fd frames and the
 * platform lines ({@code START}, {@code END}, {@code REPORT}, {@code EXTENSION}…) are filtered by the logging
 * config's levels, written to the {@link LogSink}, added to the current invoke's log and handed to the
 * Logs/Telemetry API.
 *
 * <p>Threads: the pumps (small platform threads, one per stream) call {@link #onRead} and {@link #onFrame}, which only
 * count the task in {@link #submitted} and submit it to the environment's serial executor; everything else, and the
 * tasks themselves, run on that executor ({@link #handled} is confined to it).
 */
final class OutputRouter {
    private static final Logger LOG = LoggerFactory.getLogger(OutputRouter.class);
    private static final Duration OUTPUT_EOF_WAIT = Duration.ofMillis(300);

    private final LocalEnvironment env;
    private final EnvironmentSpec spec;
    private final LogSink sink;
    private final InstantSource clock;
    private final EnvironmentEvents events;
    /** {@code LoggingConfig.ApplicationLogLevel} (JSON logs only), or null. */
    private final LogLevel applicationLogLevel;
    /** {@code LoggingConfig.SystemLogLevel} (JSON logs only), or null. */
    private final LogLevel systemLogLevel;
    /**
     * Output tasks (a read's lines, a log frame) the pumps handed to the serial executor; {@link #handled} counts
     * those it has run.
     */
    private final AtomicLong submitted = new AtomicLong();
    private long handled;

    OutputRouter(LocalEnvironment env, EnvironmentSpec spec, LogSink sink, InstantSource clock,
            EnvironmentEvents events) {
        this.env = env;
        this.spec = spec;
        this.sink = sink;
        this.clock = clock;
        this.events = events;
        this.applicationLogLevel = spec.jsonLogs() ? LogLevel.parse(spec.applicationLogLevel()) : null;
        this.systemLogLevel = EnvironmentEvents.systemLogLevel(spec);
    }

    /**
     * Starts the pumps of a process's stdout and stderr.
     *
     * @param extension the extension's name, or null for the runtime
     */
    List<OutputPump> pumps(SandboxedProcess p, String extension) {
        Consumer<List<String>> out = lines -> onRead(extension, lines);
        return List.of(new OutputPump(p.stdout(), out).start("lamina-out-" + env.id() + "-" + p.pid()),
                new OutputPump(p.stderr(), out).start("lamina-err-" + env.id() + "-" + p.pid()));
    }

    /** Starts the pump of the managed runtime's log fd (docs/telemetry.md). */
    OutputPump logFdPump(LogFifo fd, SandboxedProcess runtime) {
        return new OutputPump(fd, new LogFrameDecoder(this::onFrame, lines -> onRead(null, lines), clock))
                .start("lamina-logfd-" + env.id() + "-" + runtime.pid());
    }

    /** Whether every output task the pumps submitted has run. */
    boolean allHandled() {
        return submitted.get() == handled;
    }

    /** Runs {@code task} once the old processes' output has reached EOF (bounded: a leaked child may hold a pipe). */
    void afterOutput(List<OutputPump> old, Runnable task) {
        CompletableFuture.allOf(old.stream().map(OutputPump::eof).toArray(CompletableFuture[]::new))
                .completeOnTimeout(null, OUTPUT_EOF_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((v, e) -> env.submit(task));
    }

    /** @param extension the extension that wrote the line, or null for the runtime */
    private void onRead(String extension, List<String> lines) {
        submitted.incrementAndGet();
        env.submit(() -> { // one task per read, not per line: a flood of output costs one hop per pipe buffer
            handled++;
            List<PlatformEvent> records = new ArrayList<>(lines.size());
            Instant time = clock.instant(); // the lines of one read were read at once: one time for all (D66)
            for (String line : lines) {
                if (extension == null && applicationLogLevel != null
                        && !JsonLineLevel.of(line).passes(applicationLogLevel)) {
                    continue; // JSON logs: a function line below ApplicationLogLevel is dropped, as on Lambda (D21)
                }
                emit(time, line);
                records.add(extension == null ? new PlatformEvent.FunctionLine(time, line)
                        : new PlatformEvent.ExtensionLine(time, extension, line));
            }
            events.lines(records); // the hub takes its lock once per read, not per line
        });
    }

    /**
     * One record of the runtime's log fd: a function record with the frame's time, however many lines it spans.
     * With JSON logs, records below {@code ApplicationLogLevel} are dropped (the runtime filters them itself too).
     */
    private void onFrame(LogFrame frame) {
        submitted.incrementAndGet();
        env.submit(() -> {
            handled++;
            if (frame.json() && !frame.level().passes(applicationLogLevel)) {
                return;
            }
            emit(frame.time(), frame.message());
            events.functionLine(frame.time(), frame.message());
        });
    }

    /** A platform line: dropped when below {@code SystemLogLevel} (docs/logs.md). */
    void emit(String line) {
        LogLevel level = PlatformLines.level(line);
        if (level != null && !level.passes(systemLogLevel)) {
            return;
        }
        emit(clock.instant(), line);
    }

    /** Every line, platform, function or extension, goes to the sink and into the current invoke's log. */
    private void emit(Instant time, String line) {
        try {
            sink.line(spec.logGroupName(), env.id(), env.logStream(), time, line);
        } catch (RuntimeException e) {
            LOG.warn("log sink failed: {}", e.toString());
        }
        InvokeRun run = env.run;
        if (run != null && !run.finished) {
            run.lines.add(line);
        }
    }
}
