package dev.lamina.service.invoke;

import dev.lamina.service.core.LaminaException;

/** {@code X-Amz-Invocation-Type} (§6.2). */
public enum InvocationType {
    REQUEST_RESPONSE("RequestResponse"),
    EVENT("Event"),
    DRY_RUN("DryRun");

    private final String wire;

    InvocationType(String wire) {
        this.wire = wire;
    }

    /** Parses the header; absent means RequestResponse. */
    public static InvocationType parse(String header) {
        if (header == null || header.isEmpty()) {
            return REQUEST_RESPONSE;
        }
        for (InvocationType t : values()) {
            if (t.wire.equals(header)) {
                return t;
            }
        }
        throw LaminaException.constraint(header, "invocationType",
                "Member must satisfy enum value set: [Event, RequestResponse, DryRun]");
    }
}
