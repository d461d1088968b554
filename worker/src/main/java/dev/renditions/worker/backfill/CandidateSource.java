package dev.renditions.worker.backfill;

import dev.renditions.core.errors.InvalidInputException;
import dev.renditions.core.errors.UsageException;
import dev.renditions.core.keys.S3Location;
import dev.renditions.core.ports.ObjectStore;
import dev.renditions.core.ports.Pin;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Opens the stream of candidates of a {@link SourceSelection}, lazily: a listing is paged as it is consumed, and an
 * inventory is read one CSV file at a time (downloaded to a temporary file, gunzipped while read, deleted when done).
 * Nothing is held beyond the current page or line. Close the stream to release the current file.
 */
final class CandidateSource {
    private CandidateSource() {}

    /**
     * @param needsDates true when the filter has date bounds: an inventory without {@code LastModifiedDate} is then
     *     refused
     * @param warn receives one-line notes for people (e.g. an inventory without sizes)
     */
    static Stream<Candidate> open(
            SourceSelection selection, ObjectStore store, boolean needsDates, Consumer<String> warn) {
        if (selection instanceof SourceSelection.Listing l) {
            return store.list(l.bucket(), l.prefix())
                    .map(m ->
                            Candidate.listed(m.location().bucket(), m.location().key(), m.size(), m.lastModified()));
        }
        SourceSelection.Inventory inv = (SourceSelection.Inventory) selection;
        InventoryReader reader = new InventoryReader(store, inv.manifest(), needsDates, warn);
        return StreamSupport.stream(
                        Spliterators.spliteratorUnknownSize(reader, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(reader::close);
    }

    /** Reads an inventory's CSV files in the order the manifest lists them. */
    static final class InventoryReader implements Iterator<Candidate>, Closeable {
        private final ObjectStore store;
        private final S3Location manifestLocation;
        private final InventoryManifest manifest;
        private final int bucketCol;
        private final int keyCol;
        private final int versionCol;
        private final int latestCol;
        private final int deleteMarkerCol;
        private final int sizeCol;
        private final int modifiedCol;
        private final int storageClassCol;
        private int fileIndex;
        private String file;
        private Path temp;
        private BufferedReader lines;
        private long lineNo;
        private Candidate next;

        InventoryReader(ObjectStore store, S3Location manifestLocation, boolean needsDates, Consumer<String> warn) {
            this.store = store;
            this.manifestLocation = manifestLocation;
            this.manifest = InventoryManifest.parse(readManifest(store, manifestLocation), manifestLocation.uri());
            bucketCol = manifest.column("Bucket");
            keyCol = manifest.column("Key");
            versionCol = manifest.column("VersionId");
            latestCol = manifest.column("IsLatest");
            deleteMarkerCol = manifest.column("IsDeleteMarker");
            sizeCol = manifest.column("Size");
            modifiedCol = manifest.column("LastModifiedDate");
            storageClassCol = manifest.column("StorageClass");
            if (needsDates && modifiedCol < 0) {
                throw new UsageException(manifestLocation.uri()
                        + ": the inventory has no LastModifiedDate column, so --modified-after/--modified-before"
                        + " cannot apply (add the field to the inventory configuration)");
            }
            if (sizeCol < 0) {
                warn.accept("the inventory has no Size column: sizes are not filtered here (the worker still checks"
                        + " each source against the spec's limits)");
            }
        }

        int files() {
            return manifest.files().size();
        }

        @Override
        public boolean hasNext() {
            try {
                while (next == null) {
                    if (lines == null) {
                        if (fileIndex >= manifest.files().size()) {
                            return false;
                        }
                        openFile(manifest.files().get(fileIndex++));
                    }
                    String line = lines.readLine();
                    if (line == null) {
                        closeFile();
                        continue;
                    }
                    lineNo++;
                    if (!line.isEmpty()) {
                        next = row(line);
                    }
                }
                return true;
            } catch (IOException e) {
                close();
                throw new UncheckedIOException(
                        "reading inventory file s3://" + manifestLocation.bucket() + "/" + file, e);
            }
        }

        @Override
        public Candidate next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Candidate c = next;
            next = null;
            return c;
        }

        private Candidate row(String line) {
            try {
                List<String> f = Csv.split(line);
                if (f.size() < manifest.columns().size()) {
                    throw new IllegalArgumentException(
                            "expected " + manifest.columns().size() + " fields, found " + f.size());
                }
                String sizeText = sizeCol < 0 ? "" : f.get(sizeCol);
                String modified = modifiedCol < 0 ? "" : f.get(modifiedCol);
                return new Candidate(
                        f.get(bucketCol),
                        ManifestCsv.decodeKey(f.get(keyCol)),
                        versionCol < 0 ? null : f.get(versionCol),
                        sizeText.isEmpty() ? -1 : Long.parseLong(sizeText),
                        modified.isEmpty() ? null : Instant.parse(modified),
                        storageClassCol < 0 || f.get(storageClassCol).isEmpty() ? null : f.get(storageClassCol),
                        latestCol < 0 || !"false".equalsIgnoreCase(f.get(latestCol)),
                        deleteMarkerCol >= 0 && "true".equalsIgnoreCase(f.get(deleteMarkerCol)));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new UsageException("inventory file s3://" + manifestLocation.bucket() + "/" + file + " line "
                        + lineNo + " does not match the manifest's fileSchema " + manifest.columns() + ": "
                        + e.getMessage());
            }
        }

        private void openFile(String key) throws IOException {
            file = key;
            lineNo = 0;
            temp = Files.createTempFile("inventory-", key.endsWith(".gz") ? ".csv.gz" : ".csv");
            S3Location at = new S3Location(manifestLocation.bucket(), key);
            try {
                store.download(at, Pin.LATEST, temp);
            } catch (InvalidInputException e) {
                throw new UsageException("inventory file " + at.uri() + " listed in " + manifestLocation.uri()
                        + " is missing: " + e.getMessage());
            }
            InputStream in = Files.newInputStream(temp);
            try {
                if (key.endsWith(".gz")) {
                    in = new java.util.zip.GZIPInputStream(in, 64 * 1024);
                }
            } catch (IOException e) {
                in.close();
                throw e;
            }
            lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 64 * 1024);
        }

        private void closeFile() {
            try {
                if (lines != null) {
                    lines.close();
                }
            } catch (IOException ignored) {
                // read to the end already, or failing anyway
            } finally {
                lines = null;
                deleteTemp();
            }
        }

        private void deleteTemp() {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // a temporary file; the OS cleans up
                }
                temp = null;
            }
        }

        @Override
        public void close() {
            closeFile();
            fileIndex = manifest.files().size();
        }

        private static String readManifest(ObjectStore store, S3Location at) {
            Path tmp = null;
            try {
                tmp = Files.createTempFile("inventory-manifest-", ".json");
                store.download(at, Pin.LATEST, tmp);
                if (Files.size(tmp) > 64L * 1024 * 1024) {
                    throw new UsageException(at.uri() + " is too large to be an S3 Inventory manifest.json");
                }
                return Files.readString(tmp, StandardCharsets.UTF_8);
            } catch (InvalidInputException e) {
                throw new UsageException("--inventory " + at.uri() + ": no such object (" + e.getMessage() + ")");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                if (tmp != null) {
                    try {
                        Files.deleteIfExists(tmp);
                    } catch (IOException ignored) {
                        // temporary
                    }
                }
            }
        }
    }
}
