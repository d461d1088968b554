package dev.renditions.core.ports;

import java.util.Map;
import java.util.Objects;

/** Headers of a PUT: content type, cache control and user metadata ({@code x-amz-meta-*}, keys lower case). */
public record PutOptions(String contentType, String cacheControl, Map<String, String> metadata) {
    public PutOptions {
        Objects.requireNonNull(contentType, "contentType");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
