package dev.renditions.core.events;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/**
 * The {@code detail} of "Renditions Requested": the dispatcher accepted an upload and submitted one AWS Batch job
 * (an array job with one child per rendition, or a plain job for a single rendition). Schema:
 * {@code eventbridge-rules/schemas/renditions-requested.schema.json}.
 *
 * @param source the uploaded image (same shape as in the worker's events)
 * @param spec the rendition spec the job renders ({@code uri} absent for the bundled default spec)
 * @param job the submitted job
 * @param renditions rendition names in array-index order: child {@code i} renders {@code renditions[i]}
 */
@JsonPropertyOrder({"source", "spec", "job", "renditions"})
public record RenditionsRequestedDetail(
        RenditionDetail.Source source, RenditionDetail.Spec spec, Job job, List<String> renditions) {

    public RenditionsRequestedDetail {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(job, "job");
        renditions = List.copyOf(renditions);
    }

    /**
     * @param id the AWS Batch job id (of the array parent for array jobs)
     * @param name the job name
     * @param queue the job queue it was submitted to
     * @param arraySize number of children; 1 for a plain (non-array) job
     */
    @JsonPropertyOrder({"id", "name", "queue", "arraySize"})
    public record Job(String id, String name, String queue, int arraySize) {
        public Job {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
        }
    }
}
