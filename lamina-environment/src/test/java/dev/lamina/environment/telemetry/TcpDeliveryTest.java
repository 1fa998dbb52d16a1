package dev.lamina.environment.telemetry;

import static dev.lamina.environment.telemetry.TelemetryFixtures.functionLines;
import static dev.lamina.environment.telemetry.TelemetryFixtures.line;
import static dev.lamina.environment.telemetry.TelemetryFixtures.tcpBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** NDJSON over one kept TCP connection. */
class TcpDeliveryTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final TelemetryHub hub = TelemetryHub.builder().build();
    private final RecordingTcpSubscriber tcp;

    TcpDeliveryTest() throws IOException {
        tcp = new RecordingTcpSubscriber();
    }

    @AfterEach
    void close() throws IOException {
        hub.close();
        tcp.close();
    }

    @Test
    void aHundredThousandLinesArriveInOrderOverOneConnection() {
        assertThat(hub.subscribe(SubscriptionApi.TELEMETRY, "ext",
                tcpBody("2025-01-29", "[\"platform\",\"function\"]",
                        "{\"maxItems\":10000,\"maxBytes\":1048576,\"timeoutMs\":25}", tcp.port())))
                .isEqualTo(SubscribeOutcome.SUBSCRIBED);
        int total = 100_000;
        for (int i = 0; i < total; i++) {
            hub.onEvent(line(i));
            if (i % 5_000 == 4_999) {
                await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2))
                        .until(() -> hub.stats().getFirst().queuedBytes() <= 2 * 1048576);
            }
        }
        assertThat(hub.flush(WAIT).join()).isTrue();

        await().atMost(WAIT).until(() -> tcp.received() == total + 1);
        assertThat(tcp.envelopes().getFirst().type()).isEqualTo("platform.telemetrySubscription");
        assertThat(functionLines(tcp.envelopes())).containsExactlyElementsOf(
                IntStream.range(0, total).mapToObj(i -> "line-" + i).toList());
        assertThat(tcp.connectionsAccepted()).isEqualTo(1);
        assertThat(hub.stats().getFirst().droppedRecords()).isZero();
    }
}
