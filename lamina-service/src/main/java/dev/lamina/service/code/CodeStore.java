package dev.lamina.service.code;

import dev.lamina.service.core.LaminaException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deployment and layer zips, content-addressed: {@code sha256/<hex>.zip} and, extracted once per hash,
 * {@code extracted/<hex>/}; and merged layers ({@code /opt}), built once per ordered list of layer hashes, in
 * {@code opt/<sha256 of the hashes joined by ','>/}. All are written under {@code tmp/} first and moved into place,
 * so a reader never sees a partial zip or directory and a refused zip leaves nothing behind. Nothing is ever deleted
 * (no garbage collection yet), so content a function still references is always there.
 *
 * <p>Thread-safe: a lock per key makes concurrent stores of the same zip extract it once, and concurrent requests of
 * the same layer list merge it once.
 */
public final class CodeStore {

    private static final Logger LOG = LoggerFactory.getLogger(CodeStore.class);
    /** Lambda's message for a zip it cannot read. */
    static final String CANNOT_UNZIP = "Could not unzip uploaded file. Please check your file, then try to upload again.";

    private final Path zips;
    private final Path extracted;
    private final Path opt;
    private final Path tmp;
    private final ZipExtractor extractor;
    private final ZipExtractor.Limits limits;
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> unzippedSizes = new ConcurrentHashMap<>();

    /** A store under {@code codeRoot} with Lambda's limits. */
    public CodeStore(Path codeRoot) {
        this(codeRoot, ZipExtractor.Limits.LAMBDA);
    }

    CodeStore(Path codeRoot, ZipExtractor.Limits limits) {
        this.zips = codeRoot.resolve("sha256");
        this.extracted = codeRoot.resolve("extracted");
        this.opt = codeRoot.resolve("opt");
        this.tmp = codeRoot.resolve("tmp");
        this.limits = limits;
        this.extractor = new ZipExtractor(limits);
        try {
            Files.createDirectories(zips);
            Files.createDirectories(extracted);
            Files.createDirectories(opt);
            deleteRecursively(tmp); // leftovers of a crash
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the code store under " + codeRoot, e);
        }
    }

    /**
     * Stores a zip and makes sure it is extracted.
     *
     * @throws LaminaException InvalidParameterValueException for a zip Lamina refuses
     */
    public StoredCode store(byte[] zip) {
        String hex = sha256Hex(zip);
        ReentrantLock lock = locks.computeIfAbsent(hex, k -> new ReentrantLock());
        lock.lock();
        try {
            if (Files.isDirectory(extractedDir(hex)) && Files.isRegularFile(zipPath(hex))) {
                return new StoredCode(hex, zip.length);
            }
            List<ZipCentralDirectory.Entry> entries = ZipCentralDirectory.read(zip, limits.maxEntries());
            Path tmpZip = tmp.resolve(UUID.randomUUID() + ".zip");
            Files.write(tmpZip, zip);
            try {
                extractFrom(tmpZip, entries, hex);
                moveIntoPlace(tmpZip, zipPath(hex));
            } finally {
                Files.deleteIfExists(tmpZip);
            }
            return new StoredCode(hex, zip.length);
        } catch (InvalidZipException e) {
            LOG.info("refused a deployment zip ({} bytes): {}", zip.length, e.getMessage());
            throw LaminaException.invalidParameter(userMessage(e));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store code " + hex, e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The directory holding the extracted code of {@code hex}; extracts it again from the stored zip if it went
     * missing.
     */
    public Path extracted(String hex) {
        Path dir = extractedDir(hex);
        if (Files.isDirectory(dir)) {
            return dir;
        }
        ReentrantLock lock = locks.computeIfAbsent(hex, k -> new ReentrantLock());
        lock.lock();
        try {
            if (!Files.isDirectory(dir)) {
                byte[] zip = Files.readAllBytes(zipPath(hex));
                extractFrom(zipPath(hex), ZipCentralDirectory.read(zip, limits.maxEntries()), hex);
            }
            return dir;
        } catch (IOException | InvalidZipException e) {
            throw new IllegalStateException("stored code " + hex + " cannot be extracted again", e);
        } finally {
            lock.unlock();
        }
    }

    /** The bytes of the extracted files of {@code hex} (for the 250 MB limit of code and layers together). */
    public long unzippedSize(String hex) {
        Long known = unzippedSizes.get(hex);
        if (known != null) {
            return known;
        }
        try {
            long size = LayerMerger.regularFileBytes(extracted(hex));
            unzippedSizes.put(hex, size);
            return size;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure stored code " + hex, e);
        }
    }

    /**
     * The layers of {@code layerHexes} merged in that order into one directory, a function's {@code /opt}: built once
     * per ordered list (in {@code tmp/}, then renamed into place), re-extracting any layer that went missing.
     */
    public Path mergedLayers(List<String> layerHexes) {
        if (layerHexes.isEmpty()) {
            throw new IllegalArgumentException("no layers to merge");
        }
        String key = sha256Hex(String.join(",", layerHexes).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        Path dir = opt.resolve(key);
        if (Files.isDirectory(dir)) {
            return dir;
        }
        ReentrantLock lock = locks.computeIfAbsent("opt/" + key, k -> new ReentrantLock());
        lock.lock();
        Path work = tmp.resolve(UUID.randomUUID().toString());
        try {
            if (Files.isDirectory(dir)) {
                return dir;
            }
            List<Path> sources = layerHexes.stream().map(this::extracted).toList();
            Files.createDirectory(work);
            LayerMerger.merge(sources, work);
            Files.setPosixFilePermissions(work, ZipExtractor.permissions(0755));
            moveIntoPlace(work, dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot merge layers " + layerHexes + " into " + dir, e);
        } finally {
            try {
                deleteRecursively(work);
            } catch (IOException e) {
                LOG.warn("cannot remove the merge work directory {}", work, e);
            }
            lock.unlock();
        }
    }

    /** Where the zip of {@code hex} is kept. */
    public Path zipPath(String hex) {
        return zips.resolve(hex + ".zip");
    }

    private Path extractedDir(String hex) {
        return extracted.resolve(hex);
    }

    private void extractFrom(Path zipFile, List<ZipCentralDirectory.Entry> entries, String hex)
            throws IOException, InvalidZipException {
        Path work = tmp.resolve(UUID.randomUUID().toString());
        Files.createDirectory(work);
        try {
            extractor.extract(zipFile, entries, work);
            moveIntoPlace(work, extractedDir(hex));
        } finally {
            deleteRecursively(work);
        }
    }

    private static void moveIntoPlace(Path source, Path target) throws IOException {
        if (Files.exists(target)) {
            return;
        }
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
            if (!Files.exists(target)) {
                throw e;
            }
        }
    }

    private static String userMessage(InvalidZipException e) {
        return e instanceof InvalidZipException.TooLarge || e instanceof InvalidZipException.TooManyEntries
                ? e.getMessage()
                : CANNOT_UNZIP;
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!Files.isSymbolicLink(p)) {
                    p.toFile().setWritable(true, true);
                }
                Files.deleteIfExists(p);
            }
        }
    }
}
