package dev.lamina.service.core;

import dev.lamina.protocol.FunctionArn;

/** The region and account this Lamina presents itself as. */
public record Identity(String region, String accountId) {

    public String functionArn(String name) {
        return FunctionArn.of(region, accountId, name).toString();
    }

    /** The ARN of a reference, with its qualifier when it has one (for messages and {@code invokedFunctionArn}). */
    public String functionArn(FunctionRef ref) {
        return FunctionArn.of(region, accountId, ref.name()).withQualifier(ref.qualifier()).toString();
    }
}
