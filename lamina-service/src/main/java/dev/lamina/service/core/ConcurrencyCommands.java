package dev.lamina.service.core;

/** The commands {@link ConcurrencyService} takes: one record per reserved-concurrency operation. */
public final class ConcurrencyCommands {
    private ConcurrencyCommands() {}

    /** A command to the concurrency service. */
    public sealed interface ConcurrencyCommand
            permits PutFunctionConcurrency, GetFunctionConcurrency, DeleteFunctionConcurrency {}

    /** @param reservedConcurrentExecutions as sent; null when the member was missing */
    public record PutFunctionConcurrency(FunctionRef ref, Integer reservedConcurrentExecutions)
            implements ConcurrencyCommand {}

    public record GetFunctionConcurrency(FunctionRef ref) implements ConcurrencyCommand {}

    public record DeleteFunctionConcurrency(FunctionRef ref) implements ConcurrencyCommand {}
}
