package dev.lamina.bench.load;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection from a benchmark caller: a raw socket and a minimal response parser, the same for
 * Lamina and the floor, so the caller's cost is equal on both sides and small. Not thread-safe: one per caller.
 */
public final class HttpConnection implements AutoCloseable {

    /** A response: status and body. */
    public record Response(int status, byte[] body, String logResult) {}

    private final InetSocketAddress address;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    public HttpConnection(InetSocketAddress address) {
        this.address = address;
    }

    /** An encoded {@code POST} request, built once and sent many times. */
    public static byte[] post(InetSocketAddress to, String path, byte[] body, String... extraHeaders) {
        StringBuilder head = new StringBuilder(256).append("POST ").append(path).append(" HTTP/1.1\r\nHost: ")
                .append(to.getHostString()).append(':').append(to.getPort())
                .append("\r\nContent-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        for (String h : extraHeaders) {
            head.append(h).append("\r\n");
        }
        byte[] h = head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[h.length + body.length];
        System.arraycopy(h, 0, request, 0, h.length);
        System.arraycopy(body, 0, request, h.length, body.length);
        return request;
    }

    /** Sends an encoded request and reads its response, (re)connecting when needed. */
    public Response exchange(byte[] request) throws IOException {
        if (socket == null) {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(address, 5_000);
            socket.setSoTimeout(125_000); // the benchmark functions' timeout (120 s) plus a margin: a stuck invoke fails
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            out = socket.getOutputStream();
        }
        try {
            out.write(request);
            out.flush();
            return read();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private Response read() throws IOException {
        String status = line();
        if (status.length() < 12) {
            throw new IOException("connection closed or bad status line: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        int length = -1;
        boolean close = false;
        String logResult = null;
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            String name = h.substring(0, colon);
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Integer.parseInt(h.substring(colon + 1).trim());
            } else if (name.equalsIgnoreCase("Connection")) {
                close = h.substring(colon + 1).trim().equalsIgnoreCase("close");
            } else if (name.equalsIgnoreCase("X-Amz-Log-Result")) {
                logResult = h.substring(colon + 1).trim();
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                throw new IOException("chunked responses are not expected from Invoke");
            }
        }
        byte[] body = length >= 0 ? in.readNBytes(length) : in.readAllBytes();
        if (close || length < 0) {
            close();
        }
        return new Response(code, body, logResult);
    }

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

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }
    }
}
