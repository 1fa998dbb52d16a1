package dev.lamina.environment.telemetry;

import static dev.lamina.environment.telemetry.TelemetryFixtures.T;
import static dev.lamina.environment.telemetry.TelemetryFixtures.httpBody;
import static dev.lamina.environment.telemetry.TelemetryFixtures.initStart;
import static dev.lamina.environment.telemetry.TelemetryFixtures.line;
import static dev.lamina.environment.telemetry.TelemetryFixtures.tcpBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lamina.protocol.ErrorType;
import dev.lamina.protocol.telemetry.TelemetryEnvelope;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** When subscriptions are accepted, what a second one does, and what a new subscriber is replayed. */
class SubscriptionLifecycleTest {
    private final TelemetryHub hub = TelemetryHub.builder().build();
    private final RecordingTelemetrySubscriber http;
    private final RecordingTcpSubscriber tcp;

    SubscriptionLifecycleTest() throws IOException {
        http = new RecordingTelemetrySubscriber();
        tcp = new RecordingTcpSubscriber();
    }

    @AfterEach
    void close() throws IOException {
        hub.close();
        http.close();
        tcp.close();
    }

    private byte[] telemetry(String types) {
        return httpBody("2022-12-13", types, "{\"timeoutMs\":25}", http.uri("sandbox.localdomain", "/t"));
    }

    @Test
    void subscribeAfterInitIsRefusedWith403SubscriptionClosed() {
        hub.closeSubscriptions();

        SubscribeOutcome t = hub.subscribe(SubscriptionApi.TELEMETRY, "ext", telemetry("[\"platform\"]"));
        SubscribeOutcome l = hub.subscribe(SubscriptionApi.LOGS, "ext2", tcpBody("2021-03-18", "[\"platform\"]", null, tcp.port()));

        assertThat(t).isEqualTo(new SubscribeOutcome.Rejected(ErrorType.TELEMETRY_SUBSCRIPTION_CLOSED,
                "Telemetry API subscription is closed"));
        assertThat(l).isEqualTo(new SubscribeOutcome.Rejected(ErrorType.LOGS_SUBSCRIPTION_CLOSED,
                "Logs API subscription is closed already"));
        assertThat(ErrorType.TELEMETRY_SUBSCRIPTION_CLOSED.httpStatus()).isEqualTo(403);
        assertThat(hub.subscriptionsOpen()).isFalse();
        assertThat(hub.stats()).isEmpty();
    }

    @Test
    void closedValidationStillComesFirst() {
        hub.closeSubscriptions();
        assertThat(hub.subscribe(SubscriptionApi.TELEMETRY, "ext", TelemetryFixtures.json("{}")))
                .extracting(o -> ((SubscribeOutcome.Rejected) o).errorType())
                .isEqualTo(ErrorType.TELEMETRY_VALIDATION_ERROR);
    }

    @Test
    void oneExtensionCannotUseBothApis() {
        assertThat(hub.subscribe(SubscriptionApi.TELEMETRY, "ext", telemetry("[\"platform\"]")))
                .isEqualTo(SubscribeOutcome.SUBSCRIBED);

        SubscribeOutcome second = hub.subscribe(SubscriptionApi.LOGS, "ext",
                tcpBody("2020-08-15", "[\"function\"]", null, tcp.port()));

        assertThat(second).isInstanceOfSatisfying(SubscribeOutcome.Rejected.class, r -> {
            assertThat(r.errorType()).isEqualTo(ErrorType.LOGS_VALIDATION_ERROR);
            assertThat(r.message()).contains("cannot use both");
        });
        // the other way round, for another extension
        assertThat(hub.subscribe(SubscriptionApi.LOGS, "other", tcpBody("2020-08-15", "[\"function\"]", null, tcp.port())))
                .isEqualTo(SubscribeOutcome.SUBSCRIBED);
        assertThat(hub.subscribe(SubscriptionApi.TELEMETRY, "other", telemetry("[\"platform\"]")))
                .extracting(o -> ((SubscribeOutcome.Rejected) o).errorType())
                .isEqualTo(ErrorType.TELEMETRY_VALIDATION_ERROR);
        assertThat(hub.stats()).extracting(SubscriberStats::extensionName).containsExactly("ext", "other");
    }

