package dev.lamina.cli;

import dev.lamina.service.invoke.PoolSettings;
import dev.lamina.service.logs.FunctionLogStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
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

    @Option(names = "--data", description = "Data directory: registry, code store, runtimes, function logs (default: ~/.lamina).")
    Path data;

    @Option(names = "--region", defaultValue = "us-east-1", description = "Region in ARNs and AWS_REGION (default: ${DEFAULT-VALUE}).")
    String region;

    @Option(names = "--account", defaultValue = "000000000000", description = "Account id in ARNs (default: ${DEFAULT-VALUE}).")
    String account;

    @Option(names = "--concurrency-limit", description = "Account concurrency limit: invokes in flight at once across "
            + "all functions (default: " + PoolSettings.DEFAULT_ACCOUNT_CONCURRENCY + ").")
    int concurrencyLimit = PoolSettings.DEFAULT_ACCOUNT_CONCURRENCY;

    @Option(names = "--idle-timeout", converter = DurationConverter.class,
            description = "Idle environments spin down after this long, e.g. 10m, 90s, PT1H (default: 10m).")
    Duration idleTimeout = PoolSettings.DEFAULT_IDLE_TIMEOUT;

    @Option(names = "--start-slots", description = "Environments starting at once (default: 2 x processors).")
    Integer startSlots;

    @Option(names = "--log-retention-mb", description = "Function logs kept per function in <data>/logs, in MiB; "
            + "the oldest log streams are deleted first (default: ${DEFAULT-VALUE}).")
    long logRetentionMb = FunctionLogStore.DEFAULT_MAX_BYTES_PER_FUNCTION / (1024 * 1024);

    @Option(names = "--host-port", paramLabel = "PORT", description = "A TCP port of the host's loopback that "
            + "functions reach at 127.0.0.1:PORT inside their isolated network (repeatable), e.g. a database.")
    List<Integer> hostPorts = new ArrayList<>();

    @Option(names = "--shared-network", description = "Run every environment on the host's network (OS-assigned "
            + "Runtime API ports, no isolation between environments) instead of a network namespace each.")
    boolean sharedNetwork;

    @Option(names = "--no-egress", description = "No outbound network for isolated environments: only the --host-port "
            + "ports and Lamina's API (by default they reach what the host reaches, through slirp4netns when installed).")
    boolean noEgress;

    @Override
    public Integer call() throws Exception {
        Path dataDir = data != null ? data : Path.of(System.getProperty("user.home"), ".lamina");
        PoolSettings pool = new PoolSettings(concurrencyLimit,
                startSlots == null ? PoolSettings.defaultStartSlots() : startSlots, idleTimeout);
        LaminaApp.Options options =
                new LaminaApp.Options(dataDir, bind, port, region, account, LaminaApp.javaRuntimeLib(), pool,
                        logRetentionMb * 1024 * 1024, new LaminaApp.Network(!sharedNetwork, hostPorts, !noEgress));
        CountDownLatch stopped = new CountDownLatch(1);
        LaminaApp app = LaminaApp.start(options);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "lamina-shutdown"));
        System.err.println("Lamina sandbox: " + app.sandboxKind());
        System.err.println("Lamina network: " + app.networkKind());
        System.out.println("Lamina listening on " + app.endpoint());
        System.out.flush();
        stopped.await();
        return 0;
    }

    /** {@code 600}/{@code 600s}, {@code 10m}, {@code 1h} or ISO-8601 ({@code PT10M}). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(java.util.Locale.ROOT);
            if (v.startsWith("pt")) {
                return Duration.parse(v);
            }
            char unit = v.isEmpty() ? 's' : v.charAt(v.length() - 1);
            String number = Character.isDigit(unit) ? v : v.substring(0, v.length() - 1);
            long n = Long.parseLong(number);
            return switch (Character.isDigit(unit) ? 's' : unit) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new CommandLine.TypeConversionException("not a duration: " + value);
            };
        }
    }
}
