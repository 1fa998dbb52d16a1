package dev.lamina.bench;

import java.util.Arrays;
import picocli.CommandLine;

/**
 * {@code ./lamina bench [scenario…] [--json FILE] [--quick]}, and {@code ./lamina bench jmh [JMH options]} for the
 * method-level suite.
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "bench-logback.xml");
        }
        if (args.length > 0 && args[0].equals("jmh")) {
            org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }
}
