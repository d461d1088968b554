package dev.renditions.aws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.renditions.aws.testing.FaultProxy;
import dev.renditions.aws.testing.MotoExtension;
import dev.renditions.aws.testing.MotoServer;
import dev.renditions.core.errors.InvalidInputException;
import dev.renditions.core.keys.S3Location;
import dev.renditions.core.ports.ObjectMeta;
import dev.renditions.core.ports.Pin;
import dev.renditions.core.ports.PutOptions;
import dev.renditions.core.ports.SourceChangedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

@ExtendWith(MotoExtension.class)
class S3ObjectStoreIT {
    static final String BUCKET = "objects";
    static final String VERSIONED = "objects-versioned";
    static final PutOptions JPEG = new PutOptions("image/jpeg", null, null);

    static S3Client s3;
    static S3ObjectStore store;

    @TempDir
    Path tmp;

    @BeforeAll
    static void buckets(MotoServer moto) {
        s3 = moto.s3();
        store = new S3ObjectStore(s3);
        s3.createBucket(b -> b.bucket(BUCKET));
        s3.createBucket(b -> b.bucket(VERSIONED));
        s3.putBucketVersioning(
                b -> b.bucket(VERSIONED).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    }

    /** Awkward keys; the last is exactly 1,024 bytes of UTF-8, the S3 maximum. */
    static List<String> awkwardKeys() {
        String prefix = "max/";
        String key1024 = prefix + "é".repeat((1024 - prefix.length()) / 2);
        assertEquals(1024, key1024.getBytes(StandardCharsets.UTF_8).length);
        return List.of(
                "uploads/with space.jpg",
                "uploads/a+b=c&d.jpg",
                "uploads/100%25 and %.jpg",
                "uploads/ünïcødé/猫 🐈.jpg",
                "uploads/semi;colon,comma'quote\"(1).jpg",
                key1024);
    }

    private Path file(String name, String content) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    @ParameterizedTest
    @MethodSource("awkwardKeys")
    void awkwardKeysRoundTrip(String key) throws IOException {
        S3Location loc = new S3Location(BUCKET, key);
        store.put(loc, file("body", "content of " + key), JPEG);

        ObjectMeta head = store.head(loc).orElseThrow();
        assertEquals(key, head.location().key());
        assertEquals(("content of " + key).getBytes(StandardCharsets.UTF_8).length, head.size());

        Path out = tmp.resolve("out");
        ObjectMeta got = store.download(loc, new Pin(null, head.etag()), out);
        assertEquals("content of " + key, Files.readString(out, StandardCharsets.UTF_8));
        assertEquals(head.etag(), got.etag());
        assertArrayEquals("content".getBytes(StandardCharsets.UTF_8), store.readHead(loc, Pin.LATEST, 7));

        List<String> listed =
                store.list(BUCKET, key).map(m -> m.location().key()).toList();
        assertEquals(List.of(key), listed);

        store.delete(loc);
        assertTrue(store.head(loc).isEmpty());
    }

    @Test
    void pinnedByVersion() throws IOException {
        S3Location loc = new S3Location(VERSIONED, "uploads/pinned.jpg");
        store.put(loc, file("v1", "first"), JPEG);
        ObjectMeta v1 = store.head(loc).orElseThrow();
        store.put(loc, file("v2", "second"), JPEG);
        ObjectMeta v2 = store.head(loc).orElseThrow();
        assertNotNull(v1.versionId());
        assertNotEquals(v1.versionId(), v2.versionId());

        Path out = tmp.resolve("out");
        ObjectMeta got = store.download(loc, new Pin(v1.versionId(), null), out);
        assertEquals("first", Files.readString(out));
        assertEquals(v1.versionId(), got.versionId());
        store.download(loc, new Pin(v1.versionId(), v1.etag()), out);
        assertEquals("first", Files.readString(out));
        assertArrayEquals(
                "fir".getBytes(StandardCharsets.UTF_8), store.readHead(loc, new Pin(v1.versionId(), null), 3));

        // the event named v2 by version and ETag: fine; the ETag of v1 with v2's version cannot match
        store.download(loc, new Pin(v2.versionId(), v2.etag()), out);
        assertEquals("second", Files.readString(out));
        assertThrows(SourceChangedException.class, () -> store.download(loc, new Pin(v2.versionId(), v1.etag()), out));
    }

    @Test
    void pinnedByEtagAndSuperseded() throws IOException {
        S3Location loc = new S3Location(BUCKET, "uploads/superseded.jpg");
        store.put(loc, file("a", "original"), JPEG);
        String etag = store.head(loc).orElseThrow().etag();
        Path out = tmp.resolve("out");
        store.download(loc, new Pin(null, etag), out);
        assertEquals("original", Files.readString(out));

        store.put(loc, file("b", "overwritten"), JPEG);
        SourceChangedException e =
                assertThrows(SourceChangedException.class, () -> store.download(loc, new Pin(null, etag), out));
        assertTrue(e.getMessage().contains(etag), e.getMessage());
        assertFalse(Files.exists(out), "a failed download leaves no file behind");
        assertThrows(SourceChangedException.class, () -> store.readHead(loc, new Pin(null, etag), 10));
    }

    @Test
    void missingKeyAndMissingVersionAreSourceMissing() throws IOException {
        S3Location missing = new S3Location(BUCKET, "uploads/never there.jpg");
        Path out = tmp.resolve("out");
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> store.download(missing, Pin.LATEST, out));
        assertEquals(InvalidInputException.SOURCE_MISSING, e.code());
        assertTrue(e.getMessage().contains("s3://objects/uploads/never there.jpg"), e.getMessage());
        assertEquals(
                InvalidInputException.SOURCE_MISSING,
                assertThrows(InvalidInputException.class, () -> store.readHead(missing, Pin.LATEST, 10))
                        .code());
        assertTrue(store.head(missing).isEmpty());

        // a version removed by a versioned delete: the exact object the event named is gone
        S3Location loc = new S3Location(VERSIONED, "uploads/deleted-version.jpg");
        store.put(loc, file("a", "one"), JPEG);
        String v1 = store.head(loc).orElseThrow().versionId();
        store.put(loc, file("b", "two"), JPEG);
        s3.deleteObject(b -> b.bucket(VERSIONED).key(loc.key()).versionId(v1));
        InvalidInputException gone =
                assertThrows(InvalidInputException.class, () -> store.download(loc, new Pin(v1, null), out));
        assertEquals(InvalidInputException.SOURCE_MISSING, gone.code());
        assertTrue(gone.getMessage().contains("version " + v1), gone.getMessage());
    }

