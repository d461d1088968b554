package dev.renditions.core.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * An event as an EventBridge rule target receives it. Locally (stdout) {@code account} and {@code region} are left
 * out; on EventBridge the bus fills them in.
 */
@JsonPropertyOrder({"version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"})
public record EventEnvelope<T>(
        String version,
        String id,
        @JsonProperty("detail-type") String detailType,
        String source,
        String account,
        String time,
        String region,
        List<String> resources,
        T detail) {

    public EventEnvelope {
        Objects.requireNonNull(detailType, "detailType");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(detail, "detail");
        if (version == null) {
            version = "0";
        }
        if (resources == null) {
            resources = List.of();
        }
    }

    public static <T> EventEnvelope<T> of(String source, String detailType, Instant time, T detail) {
        return new EventEnvelope<>(
                "0",
                UUID.randomUUID().toString(),
                detailType,
                source,
                null,
                time.truncatedTo(ChronoUnit.SECONDS).toString(),
                null,
                List.of(),
                detail);
    }
}
