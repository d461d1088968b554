package dev.renditions.dispatcher;

import dev.renditions.core.errors.Failures;
import dev.renditions.core.errors.InvalidInputException;
import dev.renditions.core.events.DetailTypes;
import dev.renditions.core.events.EventEnvelope;
import dev.renditions.core.events.Json;
import dev.renditions.core.events.RenditionDetail;
import dev.renditions.core.events.RenditionsRequestedDetail;
import dev.renditions.core.events.S3ObjectCreatedEvent;
import dev.renditions.core.keys.S3Location;
import dev.renditions.core.ports.ObjectStore;
import dev.renditions.core.ports.Pin;
import dev.renditions.core.probe.HeaderProbe;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Runs the first event's code paths once during Lambda's init phase, without their side effects: JSON reading and
 * writing of the event records, the header probe, hashing and naming, and one S3 request (a GET of a marker that
 * cannot exist). On-demand Lambda runs init with a full vCPU but an invocation only with the CPU share of its memory
 * setting (about a third of a vCPU at 512 MB), so work moved here shortens the cold invocation; with SnapStart it is
 * part of the snapshot. A failure here is logged and ignored: the real event does the same work again.
 */
final class Priming {
    /** An S3 "Object Created" event in AWS's shape (bucket and key never read from S3). */
    private static final String SAMPLE = "{\"version\":\"0\",\"id\":\"00000000-0000-0000-0000-000000000000\","
            + "\"detail-type\":\"Object Created\",\"source\":\"aws.s3\",\"account\":\"000000000000\","
            + "\"time\":\"2026-01-01T00:00:00Z\",\"region\":\"us-east-1\",\"resources\":[],\"detail\":{\"version\":\"0\","
            + "\"bucket\":{\"name\":\"priming\"},\"object\":{\"key\":\"uploads/priming.png\",\"size\":45,"
            + "\"etag\":\"00000000000000000000000000000000\",\"sequencer\":\"00\"},\"reason\":\"PutObject\"}}";

    /** A PNG signature and header (1x1). */
    private static final byte[] PNG = {
        (byte) 0x89,
        'P',
        'N',
        'G',
        0x0D,
        0x0A,
        0x1A,
        0x0A,
        0,
        0,
        0,
        13,
        'I',
        'H',
        'D',
        'R',
        0,
        0,
        0,
        1,
        0,
        0,
        0,
        1,
        8,
        2,
        0,
        0,
        0,
        (byte) 0x90,
        0x77,
        0x53,
        (byte) 0xDE
    };

    private Priming() {}

    static void run(DispatcherConfig config, ObjectStore store, DispatchLog log) {
        try {
            Upload u = Upload.from(S3ObjectCreatedEvent.read(SAMPLE));
            HeaderProbe.probe(PNG, true);
            String id = DispatchMarkers.id(u.bucket(), u.key(), u.identity(), "0000000000000000");
            BatchNames.jobName(u.key(), id.substring(0, 8));
            Json.write(new DispatchMarkers.JobRecord("job", "name", config.jobQueue(), 3, Instant.EPOCH.toString()));
            Json.write(EventEnvelope.of(
                    config.eventSource(),
                    DetailTypes.RENDITIONS_REQUESTED,
                    Instant.EPOCH,
                    new RenditionsRequestedDetail(
                            u.source(),
                            new RenditionDetail.Spec("0000000000000000", null),
                            new RenditionsRequestedDetail.Job("job", "name", config.jobQueue(), 3),
                            List.of("thumb"))));
        } catch (IOException | RuntimeException e) {
            log.warn("priming (local) failed; ignored", Map.of("error", Failures.describe(e)));
        }
        try {
            store.readHead(
                    new S3Location(config.outputBucket(), config.markerPrefix() + "priming-never-written"),
                    Pin.LATEST,
                    1);
        } catch (InvalidInputException expected) {
            // SourceMissing: the S3 client, signer and error handling are now loaded
        } catch (RuntimeException e) {
            log.warn(
                    "priming GET of a marker failed; check s3:GetObject and s3:ListBucket on OUTPUT_BUCKET",
                    Map.of("error", Failures.describe(e)));
        }
    }
}
