package dev.lamina.service.http;

import dev.lamina.service.core.Commands.GetFunctionCode;
import dev.lamina.service.core.FunctionService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Lamina's code download, GetFunction's {@code Code.Location}: {@code GET .../{name}/code-zip} → the zip. */
final class GetFunctionCodeHandler implements OperationHandler {

    private final FunctionService functions;
    private final FunctionRefs refs;

    GetFunctionCodeHandler(FunctionService functions, FunctionRefs refs) {
        this.functions = functions;
        this.refs = refs;
    }

    @Override
    public ApiResponse handle(ApiRequest request, Route route) {
        Path zip = functions.codeZip(new GetFunctionCode(refs.of(request, route)));
        try {
            return ApiResponse.empty(200).with("Content-Type", "application/zip").withBody(Files.readAllBytes(zip));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read stored code " + zip, e);
        }
    }
}
