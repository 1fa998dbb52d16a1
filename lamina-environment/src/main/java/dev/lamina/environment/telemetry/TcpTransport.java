package dev.lamina.environment.telemetry;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * Writes each batch as NDJSON (one envelope per line) over one kept TCP connection to
 * {@code <sandbox address>:<port>} (contract §3.2), opened through the environment's {@link SocketOpener}. A failed write closes the connection; the next batch
 * reconnects. {@link #close()} closes the socket, which unblocks a write stuck on a subscriber that stopped
 * reading.
 */
final class TcpTransport implements Transport {
    private final InetSocketAddress target;
    private final int connectTimeoutMs;
    private volatile Socket socket;
    private OutputStream out;
    private volatile boolean closed;

    private final SocketOpener sockets;

    TcpTransport(SocketOpener sockets, InetAddress address, int port, Duration connectTimeout) {
        this.sockets = sockets;
        this.target = new InetSocketAddress(address, port);
        this.connectTimeoutMs = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
    }

    @Override
    public String send(Batch batch) {
        try {
            if (socket == null) {
                Socket s = sockets.open().socket();
                socket = s;
                if (closed) {
                    s.close();
                    return "closed";
                }
                s.connect(target, connectTimeoutMs);
                s.setTcpNoDelay(true);
                out = new BufferedOutputStream(s.getOutputStream(), 64 * 1024);
            }
            for (byte[] record : batch.records()) {
                out.write(record);
                out.write('\n');
            }
            out.flush();
            return null;
        } catch (IOException e) {
            disconnect();
            return e.toString();
        }
    }

    private void disconnect() {
        Socket s = socket;
        socket = null;
        out = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // nothing to do: the connection is gone either way
            }
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
