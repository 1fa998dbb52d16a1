package dev.lamina.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The holder answers a request only once released while holding, and at once otherwise. No timings. */
class HolderTest {
    private static final byte[] REQUEST = "GET /hold HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void holdsRequestsUntilReleasedThenAnswersAtOnce() throws Exception {
        try (Holder holder = Holder.open()) {
            holder.hold();
            try (Socket a = ask(holder); Socket b = ask(holder)) {
                assertThat(holder.awaitHeld(2, System.nanoTime() + 10_000_000_000L)).isTrue();
                assertThat(a.getInputStream().available()).isZero(); // held: only release() writes an answer
                holder.release();
                assertThat(holder.held()).isZero();
                assertThat(answer(a)).startsWith("HTTP/1.1 200 OK");
                assertThat(answer(b)).startsWith("HTTP/1.1 200 OK");
            }
            try (Socket late = ask(holder)) { // released: not held any more
                assertThat(answer(late)).startsWith("HTTP/1.1 200 OK");
                assertThat(holder.held()).isZero();
            }
        }
    }

    @Test
    void aRequestHeadSplitAcrossWritesIsHeldOnceComplete() throws Exception {
        try (Holder holder = Holder.open(); Socket s = new Socket(InetAddress.getLoopbackAddress(), holder.port())) {
            holder.hold();
            s.getOutputStream().write("GET /hold HTTP/1.1\r\nHost: h\r\n\r".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            s.getOutputStream().write('\n');
            assertThat(holder.awaitHeld(1, System.nanoTime() + 10_000_000_000L)).isTrue();
            holder.release();
            assertThat(answer(s)).startsWith("HTTP/1.1 200 OK");
        }
    }

    private static Socket ask(Holder holder) throws Exception {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), holder.port());
        s.getOutputStream().write(REQUEST);
        return s;
    }

    private static String answer(Socket s) throws Exception {
        InputStream in = s.getInputStream();
        return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
}
