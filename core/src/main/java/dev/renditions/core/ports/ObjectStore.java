package dev.renditions.core.ports;

import dev.renditions.core.keys.S3Location;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads and writes objects. Adapters map their technology's errors to {@link dev.renditions.core.errors}
 * exceptions (throttling and 5xx: transient; access denied: usage) and raise {@link SourceChangedException} when a
 * pinned read no longer matches.
 */
public interface ObjectStore {
    /** HEAD; empty when there is no such object (or version). */
    Optional<ObjectMeta> head(S3Location location);

    /**
     * Streams the object (pinned) to {@code target} with bounded memory. Throws
     * {@link dev.renditions.core.errors.InvalidInputException} with code {@code SourceMissing} when there is no such
     * object and {@link SourceChangedException} when it no longer matches the pin.
     */
    ObjectMeta download(S3Location location, Pin pin, Path target);

    /** Up to {@code length} bytes from the start of the object (a ranged GET), pinned like {@link #download}. */
    byte[] readHead(S3Location location, Pin pin, int length);

    /** Writes {@code body} completely or not at all. */
    void put(S3Location location, Path body, PutOptions options);

    /**
     * Writes a small object only if no object exists at that key ({@code If-None-Match: *}).
     *
     * @return true when this call created it, false when it already existed
     */
    boolean putIfAbsent(S3Location location, byte[] body, PutOptions options);

    /**
     * Replaces a small object only if it still is the one with this ETag ({@code If-Match}): a compare-and-swap, of
     * any number of concurrent writers holding the same ETag at most one succeeds.
     *
     * @param etag the ETag (quoted or not) of the object as it was read
     * @return true when this call replaced it, false when the object has another ETag by now or no longer exists
     * @throws UnsupportedOperationException from stores without conditional overwrites (the default)
     */
    default boolean putIfMatch(S3Location location, byte[] body, String etag, PutOptions options) {
        throw new UnsupportedOperationException(getClass().getName() + " has no conditional overwrite");
    }

    void delete(S3Location location);

    /** Every object under the prefix, lazily, page by page. */
    Stream<ObjectMeta> list(String bucket, String prefix);
}
