package dev.lamina.bench.lamina;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.lamina.bench.load.Latencies;
import dev.lamina.bench.scenario.InitDurations;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * Reads the {@code Init Duration} of the {@code REPORT} lines Lamina writes to its {@code function} logger (as
 * {@code lamina serve} does), for the cold start's breakdown. Attached as a logback appender; its monitor guards the
 * samples.
 */
public final class ReportLines extends AppenderBase<ILoggingEvent> implements InitDurations {

    private static final Pattern INIT = Pattern.compile(
            "^\\S+ REPORT RequestId: \\S+\\tDuration: ([0-9.]+) ms.*\\tInit Duration: ([0-9.]+) ms");

    private static final Pattern PHASES = Pattern.compile("sandbox=([0-9.]+) process=([0-9.]+) next=([0-9.]+)");

    private Latencies samples = new Latencies(10_000);
    private Latencies durations = new Latencies(10_000);
    private final java.util.Map<String, Latencies> phases = new java.util.HashMap<>();

    /** Attaches a capture to the {@code function} logger; returns {@link InitDurations#NONE} if logback is absent. */
    public static InitDurations attach() {
        if (!(LoggerFactory.getLogger("function") instanceof Logger logger)) {
            return InitDurations.NONE;
        }
        ReportLines capture = new ReportLines();
        capture.setContext(logger.getLoggerContext());
        capture.start();
        logger.addAppender(capture);
        if (LoggerFactory.getLogger("lamina.init.phases") instanceof Logger phases) {
            phases.setLevel(ch.qos.logback.classic.Level.DEBUG);
            phases.setAdditive(false); // the bench's own capture only, not the console
            phases.addAppender(capture);
        }
        return capture;
    }

    @Override
    protected void append(ILoggingEvent event) {
        String line = event.getFormattedMessage();
        if (line.startsWith("environment ") && line.contains(" sandbox=")) {
            Matcher p = PHASES.matcher(line);
            if (p.find()) {
                synchronized (this) {
                    String[] names = {"sandbox", "process", "next"};
                    for (int i = 0; i < 3; i++) {
                        phases.computeIfAbsent(names[i], k -> new Latencies(10_000))
                                .add((long) (Double.parseDouble(p.group(i + 1)) * 1e6));
                    }
                }
            }
            return;
        }
        if (line.indexOf("Init Duration") < 0) {
            return;
        }
        Matcher m = INIT.matcher(line);
        if (m.find()) {
            synchronized (this) {
                durations.add((long) (Double.parseDouble(m.group(1)) * 1e6));
                samples.add((long) (Double.parseDouble(m.group(2)) * 1e6));
            }
        }
    }

    @Override
    public synchronized void reset() {
        samples = new Latencies(10_000);
        durations = new Latencies(10_000);
        phases.clear();
    }

    @Override
    public synchronized Latencies samples() {
        Latencies copy = new Latencies(10_000);
        copy.addAll(samples);
        return copy;
    }

    @Override
    public synchronized Latencies firstInvokeDurations() {
        Latencies copy = new Latencies(10_000);
        copy.addAll(durations);
        return copy;
    }

    @Override
    public String unavailableReason() {
        return "no REPORT line with Init Duration was logged";
    }

    @Override
    public synchronized Latencies phase(String name) {
        Latencies copy = new Latencies(10_000);
        Latencies l = phases.get(name);
        if (l != null) {
            copy.addAll(l);
        }
        return copy;
    }
}
