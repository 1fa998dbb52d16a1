package dev.lamina.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lamina serve}: runs the platform until SIGINT/SIGTERM. Prints exactly one line to stdout,
 * {@code Lamina listening on http://HOST:PORT}, once requests are accepted; everything else goes to stderr.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start Lamina: the Lambda REST API and the execution environments behind it.")
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "9001", description = "Port of the Lambda API; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--data", description = "Data directory: registry, code store, runtimes (default: ~/.lamina).")
    Path data;

    @Option(names = "--region", defaultValue = "us-east-1", description = "Region in ARNs and AWS_REGION (default: ${DEFAULT-VALUE}).")
    String region;

    @Option(names = "--account", defaultValue = "000000000000", description = "Account id in ARNs (default: ${DEFAULT-VALUE}).")
    String account;

    @Override
    public Integer call() throws Exception {
        Path dataDir = data != null ? data : Path.of(System.getProperty("user.home"), ".lamina");
        LaminaApp.Options options = new LaminaApp.Options(dataDir, bind, port, region, account, LaminaApp.javaRuntimeLib());
        CountDownLatch stopped = new CountDownLatch(1);
        LaminaApp app = LaminaApp.start(options);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "lamina-shutdown"));
        System.out.println("Lamina listening on " + app.endpoint());
        System.out.flush();
        stopped.await();
        return 0;
    }
}
