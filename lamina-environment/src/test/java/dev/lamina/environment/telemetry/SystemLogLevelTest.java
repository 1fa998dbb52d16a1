package dev.lamina.environment.telemetry;

import static dev.lamina.environment.telemetry.TelemetryFixtures.T;
import static dev.lamina.environment.telemetry.TelemetryFixtures.httpBody;
import static dev.lamina.environment.telemetry.TelemetryFixtures.initStart;
import static dev.lamina.environment.telemetry.TelemetryFixtures.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code LoggingConfig.SystemLogLevel}: platform events below it reach no subscriber; log lines are not affected. */
class SystemLogLevelTest {
    private final RecordingTelemetrySubscriber http = new RecordingTelemetrySubscriber();
    private TelemetryHub hub;

    SystemLogLevelTest() throws IOException {}

    @AfterEach
    void close() throws IOException {
        hub.close();
        http.close();
    }

    private List<String> deliveredTypes(LogLevel systemLevel) {
        hub = TelemetryHub.builder().logFormat(LogFormat.JSON).systemLogLevel(systemLevel).build();
        assertThat(hub.subscribe(SubscriptionApi.TELEMETRY, "ext", httpBody("2022-12-13",
                "[\"platform\",\"function\"]", "{\"timeoutMs\":25}", http.uri("sandbox.localdomain", "/t"))))
                .isEqualTo(SubscribeOutcome.SUBSCRIBED);
        hub.onEvent(initStart());
        hub.onEvent(new PlatformEvent.Start(T, "req-1", "$LATEST", null));
        hub.onEvent(line(1));
        hub.onEvent(new PlatformEvent.Report(T, "req-1", PlatformEvent.Status.SUCCESS, null,
                new PlatformEvent.ReportMetrics(1.0, 1, 128, 10, null, null), List.of(), null));
        hub.onEvent(line(2));
        return await().atMost(Duration.ofSeconds(5)).until(http::types,
                types -> types.stream().filter("function"::equals).count() == 2);
    }

    @Test
    void warnDropsEveryInfoPlatformEventButKeepsFunctionRecords() {
        assertThat(deliveredTypes(LogLevel.WARN)).containsExactly("function", "function");
    }

    @Test
    void infoAndDebugDeliverEveryPlatformEvent() {
        assertThat(deliveredTypes(LogLevel.INFO)).containsExactly("platform.telemetrySubscription",
                "platform.initStart", "platform.start", "function", "platform.report", "function");
        hub.close();
        http.clear();
        assertThat(deliveredTypes(LogLevel.DEBUG)).containsExactly("platform.telemetrySubscription",
                "platform.initStart", "platform.start", "function", "platform.report", "function");
    }

    @Test
    void levelsOfPlatformEvents() {
        assertThat(new PlatformEvent.LogsDropped(T, 1, 1, "r").systemLevel()).isEqualTo(LogLevel.WARN);
        assertThat(initStart().systemLevel()).isEqualTo(LogLevel.INFO);
        assertThat(line(1).systemLevel()).isNull();
        assertThat(LogLevel.INFO.passes(LogLevel.DEBUG)).isTrue();
        assertThat(LogLevel.INFO.passes(LogLevel.WARN)).isFalse();
        assertThat(LogLevel.UNDEFINED.passes(LogLevel.FATAL)).isTrue();
        hub = TelemetryHub.builder().build();
    }
}
