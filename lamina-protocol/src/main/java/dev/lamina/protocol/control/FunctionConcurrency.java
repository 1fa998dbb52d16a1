package dev.lamina.protocol.control;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A function's reserved concurrency, {@code {"ReservedConcurrentExecutions": n}}: the body of PutFunctionConcurrency
 * (request and answer), the answer of GetFunctionConcurrency ({@code {}} when none is reserved) and GetFunction's
 * {@code Concurrency} (§6.1, §6.4).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FunctionConcurrency(@JsonProperty("ReservedConcurrentExecutions") Integer reservedConcurrentExecutions) {

    /** No reservation: {@code {}}. */
    public static final FunctionConcurrency NONE = new FunctionConcurrency(null);
}
