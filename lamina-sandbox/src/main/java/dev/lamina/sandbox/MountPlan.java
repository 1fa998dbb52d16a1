package dev.lamina.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The bubblewrap arguments for a session's filesystem: the host's root read-only, minus hidden paths, plus the
 * Lambda paths, with the root itself read-only.
 *
 * <p>bubblewrap cannot create a mount point ({@code /var/task}) inside a read-only bind of {@code /}, so the root is
 * not bound whole: the root is bubblewrap's own tmpfs, every host entry of {@code /} is bound read-only at its own
 * path (symlinks copied), and a directory that contains a mount point or a hidden path is recreated empty
 * ({@code --dir}) and filled the same way, one level down. Hidden paths are simply never bound (not even an empty
 * directory remains). Then the extra read-only paths, the special mounts ({@code /proc}, {@code /dev},
 * {@code /tmp}, {@code /var/task}, …), and {@code --remount-ro /}.
 */
final class MountPlan {
    private final Map<Path, List<String>> special = new LinkedHashMap<>();
    private final List<String> overlays = new ArrayList<>();
    private final Set<Path> hidden = new TreeSet<>();
    private final Set<Path> extraReadOnly = new TreeSet<>();

    /** Mounts {@code args} (e.g. {@code --ro-bind src /var/task}) at {@code target}, replacing the host's. */
    MountPlan mount(Path target, String... args) {
        special.put(target, List.of(args));
        return this;
    }

    /**
     * Mounts {@code args} on top of an existing host file {@code target} once everything else is in place: the file
     * is a mount point already, so its directory stays one read-only bind (recreating {@code /etc} entry by entry
     * made sessions many times slower to start and to tear down).
     */
    MountPlan overlayFile(Path target, String... args) {
        if (!Files.isRegularFile(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return mount(target, args);
        }
        overlays.addAll(List.of(args));
        return this;
    }

    MountPlan hide(Path hostPath) {
        hidden.add(hostPath.toAbsolutePath().normalize());
        return this;
    }

    MountPlan readOnly(Path hostPath) {
        extraReadOnly.add(hostPath.toAbsolutePath().normalize());
        return this;
    }

    List<String> args() throws IOException {
        List<String> args = new ArrayList<>();
        expand(Path.of("/"), args);
        for (Path p : extraReadOnly) {
            if (Files.exists(p) && !special.containsKey(p)) {
                args.addAll(List.of("--ro-bind", p.toString(), p.toString()));
            }
        }
        special.entrySet().stream().sorted(Comparator.comparingInt(e -> e.getKey().getNameCount()))
                .forEach(e -> args.addAll(e.getValue()));
        args.addAll(overlays);
        args.addAll(List.of("--remount-ro", "/"));
        return args;
    }

    private void expand(Path dir, List<String> args) throws IOException {
        List<Path> children;
        try (Stream<Path> s = Files.list(dir)) {
            children = s.sorted().toList();
        }
        for (Path child : children) {
            if (special.containsKey(child) || hidden.contains(child) || extraReadOnly.contains(child)) {
                continue;
            }
            if (Files.isSymbolicLink(child)) {
                args.addAll(List.of("--symlink", Files.readSymbolicLink(child).toString(), child.toString()));
            } else if (containsInteresting(child)) {
                if (Files.isDirectory(child)) {
                    args.addAll(List.of("--dir", child.toString()));
                    expand(child, args);
                }
            } else if (Files.isDirectory(child) || Files.isRegularFile(child)) {
                args.addAll(List.of("--ro-bind", child.toString(), child.toString()));
            }
        }
    }

    private boolean containsInteresting(Path dir) {
        return Stream.of(special.keySet(), hidden, extraReadOnly).flatMap(Set::stream)
                .anyMatch(p -> p.startsWith(dir) && !p.equals(dir));
    }
}
