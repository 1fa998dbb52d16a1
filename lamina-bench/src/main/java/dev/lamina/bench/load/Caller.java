package dev.lamina.bench.load;

import java.net.InetSocketAddress;

/**
 * One benchmark caller's target: where to send, and the encoded Invoke request for its function.
 *
 * @param address the Invoke endpoint
 * @param request the encoded {@code POST …/functions/{name}/invocations}
 */
public record Caller(InetSocketAddress address, byte[] request) {

    /** The small JSON event every benchmark invoke sends (the runtimes echo it). */
    public static final byte[] EVENT = "{\"bench\":\"lamina\",\"n\":1}".getBytes();

    public static Caller invoke(InetSocketAddress address, String functionName) {
        return new Caller(address, HttpConnection.post(address,
                "/2015-03-31/functions/" + functionName + "/invocations", EVENT));
    }
}
