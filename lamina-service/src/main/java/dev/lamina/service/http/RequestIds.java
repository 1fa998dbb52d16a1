package dev.lamina.service.http;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids: random (version 4) UUIDs drawn from {@link ThreadLocalRandom}. {@link UUID#randomUUID()} draws from
 * {@code SecureRandom}, which on Linux reads {@code /dev/urandom} under a lock on every call — on the Netty event loop
 * for every request. A request id is not a secret: a runtime can only use the id of the invoke it was handed, on its
 * own environment's Runtime API.
 */
final class RequestIds {
    private RequestIds() {}

    static String next() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long lsb = (r.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48); // IETF variant
        return new UUID(msb, lsb).toString();
    }
}
