package dev.lamina.cli;

import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lamina invoke}: invokes a function on a running Lamina through the Lambda REST API. */
@Command(name = "invoke", mixinStandardHelpOptions = true,
        description = "Invoke a function on a running Lamina and print its response.")
final class InvokeCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "Function name or ARN.")
    String function;

    @Option(names = "--payload", description = "The event, as JSON (default: {}).", defaultValue = "{}")
    String payload;

    @Option(names = "--endpoint", description = "Lamina's URL (default: ${DEFAULT-VALUE}).",
            defaultValue = "http://127.0.0.1:9001")
    URI endpoint;

    @Option(names = "--log", description = "Also print the invoke's log (X-Amz-Log-Type: Tail) to stderr.")
    boolean log;

    @Override
    public Integer call() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve(
                        "/2015-03-31/functions/" + URLEncoder.encode(function, StandardCharsets.UTF_8) + "/invocations"))
                .header("X-Amz-Log-Type", log ? "Tail" : "None")
                .POST(HttpRequest.BodyPublishers.ofString(payload))
                .build();
        HttpResponse<String> response;
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        }
        PrintStream err = System.err;
        if (log) {
            response.headers().firstValue("X-Amz-Log-Result")
                    .ifPresent(b64 -> err.print(new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8)));
        }
        System.out.println(response.body());
        if (response.statusCode() >= 300) {
            err.println("lamina: HTTP " + response.statusCode() + " "
                    + response.headers().firstValue("X-Amzn-ErrorType").orElse(""));
            return 2;
        }
        return response.headers().firstValue("X-Amz-Function-Error").isPresent() ? 1 : 0;
    }
}
