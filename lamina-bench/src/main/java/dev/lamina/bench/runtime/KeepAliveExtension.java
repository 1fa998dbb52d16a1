package dev.lamina.bench.runtime;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The minimal benchmark extension: registers for {@code INVOKE} and {@code SHUTDOWN}, then loops on
 * {@code GET …/extension/event/next} over ONE keep-alive HTTP/1.1 connection with a raw socket, doing nothing with
 * the events, so the {@code extension} scenario measures what the platform adds for an extension, not the extension.
 * Exits after {@code SHUTDOWN}. JDK only and a single class, like {@link KeepAliveRuntime}; its argument is its name
 * (the file name under {@code /opt/extensions}).
 */
public final class KeepAliveExtension {

    private static final String REGISTER = "/2020-01-01/extension/register";
    private static final String NEXT = "/2020-01-01/extension/event/next";

    private final InputStream in;
    private final OutputStream out;
    private String identifier;

    private KeepAliveExtension(Socket socket) throws IOException {
        this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        this.out = socket.getOutputStream();
    }

    public static void main(String[] args) throws IOException {
        String api = System.getenv("AWS_LAMBDA_RUNTIME_API");
        if (api == null || api.isEmpty() || args.length != 1) {
            System.err.println("usage: AWS_LAMBDA_RUNTIME_API=host:port KeepAliveExtension <name>");
            System.exit(2);
        }
        int colon = api.lastIndexOf(':');
        try (Socket socket = new Socket(api.substring(0, colon), Integer.parseInt(api.substring(colon + 1)))) {
            socket.setTcpNoDelay(true);
            new KeepAliveExtension(socket).loop(api, args[0]);
        }
    }

    private void loop(String hostPort, String name) throws IOException {
        byte[] body = "{\"events\":[\"INVOKE\",\"SHUTDOWN\"]}".getBytes(StandardCharsets.US_ASCII);
        write(("POST " + REGISTER + " HTTP/1.1\r\nHost: " + hostPort + "\r\nLambda-Extension-Name: " + name
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n"), body);
        readResponse();
        if (identifier == null) {
            throw new IOException("register answered without Lambda-Extension-Identifier");
        }
        String next = "GET " + NEXT + " HTTP/1.1\r\nHost: " + hostPort + "\r\nLambda-Extension-Identifier: "
                + identifier + "\r\n\r\n";
        while (true) {
            write(next, new byte[0]);
            String event = new String(readResponse(), StandardCharsets.UTF_8);
            if (event.contains("\"SHUTDOWN\"")) {
                return;
            }
        }
    }

    private void write(String head, byte[] body) throws IOException {
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[h.length + body.length];
        System.arraycopy(h, 0, request, 0, h.length);
        System.arraycopy(body, 0, request, h.length, body.length);
        out.write(request);
        out.flush();
    }

    /** Reads status line and headers (remembering the extension identifier), then a Content-Length body. */
    private byte[] readResponse() throws IOException {
        String status = line();
        if (status.isEmpty()) {
            throw new IOException("connection closed");
        }
        if (!status.contains(" 200 ")) {
            throw new IOException("unexpected answer: " + status);
        }
        int length = 0;
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            String header = h.substring(0, colon).trim();
            String value = h.substring(colon + 1).trim();
            if (header.equalsIgnoreCase("Content-Length")) {
                length = Integer.parseInt(value);
            } else if (header.equalsIgnoreCase("Lambda-Extension-Identifier")) {
                identifier = value;
            }
        }
        return in.readNBytes(length);
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
