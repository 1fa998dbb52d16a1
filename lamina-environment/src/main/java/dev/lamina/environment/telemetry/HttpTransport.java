package dev.lamina.environment.telemetry;

import dev.lamina.protocol.telemetry.TelemetryApi;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * POSTs each batch as a JSON array to {@code http://<sandbox address>:<port><path>} with
 * {@code Content-Type: application/json} and {@code Sequence-Id} (contract §3.2), over one kept-alive HTTP/1.1
 * connection per subscriber, opened through the environment's {@link SocketOpener} (the JDK's HTTP client cannot
 * be given a socket, and the subscriber listens in the environment's own network). Runs on the subscriber's sender
 * thread. A status ≥ 400, an I/O error or no answer within {@code timeout} fails the batch. When a kept connection
 * fails before any byte of an answer (the subscriber closed it while idle: broken pipe, reset or end of stream), the
 * batch is sent once more on a new connection — at least once, as a subscriber that took the batch and then closed
 * without answering would see it twice. {@link #close()} closes the socket, unblocking a send.
 */
final class HttpTransport implements Transport {
    private static final int MAX_HEADER_LINE = 8192;
    /** The request goes out in writes of this size (a batch is up to {@code maxBytes}, 1 MiB at most). */
    private static final int WRITE_BUFFER = 64 * 1024;
    private static final byte[] OPEN = {'['};
    private static final byte[] COMMA = {','};
    private static final byte[] CLOSE = {']'};

    private final SocketOpener sockets;
    private final InetSocketAddress target;
    private final String requestHead;
    private final int timeoutMs;
    private final int connectTimeoutMs;
    private volatile Socket socket;
    private volatile boolean closed;
    private InputStream in;
    private OutputStream out;
    /** Whether the current exchange received any byte of an answer (then it is never retried). */
    private boolean answered;

    HttpTransport(SocketOpener sockets, InetAddress address, SubscriptionSpec.Http destination, Duration timeout,
            Duration connectTimeout) {
        this.sockets = sockets;
        this.target = new InetSocketAddress(address, destination.port());
        String host = address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]"
                : address.getHostAddress();
        this.requestHead = "POST " + destination.pathAndQuery() + " HTTP/1.1\r\nHost: " + host + ":"
                + destination.port() + "\r\nContent-Type: application/json\r\n";
        this.timeoutMs = millis(timeout);
        this.connectTimeoutMs = millis(connectTimeout);
    }

    private static int millis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }

    @Override
    public String send(Batch batch) {
        // the body is never assembled: its length and digest come from the records, which are then written
        // through the socket's buffer (one large write per 64 KiB, not a copy of the batch plus per-record writes)
        long length = bodyLength(batch);
        byte[] head = (requestHead + TelemetryApi.HEADER_SEQUENCE_ID + ": " + sequenceId(batch) + "\r\nContent-Length: "
                + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        boolean reused = socket != null;
        try {
            return exchange(head, batch);
        } catch (IOException e) {
            disconnect();
            if (!reused || answered) {
                return e.toString();
            }
        }
        try {
            return exchange(head, batch); // the subscriber had closed the kept connection: one new attempt
        } catch (IOException e) {
            disconnect();
            return e.toString();
        }
    }

    private String exchange(byte[] head, Batch batch) throws IOException {
        answered = false;
        if (socket == null) {
            connect();
        }
        out.write(head);
        writeArray(batch, out);
        out.flush();
        String status = line(true);
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response: " + status);
        }
        int code = Integer.parseInt(parts[1]);
        long length = -1;
        boolean chunked = false;
        boolean close = parts[0].equals("HTTP/1.0");
        String header;
        while (!(header = line(false)).isEmpty()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.contains("chunked");
                case "connection" -> close = value.contains("close") || (close && !value.contains("keep-alive"));
                default -> { }
            }
        }
        if (chunked) {
            long size;
            while ((size = Long.parseLong(line(false).split(";", 2)[0].trim(), 16)) > 0) {
                skip(size);
                line(false);
            }
            while (!line(false).isEmpty()) {
                // trailers
            }
        } else if (length >= 0) {
            skip(length);
        } else if (code != 204 && code != 304) {
            close = true;
            in.transferTo(OutputStream.nullOutputStream());
        }
        if (close) {
            disconnect();
        }
        return code >= 400 ? "HTTP status " + code : null;
    }

    private void connect() throws IOException {
        Socket s = sockets.open().socket();
        socket = s;
        if (closed) {
            disconnect();
            throw new IOException("closed");
        }
        s.connect(target, connectTimeoutMs);
        s.setTcpNoDelay(true);
        s.setSoTimeout(timeoutMs);
        in = new BufferedInputStream(s.getInputStream(), 8192);
        out = new BufferedOutputStream(s.getOutputStream(), WRITE_BUFFER);
    }

    /** One CRLF-terminated line of the response. */
    private String line(boolean statusLine) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException(statusLine && sb.isEmpty() ? "connection closed before the response"
                        : "connection closed in the middle of the response");
            }
            answered = true;
            if (sb.length() > MAX_HEADER_LINE) {
                throw new IOException("response line longer than " + MAX_HEADER_LINE + " bytes");
            }
            sb.append((char) c);
        }
        int end = sb.length();
        return sb.substring(0, end > 0 && sb.charAt(end - 1) == '\r' ? end - 1 : end);
    }

    private void skip(long n) throws IOException {
        long left = n;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException("connection closed in the middle of the response body");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    private void disconnect() {
        Socket s = socket;
        socket = null;
        in = null;
        out = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // gone either way
            }
        }
    }

    /** The batch as one JSON array (what {@link #send} writes). */
    static byte[] jsonArray(Batch batch) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8,
                bodyLength(batch)));
        try {
            writeArray(batch, buffer);
        } catch (IOException e) {
            throw new IllegalStateException("a ByteArrayOutputStream does not fail", e);
        }
        return buffer.toByteArray();
    }

    private static long bodyLength(Batch batch) {
        List<byte[]> records = batch.records();
        long length = 2 + Math.max(0, records.size() - 1); // [ ] and the commas
        for (byte[] r : records) {
            length += r.length;
        }
        return length;
    }

    private static void writeArray(Batch batch, OutputStream to) throws IOException {
        to.write('[');
        List<byte[]> records = batch.records();
        for (int i = 0; i < records.size(); i++) {
            if (i > 0) {
                to.write(',');
            }
            to.write(records.get(i));
        }
        to.write(']');
    }

    /** {@code Sequence-Id}: base64(SHA-256(body)) as RIE-LMI sends it, digested record by record. */
    static String sequenceId(Batch batch) {
        MessageDigest sha = sha256();
        sha.update(OPEN);
        List<byte[]> records = batch.records();
        for (int i = 0; i < records.size(); i++) {
            if (i > 0) {
                sha.update(COMMA);
            }
            sha.update(records.get(i));
        }
        sha.update(CLOSE);
        return Base64.getEncoder().encodeToString(sha.digest());
    }

    static String sequenceId(byte[] body) {
        return Base64.getEncoder().encodeToString(sha256().digest(body));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing unblocks the sender; failures here change nothing
            }
        }
    }
}
