package dev.lamina.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lamina logs}: prints a function's log group (its {@code LoggingConfig.LogGroup}, by default
 * {@code /aws/lambda/<function>}) from a running Lamina, one
 * {@code <timestamp> <log stream> <message>} a line, as {@code aws logs tail} does; with {@code --follow} keeps
 * printing new lines until interrupted (or Lamina stops).
 */
@Command(name = "logs", mixinStandardHelpOptions = true,
        description = "Print a function's logs (its log group, by default /aws/lambda/<function>): every "
                + "environment's output and "
                + "the platform's START/END/REPORT lines, as `aws logs tail` prints them.")
final class LogsCommand implements Callable<Integer> {

    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx");

    @Parameters(index = "0", description = "Function name or ARN.")
    String function;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new log lines as they arrive, until Ctrl-C.")
    boolean follow;

    @Option(names = "--since", defaultValue = "10m",
            description = "From when: a duration ago (30s, 10m, 1h, 2d, 1w, PT10M) or an ISO-8601 instant "
                    + "(2026-11-27T18:00:00Z); 'all' for everything kept (default: ${DEFAULT-VALUE}).")
    String since;

    @Option(names = "--endpoint", description = "Lamina's URL (default: ${DEFAULT-VALUE}).",
            defaultValue = "http://127.0.0.1:9001")
    URI endpoint;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Instant from;
        try {
            from = since(since, clock.instant());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        StringBuilder query = new StringBuilder();
        if (from != null) {
            query.append("since=").append(from.toEpochMilli());
        }
        if (follow) {
            query.append(query.isEmpty() ? "" : "&").append("follow=true");
        }
        URI uri = endpoint.resolve("/lamina/logs/" + URLEncoder.encode(function, StandardCharsets.UTF_8)
                + (query.isEmpty() ? "" : "?" + query));
        HttpRequest request = HttpRequest.newBuilder(uri).GET().build();
        ObjectMapper json = new ObjectMapper();
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
            try (Stream<String> lines = response.body()) {
                if (response.statusCode() != 200) {
                    String body = String.join("\n", (Iterable<String>) lines::iterator);
                    String message = body;
                    try {
                        JsonNode error = json.readTree(body);
                        message = error.path("Message").asText(body);
                    } catch (IOException notJson) {
                        // print as is
                    }
                    err.println("lamina: " + response.headers().firstValue("X-Amzn-ErrorType")
                            .orElse("HTTP " + response.statusCode()) + ": " + message);
                    err.flush();
                    return 2;
                }
                Iterator<String> it = lines.iterator();
                while (it.hasNext()) {
                    String line = it.next();
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode event = json.readTree(line);
                    out.println(format(Instant.ofEpochMilli(event.path("timestamp").asLong()),
                            event.path("logStream").asText(), event.path("message").asText()));
                    out.flush();
                }
            } catch (IOException | UncheckedIOException e) {
                if (!follow) {
                    throw e;
                }
                // Lamina stopped while following: the end of the log, as far as we can tell
            }
        } catch (ConnectException e) {
            err.println("lamina: cannot reach Lamina at " + endpoint + " (is `lamina serve` running?)");
            err.flush();
            return 2;
        }
        return 0;
    }

    /** {@code <timestamp> <log stream> <message>}, the timestamp as {@code aws logs tail} prints it. */
    static String format(Instant timestamp, String logStream, String message) {
        return TIMESTAMP.format(OffsetDateTime.ofInstant(timestamp, ZoneOffset.UTC)) + " " + logStream + " " + message;
    }

    /**
     * @return the instant {@code value} names: a duration before {@code now} ({@code 30s}, {@code 10m}, {@code 1h},
     *         {@code 2d}, {@code 1w}, {@code PT10M}) or an ISO-8601 instant/offset date-time; null for {@code all}
     * @throws IllegalArgumentException when it is neither
     */
    static Instant since(String value, Instant now) {
        String v = value.trim();
        if (v.equalsIgnoreCase("all") || v.equals("0")) {
            return null;
        }
        try {
            if (v.toUpperCase(Locale.ROOT).startsWith("PT") || v.toUpperCase(Locale.ROOT).startsWith("P")) {
                return now.minus(Duration.parse(v));
            }
            if (v.length() > 10 && v.contains("T")) {
                try {
                    return Instant.parse(v);
                } catch (DateTimeParseException e) {
                    return OffsetDateTime.parse(v).toInstant();
                }
            }
            char unit = Character.toLowerCase(v.charAt(v.length() - 1));
            long n = Long.parseLong(Character.isDigit(unit) ? v : v.substring(0, v.length() - 1));
            Duration d = switch (Character.isDigit(unit) ? 's' : unit) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                case 'w' -> Duration.ofDays(7 * n);
                default -> throw new IllegalArgumentException("unknown unit");
            };
            return now.minus(d);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--since: not a duration (30s, 10m, 1h, 2d) or ISO-8601 instant: "
                    + value);
        }
    }
}
