package dev.renditions.worker.render;

import java.util.Objects;

/** Where one rendition is written: a URI for events and logs, plus bucket and key in S3 (null locally). */
public record OutputLocation(String uri, String bucket, String key) {
    public OutputLocation {
        Objects.requireNonNull(uri, "uri");
    }

    public static OutputLocation local(String uri) {
        return new OutputLocation(uri, null, null);
    }
}
