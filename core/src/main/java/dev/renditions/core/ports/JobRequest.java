package dev.renditions.core.ports;

import java.util.Map;
import java.util.Objects;

/**
 * An AWS Batch job to submit. {@code arraySize} 0 or 1 submits a plain job (Batch arrays are 2 to 10,000 children).
 */
public record JobRequest(
        String name,
        String queue,
        String definition,
        int arraySize,
        Map<String, String> parameters,
        Map<String, String> tags) {
    public static final int MAX_ARRAY_SIZE = 10_000;

    public JobRequest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(definition, "definition");
        if (arraySize < 0 || arraySize > MAX_ARRAY_SIZE) {
            throw new IllegalArgumentException("array size must be 0 to " + MAX_ARRAY_SIZE + ", found " + arraySize);
        }
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    public boolean isArray() {
        return arraySize >= 2;
    }
}