    @Test
    void readHead() throws IOException {
        S3Location loc = new S3Location(BUCKET, "uploads/head.bin");
        store.put(loc, file("h", "0123456789"), JPEG);
        assertArrayEquals("0123".getBytes(StandardCharsets.UTF_8), store.readHead(loc, Pin.LATEST, 4));
        assertArrayEquals("0123456789".getBytes(StandardCharsets.UTF_8), store.readHead(loc, Pin.LATEST, 65536));

        S3Location empty = new S3Location(BUCKET, "uploads/empty.bin");
        store.put(empty, file("e", ""), JPEG);
        assertEquals(0, store.readHead(empty, Pin.LATEST, 16).length);
    }

    @Test
    void putCarriesHeadersMetadataAndAChecksum() throws Exception {
        S3Location loc = new S3Location(BUCKET, "renditions/uploads/cat.jpg/thumb.jpg");
        Path body = file("thumb", "pretend this is a JPEG");
        Map<String, String> metadata = Map.of(
                "source-bucket", "in", "source-key", "uploads/cat.jpg", "spec-hash", "abc123", "rendition", "thumb");
        store.put(loc, body, new PutOptions("image/jpeg", "public, max-age=31536000, immutable", metadata));

        ObjectMeta head = store.head(loc).orElseThrow();
        assertEquals("image/jpeg", head.contentType());
        assertEquals(metadata, head.metadata());
        HeadObjectResponse raw =
                s3.headObject(b -> b.bucket(BUCKET).key(loc.key()).checksumMode(ChecksumMode.ENABLED));
        assertEquals("public, max-age=31536000, immutable", raw.cacheControl());
        String sha256 = Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(body)));
        assertEquals(sha256, raw.checksumSHA256(), "S3 stored the SHA-256 the SDK sent");
    }

    @Test
    void putIfAbsentWritesOnce() {
        S3Location marker = new S3Location(BUCKET, ".dispatch/objects/uploads/cat.jpg/v1/spec");
        assertTrue(store.putIfAbsent(marker, "first".getBytes(StandardCharsets.UTF_8), JPEG));
        assertFalse(store.putIfAbsent(marker, "second".getBytes(StandardCharsets.UTF_8), JPEG));
        assertArrayEquals("first".getBytes(StandardCharsets.UTF_8), store.readHead(marker, Pin.LATEST, 100));
    }

    @Test
    void putIfMatchReplacesOnlyTheObjectThatWasRead() {
        S3Location claim = new S3Location(BUCKET, ".dispatch/claims/cas");
        assertTrue(store.putIfAbsent(claim, "expired".getBytes(StandardCharsets.UTF_8), JPEG));
        String read = store.head(claim).orElseThrow().etag();

        assertTrue(store.putIfMatch(claim, "taker A".getBytes(StandardCharsets.UTF_8), read, JPEG));
        // taker B read the same ETag before A's write: S3 (and moto) answer 412
        assertFalse(store.putIfMatch(claim, "taker B".getBytes(StandardCharsets.UTF_8), "\"" + read + "\"", JPEG));
        assertArrayEquals("taker A".getBytes(StandardCharsets.UTF_8), store.readHead(claim, Pin.LATEST, 100));

        S3Location gone = new S3Location(BUCKET, ".dispatch/claims/never-written");
        assertFalse(store.putIfMatch(gone, new byte[] {1}, read, JPEG), "404 NoSuchKey: nothing to replace");
        assertTrue(store.head(gone).isEmpty(), "and nothing was created");
    }

    @Test
    void listPagesLazilyThroughMoreThanAThousandObjects(MotoServer moto) {
        String prefix = "many/";
        int count = 1_050;
        for (int i = 0; i < count; i++) {
            store.putIfAbsent(new S3Location(BUCKET, prefix + String.format("%05d", i)), new byte[] {1}, JPEG);
        }
        try (FaultProxy proxy = FaultProxy.start(moto.endpoint());
                AwsClients clients = MotoServer.clients(proxy.endpoint())) {
            S3ObjectStore viaProxy = new S3ObjectStore(clients.s3());
            var stream = viaProxy.list(BUCKET, prefix);
            assertEquals(0, proxy.requests().size(), "nothing is listed before the stream is consumed");
            List<String> firstFive =
                    stream.limit(5).map(m -> m.location().key()).toList();
            assertEquals(List.of("many/00000", "many/00001", "many/00002", "many/00003", "many/00004"), firstFive);
            assertEquals(1, proxy.requests().size(), "one page for five keys");

            proxy.clearRequests();
            List<ObjectMeta> all = viaProxy.list(BUCKET, prefix).toList();
            assertEquals(count, all.size());
            assertEquals(
                    IntStream.range(0, count)
                            .mapToObj(i -> prefix + String.format("%05d", i))
                            .collect(Collectors.toList()),
                    all.stream().map(m -> m.location().key()).toList());
            assertTrue(all.stream()
                    .allMatch(
                            m -> m.size() == 1 && m.etag() != null && !m.etag().startsWith("\"")));
            assertEquals(2, proxy.requests().size(), "1,050 keys take two pages");
        }
    }
}
