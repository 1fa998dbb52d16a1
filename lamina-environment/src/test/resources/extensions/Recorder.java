import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An external extension in Java (one source file, run by the host JDK's source launcher) that follows only the
 * Extensions API contract: registers for INVOKE and SHUTDOWN and appends every event body, verbatim, to
 * $EXT_LOG/<name>.log. The name is the first argument (the launcher passes its own file name).
 */
public class Recorder {
    public static void main(String[] args) throws IOException {
        String api = "http://" + System.getenv("AWS_LAMBDA_RUNTIME_API") + "/2020-01-01/extension";
        String name = args[0];
        Path log = Path.of(System.getenv("EXT_LOG"), name + ".log");
        HttpURLConnection register = (HttpURLConnection) URI.create(api + "/register").toURL().openConnection();
        register.setRequestMethod("POST");
        register.setRequestProperty("Lambda-Extension-Name", name);
        register.setDoOutput(true);
        register.getOutputStream().write("{\"events\":[\"INVOKE\",\"SHUTDOWN\"]}".getBytes(StandardCharsets.UTF_8));
        String id = register.getHeaderField("Lambda-Extension-Identifier");
        record(log, "REGISTER " + read(register.getInputStream()));
        while (true) {
            HttpURLConnection next = (HttpURLConnection) URI.create(api + "/event/next").toURL().openConnection();
            next.setRequestProperty("Lambda-Extension-Identifier", id);
            next.setReadTimeout(0);
            String event = read(next.getInputStream());
            record(log, event);
            if (event.contains("\"eventType\":\"SHUTDOWN\"")) {
                System.exit(0);
            }
        }
    }

    private static String read(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void record(Path log, String line) throws IOException {
        Files.writeString(log, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
