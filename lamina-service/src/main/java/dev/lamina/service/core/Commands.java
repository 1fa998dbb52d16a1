package dev.lamina.service.core;

import dev.lamina.protocol.control.CreateFunctionRequest;
import dev.lamina.protocol.control.UpdateFunctionCodeRequest;
import dev.lamina.protocol.control.UpdateFunctionConfigurationRequest;

/** The commands {@link FunctionService} takes: one record per control-plane operation on functions. */
public final class Commands {
    private Commands() {}

    /** A command to the function service. */
    public sealed interface FunctionCommand
            permits CreateFunction, GetFunction, GetFunctionConfiguration, ListFunctions, UpdateFunctionCode,
                    UpdateFunctionConfiguration, DeleteFunction, GetFunctionCode {}

    public record CreateFunction(CreateFunctionRequest request) implements FunctionCommand {}

    /** @param codeBaseUrl the base URL the code download location is built on, e.g. {@code http://127.0.0.1:9001} */
    public record GetFunction(FunctionRef ref, String codeBaseUrl) implements FunctionCommand {}

    public record GetFunctionConfiguration(FunctionRef ref) implements FunctionCommand {}

    /** @param maxItems null for the default page size */
    public record ListFunctions(String marker, Integer maxItems) implements FunctionCommand {}

    public record UpdateFunctionCode(FunctionRef ref, UpdateFunctionCodeRequest request) implements FunctionCommand {}

    public record UpdateFunctionConfiguration(FunctionRef ref, UpdateFunctionConfigurationRequest request)
            implements FunctionCommand {}

    public record DeleteFunction(FunctionRef ref) implements FunctionCommand {}

    /** Lamina's own: the deployment zip of a function, served at GetFunction's {@code Code.Location}. */
    public record GetFunctionCode(FunctionRef ref) implements FunctionCommand {}
}
