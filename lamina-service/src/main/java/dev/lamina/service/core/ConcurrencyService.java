package dev.lamina.service.core;

import dev.lamina.protocol.control.FunctionConcurrency;
import dev.lamina.service.core.ConcurrencyCommands.DeleteFunctionConcurrency;
import dev.lamina.service.core.ConcurrencyCommands.GetFunctionConcurrency;
import dev.lamina.service.core.ConcurrencyCommands.PutFunctionConcurrency;

/**
 * Put/Get/DeleteFunctionConcurrency. A reservation may not leave less than {@link #minimumUnreserved()} of the
 * account's concurrency unreserved: Lambda keeps 100 of its default 1,000; Lamina keeps min(100, limit / 10), so a
 * small configured limit can still be reserved.
 */
public final class ConcurrencyService {

    private final FunctionService functions;
    private final Reservations reservations;
    private final Identity identity;
    private final int accountLimit;

    public ConcurrencyService(FunctionService functions, Reservations reservations, Identity identity,
            int accountLimit) {
        this.functions = functions;
        this.reservations = reservations;
        this.identity = identity;
        this.accountLimit = accountLimit;
    }

    /** How much of the account's concurrency stays unreserved: min(100, limit / 10). */
    public int minimumUnreserved() {
        return minimumUnreserved(accountLimit);
    }

    static int minimumUnreserved(int accountLimit) {
        return Math.min(100, accountLimit / 10);
    }

    public FunctionConcurrency put(PutFunctionConcurrency command) {
        Integer n = command.reservedConcurrentExecutions();
        if (n == null) {
            throw LaminaException.constraint(null, "reservedConcurrentExecutions", "Member must not be null");
        }
        if (n < 0) {
            throw LaminaException.constraint(n, "reservedConcurrentExecutions",
                    "Member must have value greater than or equal to 0");
        }
        FunctionRecord f = functions.find(command.ref());
        if (!reservations.put(f.name(), n, accountLimit - minimumUnreserved(), identity.functionArn(f.name()))) {
            throw LaminaException.invalidParameter("Specified ReservedConcurrentExecutions for function decreases "
                    + "account's UnreservedConcurrentExecution below its minimum value of [" + minimumUnreserved()
                    + "].");
        }
        return new FunctionConcurrency(n);
    }

    public FunctionConcurrency get(GetFunctionConcurrency command) {
        FunctionRecord f = functions.find(command.ref());
        return new FunctionConcurrency(reservations.of(f.name()));
    }

    public void delete(DeleteFunctionConcurrency command) {
        FunctionRecord f = functions.find(command.ref());
        reservations.delete(f.name());
    }
}
