package dev.lamina.environment.telemetry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link PlatformEventListener} for tests that records every event and enforces the stream's order (style P10):
 * each {@code initRuntimeDone}/{@code initReport} belongs to an open {@code initStart}, each {@code runtimeDone} and
 * {@code report} to the {@code start} of the same request id, and a request reports once. A violation is kept and
 * thrown by {@link #events()} (and by {@link #assertNoViolation()}), so it fails the test even when it happened on
 * another thread.
 */
final class RecordingPlatformEvents implements PlatformEventListener {
    private final List<PlatformEvent> events = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final Set<String> started = new HashSet<>();
    private final Set<String> reported = new HashSet<>();
    private boolean initOpen;
    private boolean initReported = true;

    @Override
    public synchronized void onEvent(PlatformEvent event) {
        switch (event) {
            case PlatformEvent.InitStart e -> {
                if (!initReported) {
                    violations.add("initStart before the previous init reported: " + e);
                }
                initOpen = true;
                initReported = false;
            }
            case PlatformEvent.InitRuntimeDone e -> {
                if (!initOpen) {
                    violations.add("initRuntimeDone without initStart: " + e);
                }
            }
            case PlatformEvent.InitReport e -> {
                if (!initOpen) {
                    violations.add("initReport without initStart: " + e);
                }
                initOpen = false;
                initReported = true;
            }
            case PlatformEvent.Start e -> {
                if (!started.add(e.requestId())) {
                    violations.add("second start for " + e.requestId());
                }
            }
            case PlatformEvent.RuntimeDone e -> {
                if (!started.contains(e.requestId()) || reported.contains(e.requestId())) {
                    violations.add("runtimeDone without an open start: " + e);
                }
            }
            case PlatformEvent.Report e -> {
                if (!started.contains(e.requestId()) || !reported.add(e.requestId())) {
                    violations.add("report without an open start, or twice: " + e);
                }
            }
            default -> { }
        }
        events.add(event);
    }

    synchronized List<PlatformEvent> events() {
        assertNoViolation();
        return List.copyOf(events);
    }

    synchronized void assertNoViolation() {
        if (!violations.isEmpty()) {
            throw new AssertionError("platform event order violated: " + violations);
        }
    }

    synchronized List<String> violations() {
        return List.copyOf(violations);
    }
}
