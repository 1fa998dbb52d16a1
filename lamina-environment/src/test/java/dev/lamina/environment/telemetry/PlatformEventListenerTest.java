package dev.lamina.environment.telemetry;

import static dev.lamina.environment.telemetry.TelemetryFixtures.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lamina.environment.telemetry.PlatformEvent.ReportMetrics;
import dev.lamina.environment.telemetry.PlatformEvent.Status;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlatformEventListenerTest {

    @Test
    void plusDeliversToBothInOrder() {
        List<String> seen = new ArrayList<>();
        PlatformEventListener a = e -> seen.add("a");
        PlatformEventListener b = e -> seen.add("b");

        a.plus(b).plus(PlatformEventListener.NONE).onEvent(TelemetryFixtures.line(1));

        assertThat(seen).containsExactly("a", "b");
        assertThat(PlatformEventListener.NONE.plus(a)).isSameAs(a);
    }

    @Test
    void plusHandsABatchToEachListenerWholeAndInOrder() {
        List<String> seen = new ArrayList<>();
        PlatformEventListener a = new PlatformEventListener() {
            @Override
            public void onEvent(PlatformEvent e) {
                seen.add("a" + ((PlatformEvent.FunctionLine) e).line());
            }

            @Override
            public void onEvents(List<? extends PlatformEvent> events) {
                seen.add("a:" + events.size());
            }
        };
        PlatformEventListener b = e -> seen.add("b" + ((PlatformEvent.FunctionLine) e).line());

        a.plus(b).onEvents(List.of(TelemetryFixtures.line(1), TelemetryFixtures.line(2)));

        assertThat(seen).containsExactly("a:2", "b" + TelemetryFixtures.line(1).line(),
                "b" + TelemetryFixtures.line(2).line());
    }

    @Test
    void recordingPlatformEventsAcceptsAWellOrderedStream() {
        RecordingPlatformEvents events = new RecordingPlatformEvents();
        events.onEvent(TelemetryFixtures.initStart());
        events.onEvent(new PlatformEvent.InitRuntimeDone(T, PlatformEvent.InitType.ON_DEMAND,
                PlatformEvent.InitPhase.INIT, Status.SUCCESS, null, null));
        events.onEvent(new PlatformEvent.InitReport(T, PlatformEvent.InitType.ON_DEMAND, PlatformEvent.InitPhase.INIT,
                Status.SUCCESS, null, 1.0, null));
        events.onEvent(new PlatformEvent.Start(T, "r1", "$LATEST", null));
        events.onEvent(TelemetryFixtures.line(1));
        events.onEvent(new PlatformEvent.RuntimeDone(T, "r1", Status.SUCCESS, null, 1.0, null, null, null));
        events.onEvent(report("r1"));

        assertThat(events.events()).hasSize(7);
    }

    @Test
    void recordingPlatformEventsRejectsUnpairedEvents() {
        RecordingPlatformEvents events = new RecordingPlatformEvents();
        events.onEvent(new PlatformEvent.RuntimeDone(T, "r9", Status.SUCCESS, null, 1.0, null, null, null));
        events.onEvent(new PlatformEvent.Start(T, "r1", null, null));
        events.onEvent(report("r1"));
        events.onEvent(report("r1"));
        events.onEvent(new PlatformEvent.InitReport(T, PlatformEvent.InitType.ON_DEMAND, PlatformEvent.InitPhase.INIT,
                Status.SUCCESS, null, 1.0, null));

        assertThat(events.violations()).hasSize(3);
        assertThatThrownBy(events::events).isInstanceOf(AssertionError.class);
    }

    private static PlatformEvent.Report report(String id) {
        return new PlatformEvent.Report(T, id, Status.SUCCESS, null, new ReportMetrics(1, 1, 128, 10, null, null),
                null, null);
    }
}
