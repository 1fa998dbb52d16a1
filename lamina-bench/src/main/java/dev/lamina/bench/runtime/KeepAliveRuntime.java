package dev.lamina.bench.runtime;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The minimal benchmark runtime: loops {@code GET …/invocation/next} → {@code POST …/{id}/response} (echoing the
 * event) over ONE keep-alive HTTP/1.1 connection with a raw socket, so the runtime's own cost does not hide the
 * platform's. It depends on the JDK only and is a single class (no nested classes, no lambdas), so its one class file
 * is the whole function: {@link FunctionPackages} zips it with a {@code bootstrap} that runs it.
 *
 * <p>After answering an event that starts with {@code {"hold":"host:port"}}, the runtime sends an HTTP request to that
 * address (a {@code dev.lamina.bench.load.Holder}) and waits for the answer before it asks for the next event. The
 * platform counts the invoke in flight until the runtime is back in {@code next}, so a held runtime keeps its
 * environment busy without using CPU, and the next invoke needs another environment (the {@code idle} scenario holds
 * a shell runtime the same way, {@code bench/hold-bootstrap}).
 *
 * <p>Reconnects when the server closes the connection; exits when it cannot connect.
 */
public final class KeepAliveRuntime {

    private static final String NEXT = "/2018-06-01/runtime/invocation/next";
    private static final String INVOCATION = "/2018-06-01/runtime/invocation/";
    private static final String HOLD = "{\"hold\":\"";

    private final String hostPort;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private String requestId;

    private KeepAliveRuntime(String hostPort) {
        this.hostPort = hostPort;
    }

    public static void main(String[] args) throws IOException {
        String api = System.getenv("AWS_LAMBDA_RUNTIME_API");
        if (api == null || api.isEmpty()) {
            System.err.println("AWS_LAMBDA_RUNTIME_API is not set");
            System.exit(2);
        }
        new KeepAliveRuntime(api).loop();
    }

    private void loop() throws IOException {
        byte[] getNext = ("GET " + NEXT + " HTTP/1.1\r\nHost: " + hostPort + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        while (true) {
            byte[] event = exchange(getNext);
            if (event == null) {
                continue; // reconnected: ask again
            }
            byte[] head = ("POST " + INVOCATION + requestId + "/response HTTP/1.1\r\nHost: " + hostPort
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + event.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] request = new byte[head.length + event.length];
            System.arraycopy(head, 0, request, 0, head.length);
            System.arraycopy(event, 0, request, head.length, event.length);
            exchange(request); // a lost connection loses this response; the platform reports it
            hold(event);
        }
    }

    /** Asks the holder named by a {@code {"hold":"host:port"}} event, which answers only when it releases. */
    private static void hold(byte[] event) {
        String e = new String(event, StandardCharsets.US_ASCII);
        if (!e.startsWith(HOLD)) {
            return;
        }
        String to = e.substring(HOLD.length(), e.indexOf('"', HOLD.length()));
        int colon = to.lastIndexOf(':');
        try (Socket s = new Socket(to.substring(0, colon), Integer.parseInt(to.substring(colon + 1)))) {
            s.getOutputStream().write(("GET /hold HTTP/1.1\r\nHost: " + to + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            s.getInputStream().readAllBytes(); // the answer comes, and the connection closes, at release
        } catch (IOException ignored) {
            // the holder is gone: answer now
        }
    }

    /** Writes one request and reads its response body; null when the connection had to be re-opened. */
    private byte[] exchange(byte[] request) throws IOException {
        if (socket == null) {
            connect();
        }
        try {
            out.write(request);
            out.flush();
            return readResponse();
        } catch (IOException e) {
            close();
            return null;
        }
    }

    private void connect() throws IOException {
        int colon = hostPort.lastIndexOf(':');
        socket = new Socket(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        out = socket.getOutputStream();
    }

    private void close() {
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        socket = null;
    }

    /** Reads status line and headers (remembering the request id), then a Content-Length or chunked body. */
    private byte[] readResponse() throws IOException {
        String status = line();
        if (status.isEmpty()) {
            throw new IOException("connection closed");
        }
        int length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            String name = h.substring(0, colon).trim();
            String value = h.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Integer.parseInt(value);
            } else if (name.equalsIgnoreCase("Lambda-Runtime-Aws-Request-Id")) {
                requestId = value;
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                chunked = value.equalsIgnoreCase("chunked");
            } else if (name.equalsIgnoreCase("Connection")) {
                close = value.equalsIgnoreCase("close");
            }
        }
        byte[] body;
        if (chunked) {
            body = chunkedBody();
        } else if (length >= 0) {
            body = in.readNBytes(length);
        } else {
            body = in.readAllBytes();
            close = true;
        }
        if (close) {
            close();
        }
        return body;
    }

    private byte[] chunkedBody() throws IOException {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        while (true) {
            String size = line();
            int semi = size.indexOf(';');
            int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
            if (n == 0) {
                while (!line().isEmpty()) {
                    // trailers
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(n));
            line();
        }
    }

    /** One CRLF-terminated line (ASCII), without its terminator; empty at end of stream. */
    private String line() throws IOException {
        StringBuilder s = new StringBuilder(64);
        for (int c = in.read(); c != -1; c = in.read()) {
            if (c == '\n') {
                int len = s.length();
                if (len > 0 && s.charAt(len - 1) == '\r') {
                    s.setLength(len - 1);
                }
                return s.toString();
            }
            s.append((char) c);
        }
        return "";
    }
}
