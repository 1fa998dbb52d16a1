package dev.lamina.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The {@code ./lamina} launcher of the README finds a JDK and starts the CLI from the packaged layout. */
class LauncherTest {

    @Test
    void launcherRunsTheCli() throws Exception {
        Path launcher = Path.of("..", "lamina").toAbsolutePath().normalize();
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "--version").redirectErrorStream(true);
        pb.environment().put("LAMINA_NO_BUILD", "1"); // the reactor has just packaged lamina-cli
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).startsWith("lamina ");
        assertThat(p.exitValue()).isZero();
    }
}
