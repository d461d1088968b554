package dev.renditions.core.events;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/**
 * The {@code detail} of "Upload Rejected": the dispatcher will not render this upload and retrying cannot help. Schema:
 * {@code eventbridge-rules/schemas/upload-rejected.schema.json}.
 *
 * @param source the uploaded object
 * @param spec the spec whose limits were applied
 * @param error {@code code} is one of {@code EmptySource}, {@code LimitExceeded}, {@code UnsupportedFormat},
 *     {@code CorruptImage}, {@code SourceMissing} (the {@link dev.renditions.core.errors.InvalidInputException}
 *     constants); {@code retryable} is always false
 * @param probe what the first bytes showed, when they were read (absent for size and missing-object rejections)
 */
@JsonPropertyOrder({"source", "spec", "error", "probe"})
public record UploadRejectedDetail(
        RenditionDetail.Source source, RenditionDetail.Spec spec, RenditionDetail.Error error, Probe probe) {

    public UploadRejectedDetail {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(error, "error");
    }

    /**
     * @param format the format recognised by magic bytes (e.g. {@code PNG}, {@code PDF}, {@code unknown})
     * @param bytes the object size
     * @param width stored width, when the header was within the bytes read
     * @param height stored height, when the header was within the bytes read
     */
    @JsonPropertyOrder({"format", "bytes", "width", "height"})
    public record Probe(String format, Long bytes, Integer width, Integer height) {}
}
