package dev.lamina.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void nearestRankPercentiles() {
        Latencies l = new Latencies(1000);
        for (int i = 100; i >= 1; i--) {
            l.add(i);
        }
        assertThat(l.size()).isEqualTo(100);
        assertThat(l.percentile(50)).isEqualTo(50);
        assertThat(l.percentile(99)).isEqualTo(99);
        assertThat(l.max()).isEqualTo(100);
    }

    @Test
    void capacityBoundsSamplesButNotTheCount() {
        Latencies l = new Latencies(10);
        for (int i = 0; i < 25; i++) {
            l.add(i);
        }
        assertThat(l.size()).isEqualTo(25);
        assertThat(l.max()).isEqualTo(9);
        assertThat(new Latencies(5).percentile(50)).isNaN();
    }
}
