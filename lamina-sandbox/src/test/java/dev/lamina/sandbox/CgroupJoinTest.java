package dev.lamina.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The script a spare wrapper runs (D62), run by a parked shell that joins no cgroup. */
class CgroupJoinTest {
    private static final String ODD = "it's \"quoted\" $HOME `x` \\ \n second line; exit 7 '";

    @Test
    void shellNamesAreExportedByTheShellItselfWithExactlyTheGivenVariables() throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("ODD", ODD);
        assertThat(CgroupJoin.script(List.of("/usr/bin/env", "-0"), env)).startsWith("unset PWD; export ");
        assertThat(run(List.of("/usr/bin/env", "-0"), env)).containsExactlyInAnyOrder("PATH=/usr/bin:/bin",
                "ODD=" + ODD);
    }

    @Test
    void otherNamesGoThroughEnv() throws Exception {
        Map<String, String> env = Map.of("DOT.NAME", ODD, "PWD", "/given");
        assertThat(CgroupJoin.script(List.of("/usr/bin/env", "-0"), env)).startsWith("exec /usr/bin/env -i -- ");
        assertThat(run(List.of("/usr/bin/env", "-0"), env)).containsExactlyInAnyOrder("DOT.NAME=" + ODD,
                "PWD=/given");
    }

    @Test
    void noVariablesAtAllAndArgumentsUnchanged() throws Exception {
        assertThat(run(List.of("/usr/bin/env", "-0"), Map.of())).isEmpty();
        assertThat(run(List.of("/usr/bin/printf", "%s\\0", ODD, "", "'"), Map.of())).containsExactly(ODD, "", "'");
    }

    /** The lines of NUL-separated output of {@code command} run through a parked shell. */
    private static List<String> run(List<String> command, Map<String, String> env) throws IOException,
            InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(CgroupJoin.parked(List.of()));
        builder.environment().clear();
        Process p = builder.start();
        try (var in = p.getOutputStream()) {
            in.write(CgroupJoin.script(command, env).getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .isZero();
        return out.isEmpty() ? List.of() : List.of(out.substring(0, out.length() - 1).split("\0", -1));
    }
}
