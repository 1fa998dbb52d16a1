package dev.lamina.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bubblewrap arguments {@link MountPlan} builds for the host's root. */
class MountPlanTest {

    @Test
    void aFileOverlayKeepsItsDirectoryOneBindAndComesAfterIt() throws Exception {
        List<String> args = new MountPlan()
                .overlayFile(Path.of("/etc/hosts"), "--ro-bind", "/var/empty/hosts", "/etc/hosts").args();
        assertThat(Collections.indexOfSubList(args, List.of("--ro-bind", "/etc", "/etc"))).isNotNegative();
        assertThat(Collections.indexOfSubList(args, List.of("--dir", "/etc"))).as("/etc not recreated").isNegative();
        assertThat(Collections.indexOfSubList(args, List.of("--ro-bind", "/var/empty/hosts", "/etc/hosts")))
                .isGreaterThan(Collections.indexOfSubList(args, List.of("--ro-bind", "/etc", "/etc")));
        assertThat(args.getLast()).isEqualTo("/");
    }

    @Test
    void aMountPointThatDoesNotExistRecreatesItsDirectory() throws Exception {
        List<String> args = new MountPlan().overlayFile(Path.of("/etc/net5-absent"), "--ro-bind", "/x",
                "/etc/net5-absent").args();
        assertThat(Collections.indexOfSubList(args, List.of("--dir", "/etc"))).isNotNegative();
    }
}
