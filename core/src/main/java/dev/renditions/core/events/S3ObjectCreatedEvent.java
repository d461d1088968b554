package dev.renditions.core.events;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the S3 "Object Created" event exactly as an EventBridge rule delivers it to a target: the
 * {@link EventEnvelope} with an {@link S3ObjectCreatedDetail}.
 */
public final class S3ObjectCreatedEvent {
    /** {@code source} of events that Amazon S3 sends. */
    public static final String SOURCE = "aws.s3";
    /** {@code detail-type} of object creations. */
    public static final String DETAIL_TYPE = "Object Created";

    public static final TypeReference<EventEnvelope<S3ObjectCreatedDetail>> TYPE = new TypeReference<>() {};

    private S3ObjectCreatedEvent() {}

    /** Parses one event; unknown fields are ignored, a missing {@code detail-type}, {@code source} or detail fails. */
    public static EventEnvelope<S3ObjectCreatedDetail> read(InputStream in) throws IOException {
        return Json.MAPPER.readValue(in, TYPE);
    }

    public static EventEnvelope<S3ObjectCreatedDetail> read(String json) throws IOException {
        return Json.MAPPER.readValue(json, TYPE);
    }
}
