package dev.renditions.worker.render;

import dev.renditions.core.spec.Rendition;
import dev.renditions.imaging.RenderResult;
import java.util.List;
import java.util.Optional;

/** Where renditions are written: a local folder or an S3 prefix. */
public interface RenditionOutput {
    /** Where {@code rendition} of this run's source goes. Pure: touches nothing. */
    OutputLocation locate(Rendition rendition);

    /**
     * The rendition at the target when it was made from exactly {@code source} with this rendition's definition, so
     * that rendering it again would change nothing; empty when it must be (re)rendered. Local folders keep no such
     * record and always answer empty.
     */
    default Optional<ExistingRendition> upToDate(Rendition rendition, SourceState source) {
        return Optional.empty();
    }

    /**
     * Writes every result, each one completely or not at all: a failure leaves no partial, empty or temporary file
     * behind. When some results were stored before a failure and cannot be taken back, throws
     * {@link PartlyWrittenException} naming them.
     *
     * @param source what the results were made from (recorded with them where the output keeps metadata)
     */
    void writeAll(List<RenderResult> results, SourceState source);
}
