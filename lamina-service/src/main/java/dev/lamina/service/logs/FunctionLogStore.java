package dev.lamina.service.logs;

import dev.lamina.environment.LogSink;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The function logs: one log group per function ({@code /aws/lambda/<name>}, or its {@code LoggingConfig.LogGroup}),
 * one log stream per execution environment, as on Lambda. Stored as append-only files
 * {@code <root>/<group directory>/<log stream, percent-encoded>.log} — the group directory is the function name for
 * {@code /aws/lambda/<name>}, {@code %} and the percent-encoded name for any other group — one record a line:
 * {@code <ISO-8601 instant> TAB <message>} with {@code \}, LF and CR escaped as {@code \\}, {@code \n}, {@code \r}.
 *
 * <p>As a {@link LogSink} it never blocks the environment: {@link #line} only offers the line to a bounded queue
 * that one writer virtual thread drains; when the queue is full the line is dropped and {@link #dropped() counted}.
 * Each log group is bounded: when a function's streams together exceed {@code maxBytesPerFunction}, its
 * least-recently-written streams are deleted whole (a single stream above the bound starts over). Log groups outlive
 * their function, as CloudWatch keeps them after DeleteFunction.
 *
 * <p>Readers get a group's records merged across streams in time order ({@link #read}); {@link #readAndFollow} also
 * pushes every record written afterwards, with nothing lost or repeated in between.
 */
public final class FunctionLogStore implements LogSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FunctionLogStore.class);

    /** Default bound of one function's log group on disk: 32 MiB. */
    public static final long DEFAULT_MAX_BYTES_PER_FUNCTION = 32L * 1024 * 1024;
    /** Default number of lines waiting to be written before new lines are dropped. */
    public static final int DEFAULT_QUEUE_CAPACITY = 65_536;

    /** Function names as Lambda allows them (and nothing that could leave the log directory). */
    private static final Pattern FUNCTION_NAME = Pattern.compile("[A-Za-z0-9_-]{1,140}");
    /** CloudWatch Logs' log group names. */
    private static final Pattern LOG_GROUP = Pattern.compile("[./#A-Za-z0-9_-]{1,512}");
    /** A group directory: a function name, or {@code %} and an encoded group name (or its digest). */
    private static final Pattern DIRECTORY = Pattern.compile("[A-Za-z0-9_-]{1,140}|%[A-Za-z0-9%._-]{1,240}");
    private static final String LAMBDA_PREFIX = "/aws/lambda/";
    private static final String SUFFIX = ".log";
    private static final int MAX_OPEN_FILES = 64;
    private static final int BATCH = 1024;

    private record Entry(String function /* the group directory */, String stream, Instant time, String line) {}

    private static final Entry POISON = new Entry("", "", Instant.EPOCH, "");

    /** A log group's streams, least recently written first, with their sizes. */
    private static final class Group {
        final LinkedHashMap<String, Long> streams = new LinkedHashMap<>();
        long total;
    }

    /** The snapshot and the subscription of {@link #readAndFollow}. */
    public record Followed(List<LogRecord> history, AutoCloseable subscription) {}

    private final Path root;
    private final long maxBytesPerFunction;
    private final BlockingQueue<Entry> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean closed;

    // all guarded by lock
    private final Object lock = new Object();
    private final Map<String, Group> groups = new HashMap<>();
    private final Map<String, List<LogListener>> listeners = new HashMap<>();
    private final LinkedHashMap<Path, OutputStream> open = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, OutputStream> eldest) {
            if (size() > MAX_OPEN_FILES) {
                closeQuietly(eldest.getValue());
                return true;
            }
            return false;
        }
    };
    private boolean ended;

    /** With the default bound and queue capacity. */
    public FunctionLogStore(Path root) {
        this(root, DEFAULT_MAX_BYTES_PER_FUNCTION, DEFAULT_QUEUE_CAPACITY);
    }

    /**
     * @param root                the logs directory, e.g. {@code <data>/logs}; created when missing
     * @param maxBytesPerFunction the most one function's log group keeps on disk
     * @param queueCapacity       lines waiting to be written before new ones are dropped
     */
    public FunctionLogStore(Path root, long maxBytesPerFunction, int queueCapacity) {
        if (maxBytesPerFunction <= 0 || queueCapacity <= 0) {
            throw new IllegalArgumentException("maxBytesPerFunction and queueCapacity must be positive");
        }
        this.root = root.toAbsolutePath();
        this.maxBytesPerFunction = maxBytesPerFunction;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the logs directory " + this.root, e);
        }
        this.writer = Thread.ofVirtual().name("lamina-log-writer").start(this::drain);
    }

    /** The logs directory. */
    public Path root() {
        return root;
    }

    /** The log group of a function, as Lambda names it by default. */
    public static String logGroupName(String functionName) {
        return LAMBDA_PREFIX + functionName;
    }

    /**
     * The directory of a log group under the root: the function name for {@code /aws/lambda/<name>} (so a custom
     * group named like another function's default group is that group, as in CloudWatch), otherwise {@code %} and
     * the percent-encoded name, or {@code %} and its SHA-256 when that would be too long for a file name; null for
     * a name CloudWatch would refuse.
     */
    static String directory(String logGroup) {
        if (logGroup == null) {
            return null;
        }
        String known = DIRECTORIES.get(logGroup); // every line asks: the regular expressions cost a quarter of a line
        if (known != null) {
            return known;
        }
        String dir = directoryOf(logGroup);
        if (dir != null && DIRECTORIES.size() < 10_000) {
            DIRECTORIES.put(logGroup, dir);
        }
        return dir;
    }

    private static final ConcurrentHashMap<String, String> DIRECTORIES =
            new ConcurrentHashMap<>();

    private static String directoryOf(String logGroup) {
        if (!LOG_GROUP.matcher(logGroup).matches()) {
            return null;
        }
        if (logGroup.startsWith(LAMBDA_PREFIX) && validName(logGroup.substring(LAMBDA_PREFIX.length()))) {
            return logGroup.substring(LAMBDA_PREFIX.length());
        }
        String encoded = "%" + encodeStream(logGroup);
        if (encoded.length() <= 240) {
            return encoded;
        }
        try {
            return "%" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(logGroup.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Queues a line for its log group; never blocks: drops (and counts) it when the queue is full. */
    @Override
    public void line(String logGroup, String environmentId, String logStream, Instant time, String line) {
        append(logGroup, logStream, time, line);
    }

    /**
     * @param logGroup the group, e.g. {@code /aws/lambda/<function name>} or a function's custom {@code LogGroup}
     * @return whether the line was queued (false: dropped, the queue is full or the store closed)
     */
    public boolean append(String logGroup, String logStream, Instant time, String line) {
        String dir = directory(logGroup);
        if (closed || dir == null || logStream == null || logStream.isEmpty()) {
            dropped.incrementAndGet();
            return false;
        }
        if (!queue.offer(new Entry(dir, logStream, time == null ? Instant.now() : time,
                line == null ? "" : line))) {
            dropped.incrementAndGet();
            return false;
        }
        return true;
    }

    /** Lines dropped so far because the queue was full (or the store closed). */
    public long dropped() {
        return dropped.get();
    }

    /** Whether the log group exists, i.e. ever got a line that was kept. */
    public boolean hasLogGroup(String logGroup) {
        String dir = directory(logGroup);
        if (dir == null) {
            return false;
        }
        synchronized (lock) {
            return groups.containsKey(dir) || Files.isDirectory(root.resolve(dir));
        }
    }

    /** Every kept record of the log group from {@code since} on (null: all), merged across streams in time order. */
    public List<LogRecord> read(String logGroup, Instant since) {
        synchronized (lock) {
            return readLocked(directory(logGroup), since);
        }
    }

    /**
     * Like {@link #read}, and from then on passes every new record of the function to {@code listener} (on the writer
     * thread) until the subscription is closed or the store closes ({@link LogListener#onEnd()}).
     */
    public Followed readAndFollow(String logGroup, Instant since, LogListener listener) {
        Objects.requireNonNull(listener, "listener");
        String dir = Objects.requireNonNullElse(directory(logGroup), "%invalid");
        synchronized (lock) {
            List<LogRecord> history = readLocked(dir, since);
            if (ended) {
                listener.onEnd();
                return new Followed(history, () -> {});
            }
            List<LogListener> list = listeners.computeIfAbsent(dir, k -> new CopyOnWriteArrayList<>());
            list.add(listener);
            return new Followed(history, () -> {
                synchronized (lock) {
                    list.remove(listener);
                }
            });
        }
    }

    /** Stops taking lines, writes those queued, closes the files and ends every follower. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            queue.put(POISON);
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            writer.interrupt();
        }
        synchronized (lock) {
            for (OutputStream out : open.values()) {
                closeQuietly(out);
            }
            open.clear();
            ended = true;
            for (List<LogListener> list : listeners.values()) {
                for (LogListener l : list) {
                    l.onEnd();
                }
            }
            listeners.clear();
        }
    }

    private void drain() {
        List<Entry> batch = new ArrayList<>(BATCH);
        boolean stop = false;
        while (!stop) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(batch, BATCH - 1);
            synchronized (lock) {
                for (Entry e : batch) {
                    if (e == POISON) {
                        stop = true;
                    } else {
                        writeLocked(e);
                    }
                }
                if (stop) { // lines offered just before close
                    for (Entry e; (e = queue.poll()) != null; ) {
                        writeLocked(e);
                    }
                }
                if (stop || queue.isEmpty()) {
                    flushLocked();
                }
            }
            batch.clear();
        }
    }

    // the writer's last group directory and stream, and their paths (guarded by lock)
    private String lastFunction;
    private String lastStream;
    private Path lastDir;
    private Path lastFile;
    // the writer's last second, as Instant.toString() renders it without the Z (guarded by lock)
    private long lastSecond = Long.MIN_VALUE;
    private String lastSecondText;

    /** {@code time.toString()} (ISO-8601, 0/3/6/9 fraction digits), formatting the date and time once per second. */
    String instantText(Instant time) {
        long second = time.getEpochSecond();
        if (second != lastSecond || lastSecondText == null) {
            String whole = Instant.ofEpochSecond(second).toString();
            lastSecondText = whole.substring(0, whole.length() - 1);
            lastSecond = second;
        }
        int nano = time.getNano();
        if (nano == 0) {
            return lastSecondText + "Z";
        }
        StringBuilder b = new StringBuilder(lastSecondText.length() + 11).append(lastSecondText).append('.');
        int digits;
        int value;
        if (nano % 1_000_000 == 0) {
            digits = 3;
            value = nano / 1_000_000;
        } else if (nano % 1000 == 0) {
            digits = 6;
            value = nano / 1000;
        } else {
            digits = 9;
            value = nano;
        }
        String v = Integer.toString(value);
        for (int pad = digits - v.length(); pad > 0; pad--) {
            b.append('0');
        }
        return b.append(v).append('Z').toString();
    }

    private void writeLocked(Entry e) {
        byte[] bytes = (instantText(e.time()) + "\t" + escape(e.line()) + "\n").getBytes(StandardCharsets.UTF_8);
        if (!e.function().equals(lastFunction) || !e.stream().equals(lastStream)) { // a flood is one stream's lines
            lastDir = root.resolve(e.function());
            lastFile = lastDir.resolve(encodeStream(e.stream()) + SUFFIX);
            lastFunction = e.function();
            lastStream = e.stream();
        }
        Path dir = lastDir;
        Path file = lastFile;
        try {
            Group group = groupLocked(e.function());
            OutputStream out = open.get(file);
            if (out == null) {
                Files.createDirectories(dir);
                out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND, StandardOpenOption.WRITE), 16 * 1024);
                open.put(file, out);
            }
            out.write(bytes);
            Long size = group.streams.remove(e.stream());
            group.streams.put(e.stream(), (size == null ? 0 : size) + bytes.length);
            group.total += bytes.length;
            boundLocked(e.function(), group);
        } catch (IOException ex) {
            dropped.incrementAndGet();
            LOG.warn("cannot write the log of {} to {}: {}", e.function(), file, ex.toString());
            return;
        }
        List<LogListener> list = listeners.get(e.function());
        if (list != null && !list.isEmpty()) {
            LogRecord record = new LogRecord(e.time(), e.stream(), e.line());
            for (LogListener l : list) {
                try {
                    l.onRecord(record);
                } catch (RuntimeException ex) {
                    LOG.debug("log follower failed", ex);
                    list.remove(l);
                }
            }
        }
    }

    /** Deletes the least recently written streams while the group is above its bound. */
    private void boundLocked(String function, Group group) throws IOException {
        Iterator<Map.Entry<String, Long>> oldest = group.streams.entrySet().iterator();
        while (group.total > maxBytesPerFunction && oldest.hasNext()) {
            Map.Entry<String, Long> victim = oldest.next();
            Path file = root.resolve(function).resolve(encodeStream(victim.getKey()) + SUFFIX);
            OutputStream out = open.remove(file);
            if (out != null) {
                closeQuietly(out);
            }
            Files.deleteIfExists(file);
            group.total -= victim.getValue();
            oldest.remove();
            LOG.debug("log group {} above {} bytes: deleted its stream {}", function,
                    maxBytesPerFunction, victim.getKey());
        }
    }

    /** The group's state; read from disk (oldest file first) the first time a function writes in this run. */
    private Group groupLocked(String function) throws IOException {
        Group group = groups.get(function);
        if (group != null) {
            return group;
        }
        group = new Group();
        record Existing(String stream, long size, long modified) {}
        List<Existing> existing = new ArrayList<>();
        for (Path file : streamFiles(function)) {
            existing.add(new Existing(decodeStream(file), Files.size(file), Files.getLastModifiedTime(file).toMillis()));
        }
        existing.sort(Comparator.comparingLong(Existing::modified));
        for (Existing x : existing) {
            group.streams.put(x.stream(), x.size());
            group.total += x.size();
        }
        groups.put(function, group);
        return group;
    }

    private List<LogRecord> readLocked(String function, Instant since) {
        if (!validDirectory(function)) {
            return List.of();
        }
        flushLocked();
        List<LogRecord> records = new ArrayList<>();
        try {
            for (Path file : streamFiles(function)) {
                String stream = decodeStream(file);
                try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    for (String l; (l = in.readLine()) != null; ) {
                        LogRecord r = parse(stream, l);
                        if (r != null && (since == null || !r.timestamp().isBefore(since))) {
                            records.add(r);
                        }
                    }
                } catch (NoSuchFileException gone) {
                    // deleted meanwhile
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the log group " + function, e);
        }
        records.sort(Comparator.comparing(LogRecord::timestamp)); // stable: a stream keeps its own order
        return records;
    }

    private List<Path> streamFiles(String function) throws IOException {
        Path dir = root.resolve(function);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            ds.forEach(files::add);
        }
        files.sort(Comparator.naturalOrder());
        return files;
    }

    private void flushLocked() {
        for (Map.Entry<Path, OutputStream> e : open.entrySet()) {
            try {
                e.getValue().flush();
            } catch (IOException ex) {
                LOG.warn("cannot flush the log {}: {}", e.getKey(), ex.toString());
            }
        }
    }

    private static LogRecord parse(String stream, String line) {
        int tab = line.indexOf('\t');
        if (tab < 0) {
            return null;
        }
        try {
            return new LogRecord(Instant.parse(line.substring(0, tab)), stream, unescape(line.substring(tab + 1)));
        } catch (DateTimeParseException e) {
            return null; // a torn last line after a crash
        }
    }

    static boolean validName(String functionName) {
        return functionName != null && FUNCTION_NAME.matcher(functionName).matches();
    }

    private static boolean validDirectory(String directory) {
        return directory != null && DIRECTORY.matcher(directory).matches();
    }

    static String escape(String s) {
        if (s.indexOf('\\') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(switch (n) {
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> n;
                });
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Percent-encodes every byte but {@code [A-Za-z0-9._-]}, e.g. {@code 2026%2F11%2F27%2F%5B%24LATEST%5D0a1b...}. */
    static String encodeStream(String stream) {
        StringBuilder b = new StringBuilder(stream.length() + 16);
        for (byte x : stream.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || (c == '.' && b.length() > 0)) {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return b.toString();
    }

    static String decodeStream(Path file) {
        String name = file.getFileName().toString();
        String encoded = name.substring(0, name.length() - SUFFIX.length());
        byte[] out = new byte[encoded.length()];
        int n = 0;
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%' && i + 2 < encoded.length()) {
                out[n++] = (byte) Integer.parseInt(encoded, i + 1, i + 3, 16);
                i += 2;
            } else {
                out[n++] = (byte) c;
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException e) {
            LOG.debug("cannot close a log file", e);
        }
    }
}
