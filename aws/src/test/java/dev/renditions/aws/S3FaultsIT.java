package dev.renditions.aws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.renditions.aws.testing.FaultProxy;
import dev.renditions.aws.testing.FaultProxy.Fault;
import dev.renditions.aws.testing.MotoExtension;
import dev.renditions.aws.testing.MotoServer;
import dev.renditions.core.errors.TransientException;
import dev.renditions.core.errors.UsageException;
import dev.renditions.core.keys.S3Location;
import dev.renditions.core.ports.Pin;
import dev.renditions.core.ports.PutOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The real SDK client through {@link FaultProxy}: the SDK retries 5xx and throttling, then AwsErrors classifies. */
@ExtendWith(MotoExtension.class)
class S3FaultsIT {
    static final String BUCKET = "faults";
    static final S3Location SOURCE = new S3Location(BUCKET, "uploads/some image.jpg");
    static final PutOptions JPEG = new PutOptions("image/jpeg", null, null);

    FaultProxy proxy;
    AwsClients clients;
    S3ObjectStore store;

    @TempDir
    Path tmp;

    @BeforeAll
    static void bucket(MotoServer moto) {
        moto.s3().createBucket(b -> b.bucket(BUCKET));
        new S3ObjectStore(moto.s3()).putIfAbsent(SOURCE, "0123456789".getBytes(StandardCharsets.UTF_8), JPEG);
    }

    @BeforeEach
    void proxy(MotoServer moto) {
        proxy = FaultProxy.start(moto.endpoint());
        clients = MotoServer.clients(proxy.endpoint()); // standard retry mode: 3 attempts
        store = new S3ObjectStore(clients.s3());
    }

    @AfterEach
    void close() {
        clients.close();
        proxy.close();
    }

    @Test
    void aSlowDownIsRetriedBySdkAndSucceeds() {
        proxy.failNext(1, FaultProxy.method("GET"), Fault.slowDown());
        assertArrayEquals("0123".getBytes(StandardCharsets.UTF_8), store.readHead(SOURCE, Pin.LATEST, 4));
        var gets = proxy.requests(FaultProxy.method("GET"));
        assertEquals(2, gets.size());
        assertEquals(503, gets.get(0).status());
        assertTrue(gets.get(0).injected());
        assertEquals(206, gets.get(1).status());
    }

    @Test
    void aPutHitByA500IsResentWholeAndStoredOnce(MotoServer moto) throws Exception {
        S3Location target = new S3Location(BUCKET, "renditions/uploads/some image.jpg/thumb.jpg");
        Path body = tmp.resolve("thumb.jpg");
        Files.writeString(body, "rendered bytes");
        proxy.failNext(2, FaultProxy.s3Object("PUT", BUCKET, target.key()), Fault.internalError());
        store.put(target, body, JPEG);
        assertEquals(3, proxy.requests(FaultProxy.method("PUT")).size());
        Path back = tmp.resolve("back");
        new S3ObjectStore(moto.s3()).download(target, Pin.LATEST, back);
        assertEquals("rendered bytes", Files.readString(back));
    }

    @Test
    void persistentSlowDownIsThrottledAfterTheSdkRetries() {
        proxy.failNext(Integer.MAX_VALUE, FaultProxy.any(), Fault.slowDown());
        Path out = tmp.resolve("out");
        TransientException e = assertThrows(TransientException.class, () -> store.download(SOURCE, Pin.LATEST, out));
        assertEquals(TransientException.THROTTLED, e.code());
        assertEquals(1, e.exitCode());
        assertTrue(e.getMessage().contains("s3:GetObject on s3://faults/uploads/some image.jpg"), e.getMessage());
        assertEquals(3, proxy.requests().size(), "the standard retry mode makes 3 attempts");
        assertFalse(Files.exists(out));
    }

    @Test
    void persistent500IsAServiceError() {
        proxy.failNext(Integer.MAX_VALUE, FaultProxy.any(), Fault.internalError());
        TransientException e = assertThrows(TransientException.class, () -> store.head(SOURCE));
        assertEquals(TransientException.SERVICE_ERROR, e.code());
        assertEquals(3, proxy.requests().size());
    }

    @Test
    void accessDeniedNamesTheActionAndTheObjectAndIsNotRetried() {
        proxy.failNext(Integer.MAX_VALUE, FaultProxy.any(), Fault.accessDenied());
        UsageException get =
                assertThrows(UsageException.class, () -> store.download(SOURCE, Pin.LATEST, tmp.resolve("o")));
        assertEquals(UsageException.ACCESS_DENIED, get.code());
        assertTrue(
                get.getMessage().startsWith("access denied: s3:GetObject on s3://faults/uploads/some image.jpg"),
                get.getMessage());
        assertEquals(1, proxy.requests().size());

        UsageException put = assertThrows(
                UsageException.class, () -> store.put(SOURCE, Files.writeString(tmp.resolve("b"), "x"), JPEG));
        assertTrue(put.getMessage().startsWith("access denied: s3:PutObject on s3://faults/"), put.getMessage());
    }

    @Test
    void rangeNotSatisfiableMeansAnEmptyObject() {
        proxy.failNext(
                1, FaultProxy.method("GET"), Fault.s3(416, "InvalidRange", "The requested range is not satisfiable"));
        assertEquals(0, store.readHead(SOURCE, Pin.LATEST, 64).length);
    }

    @Test
    void aConditionalWriteConflictIsTransient() {
        proxy.failNext(1, FaultProxy.method("PUT"), Fault.s3(409, "ConditionalRequestConflict", "conflict"));
        TransientException e = assertThrows(
                TransientException.class,
                () -> store.putIfAbsent(new S3Location(BUCKET, "marker"), new byte[] {1}, JPEG));
        assertTrue(e.getMessage().contains("ConditionalRequestConflict"), e.getMessage());
    }
}
