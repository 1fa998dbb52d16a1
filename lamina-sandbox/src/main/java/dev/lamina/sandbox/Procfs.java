package dev.lamina.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/** The few facts the sandbox reads from {@code /proc}; every method answers "unknown" rather than throwing. */
final class Procfs {
    private static final Path PROC = Path.of("/proc");

    private Procfs() {}

    /** The children of a process ({@code /proc/<pid>/task/<pid>/children}). */
    static List<Long> children(long pid) {
        try {
            String s = Files.readString(PROC.resolve(pid + "/task/" + pid + "/children")).trim();
            List<Long> out = new ArrayList<>();
            if (!s.isEmpty()) {
                for (String p : s.split("\\s+")) {
                    out.add(Long.parseLong(p));
                }
            }
            return out;
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** The fields of {@code /proc/<pid>/stat} after the command name: [0] state, [1] ppid, [2] pgrp. */
    private static String[] stat(long pid) {
        try {
            String s = Files.readString(PROC.resolve(pid + "/stat"));
            return s.substring(s.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static OptionalLong pgid(long pid) {
        String[] f = stat(pid);
        return f == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(f[2]));
    }

    /** The one-letter state ({@code R}, {@code S}, {@code T} stopped, {@code Z}…), or {@code ?}. */
    static char state(long pid) {
        String[] f = stat(pid);
        return f == null ? '?' : f[0].charAt(0);
    }

    /** The inode of the process's pid namespace ({@code pid:[4026531836]}), or null when gone. */
    static String pidNamespace(long pid) {
        try {
            return Files.readSymbolicLink(PROC.resolve(pid + "/ns/pid")).toString();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Every pid in {@code /proc}. */
    static List<Long> allPids() {
        try (Stream<Path> s = Files.list(PROC)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Every live process whose pid namespace is {@code ns}. */
    static List<Long> inPidNamespace(String ns) {
        return allPids().stream().filter(p -> ns.equals(pidNamespace(p))).toList();
    }
}