    @Test
    void logsApiSubscribeIsIdempotentTelemetryIsNot() {
        byte[] logs = tcpBody("2021-03-18", "[\"platform\"]", "{\"timeoutMs\":25}", tcp.port());
        assertThat(hub.subscribe(SubscriptionApi.LOGS, "ext", logs)).isEqualTo(SubscribeOutcome.SUBSCRIBED);
        assertThat(hub.subscribe(SubscriptionApi.LOGS, "ext", logs)).isEqualTo(SubscribeOutcome.SUBSCRIBED);
        assertThat(hub.stats()).hasSize(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> tcp.envelopes().size() == 1);
        assertThat(tcp.envelopes().getFirst().type()).isEqualTo("platform.logsSubscription");

        assertThat(hub.subscribe(SubscriptionApi.TELEMETRY, "t", telemetry("[\"platform\"]")))
                .isEqualTo(SubscribeOutcome.SUBSCRIBED);
        assertThat(hub.subscribe(SubscriptionApi.TELEMETRY, "t", telemetry("[\"platform\"]")))
                .isInstanceOf(SubscribeOutcome.Rejected.class);
    }

    @Test
    void newSubscriberIsReplayedThisInitsEventsThenItsOwnSubscription() {
        hub.onEvent(initStart());
        hub.onEvent(line(1));
        hub.onEvent(new PlatformEvent.ExtensionLine(T, "other", "ext line"));

        assertThat(hub.subscribe(SubscriptionApi.TELEMETRY, "ext", telemetry("[\"platform\",\"function\"]")))
                .isEqualTo(SubscribeOutcome.SUBSCRIBED);
        hub.onEvent(line(2));

        await().atMost(Duration.ofSeconds(5)).until(() -> http.envelopes().size() == 4);
        List<TelemetryEnvelope> got = http.envelopes();
        assertThat(got).extracting(TelemetryEnvelope::type)
                .containsExactly("platform.initStart", "function", "platform.telemetrySubscription", "function");
        assertThat(got.get(2).record().toString())
                .isEqualTo("{\"name\":\"ext\",\"state\":\"Subscribed\",\"types\":[\"platform\",\"function\"]}");
        assertThat(TelemetryFixtures.functionLines(got)).containsExactly("line-1", "line-2");
    }

    @Test
    void laterSubscribersSeeEarlierSubscriptionsAndEarlierOnesSeeLaterOnes() {
        hub.subscribe(SubscriptionApi.TELEMETRY, "a", telemetry("[\"platform\"]"));
        hub.subscribe(SubscriptionApi.TELEMETRY, "b",
                tcpBody("2022-07-01", "[\"platform\"]", "{\"timeoutMs\":25}", tcp.port()));

        await().atMost(Duration.ofSeconds(5)).until(() -> http.envelopes().size() == 2 && tcp.envelopes().size() == 2);
        assertThat(http.envelopes()).extracting(e -> e.record().get("name").asText()).containsExactly("a", "b");
        assertThat(tcp.envelopes()).extracting(e -> e.record().get("name").asText()).containsExactly("a", "b");
    }

    @Test
    void eventsAfterInitAreNotReplayedAndResetReopens() {
        hub.onEvent(initStart());
        hub.closeSubscriptions();
        hub.onEvent(line(1));

        hub.reset();
        assertThat(hub.subscriptionsOpen()).isTrue();
        hub.onEvent(initStart());
        assertThat(hub.subscribe(SubscriptionApi.TELEMETRY, "ext", telemetry("[\"platform\",\"function\"]")))
                .isEqualTo(SubscribeOutcome.SUBSCRIBED);

        await().atMost(Duration.ofSeconds(5)).until(() -> http.envelopes().size() == 2);
        assertThat(http.types()).containsExactly("platform.initStart", "platform.telemetrySubscription");
    }

    @Test
    void resetAbandonsSubscribers() {
        hub.subscribe(SubscriptionApi.TELEMETRY, "ext", telemetry("[\"function\"]"));
        hub.reset();
        assertThat(hub.stats()).isEmpty();
        assertThat(hub.subscribe(SubscriptionApi.TELEMETRY, "ext", telemetry("[\"function\"]")))
                .isEqualTo(SubscribeOutcome.SUBSCRIBED);
    }

    @Test
    void routesByCategory() {
        hub.subscribe(SubscriptionApi.TELEMETRY, "ext", telemetry("[\"extension\"]"));
        hub.onEvent(line(1));
        hub.onEvent(initStart());
        hub.onEvent(new PlatformEvent.ExtensionLine(T, "ext", "mine"));

        await().atMost(Duration.ofSeconds(5)).until(() -> !http.envelopes().isEmpty());
        assertThat(hub.flush(Duration.ofSeconds(5)).join()).isTrue();
        assertThat(http.types()).containsExactly("extension");
    }
}
