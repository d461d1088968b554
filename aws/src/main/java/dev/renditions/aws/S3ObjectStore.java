package dev.renditions.aws;

import dev.renditions.core.errors.InvalidInputException;
import dev.renditions.core.errors.RenditionException;
import dev.renditions.core.errors.TransientException;
import dev.renditions.core.errors.UsageException;
import dev.renditions.core.keys.S3Location;
import dev.renditions.core.ports.ObjectMeta;
import dev.renditions.core.ports.ObjectStore;
import dev.renditions.core.ports.Pin;
import dev.renditions.core.ports.PutOptions;
import dev.renditions.core.ports.SourceChangedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link ObjectStore} on Amazon S3 (or anything that speaks its API: moto, LocalStack, MinIO).
 *
 * <p>Pinned reads send {@code versionId} and/or {@code If-Match: "etag"} on the GET itself, so the check and the
 * read are one atomic request; the response's version and ETag are checked again in case a peer ignores
 * {@code If-Match}. Outcomes:
 *
 * <ul>
 *   <li>{@code NoSuchKey} (404): {@link InvalidInputException} {@code SourceMissing};
 *   <li>{@code PreconditionFailed} (412), or a response whose version or ETag differs from the pin:
 *       {@link SourceChangedException} (the object was overwritten; its own upload event will follow);
 *   <li>{@code NoSuchVersion} (404), or a version id S3 calls invalid (400 {@code InvalidArgument}): the exact
 *       object the event named no longer exists (a version is only ever removed by an explicit versioned delete or
 *       a lifecycle rule, never by an overwrite). That is {@code SourceMissing} as well: there is nothing left to
 *       render from this event, and an overwrite would have kept the old version and raised a new event.
 * </ul>
 *
 * <p>PUTs carry a SHA-256 checksum ({@code x-amz-checksum-sha256}, computed by the SDK while it sends the file),
 * which S3 verifies before it stores the object and keeps with it; moto 5.2.1 does the same. Downloads of whole
 * objects are validated against the stored checksum by the SDK while they stream.
 *
 * <p>Errors that mean nothing special to an operation go through {@link AwsErrors}. Note that S3 answers 403, not
 * 404, for a missing key when the caller lacks {@code s3:ListBucket} on the bucket; messages say so.
 */
public final class S3ObjectStore implements ObjectStore {
    /** The checksum every PUT carries. */
    public static final ChecksumAlgorithm CHECKSUM = ChecksumAlgorithm.SHA256;

    private static final String MISSING_KEY_HINT =
            " (S3 answers 403 instead of 404 for a missing key when the caller lacks s3:ListBucket)";

    private final S3Client s3;

    public S3ObjectStore(S3Client s3) {
        this.s3 = Objects.requireNonNull(s3, "s3");
    }

    /** HEAD answers carry no error code, so a missing bucket also reads as "no such object" here. */
    @Override
    public Optional<ObjectMeta> head(S3Location location) {
        try {
            HeadObjectResponse r =
                    s3.headObject(b -> b.bucket(location.bucket()).key(location.key()));
            return Optional.of(new ObjectMeta(
                    location,
                    r.contentLength() == null ? 0 : r.contentLength(),
                    r.eTag(),
                    r.versionId(),
                    r.contentType(),
                    r.lastModified(),
                    r.metadata()));
        } catch (SdkException e) {
            if (AwsErrors.status(e) == 404) {
                return Optional.empty();
            }
            throw withHint(AwsErrors.classify(e, "s3:GetObject (HEAD)", location.uri()));
        }
    }

    @Override
    public ObjectMeta download(S3Location location, Pin pin, Path target) {
        Objects.requireNonNull(target, "target");
        GetObjectRequest request = get(location, pin).build();
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(request)) {
            GetObjectResponse r = in.response();
            try {
                checkPin(location, pin, r.versionId(), r.eTag());
            } catch (SourceChangedException e) {
                in.abort();
                throw e;
            }
            long n = Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            if (r.contentLength() != null && n != r.contentLength()) {
                throw new TransientException(
                        TransientException.IO_ERROR,
                        "short read: " + location.uri() + " is " + r.contentLength() + " bytes, got " + n,
                        null);
            }
            return new ObjectMeta(
                    location, n, r.eTag(), r.versionId(), r.contentType(), r.lastModified(), r.metadata());
        } catch (RuntimeException | IOException e) {
            deleteQuietly(target);
            throw getFailure(e, location, pin);
        }
    }

    @Override
    public byte[] readHead(S3Location location, Pin pin, int length) {
        if (length < 1) {
            throw new IllegalArgumentException("length must be at least 1, found " + length);
        }
        GetObjectRequest request =
                get(location, pin).range("bytes=0-" + (length - 1)).build();
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(request)) {
            GetObjectResponse r = in.response();
            try {
                checkPin(location, pin, r.versionId(), r.eTag());
            } catch (SourceChangedException e) {
                in.abort();
                throw e;
            }
            // never more than asked for, even from a peer that ignores Range and sends the whole object
            byte[] b = in.readNBytes(length);
            if (in.read() != -1) {
                in.abort();
            }
            return b;
        } catch (RuntimeException | IOException e) {
            if (AwsErrors.status(e) == 416) {
                return new byte[0]; // the object is empty: no byte 0 to start the range at
            }
            throw getFailure(e, location, pin);
        }
    }

    @Override
    public void put(S3Location location, Path body, PutOptions options) {
        Objects.requireNonNull(body, "body");
        try {
            s3.putObject(put(location, options).build(), RequestBody.fromFile(body));
        } catch (RuntimeException e) {
            throw AwsErrors.classify(unwrap(e), "s3:PutObject", location.uri());
        }
    }

    @Override
    public boolean putIfAbsent(S3Location location, byte[] body, PutOptions options) {
        return putIf(location, body, options, b -> b.ifNoneMatch("*"), false);
    }

    /**
     * {@code PutObject} with {@code If-Match: "etag"}, which S3 evaluates atomically with the write (as it does
     * {@code If-None-Match: *}): 412 when the object has another ETag by now, 404 when it is gone, 409 when a
     * concurrent conditional write raced this one. moto 5.2.1 answers 412 and 404 the same way.
     */
    @Override
    public boolean putIfMatch(S3Location location, byte[] body, String etag, PutOptions options) {
        String bare = ObjectMeta.unquote(Objects.requireNonNull(etag, "etag"));
        return putIf(location, body, options, b -> b.ifMatch("\"" + bare + "\""), true);
    }

    /**
     * A conditional PutObject: false when its condition failed (412 PreconditionFailed; with {@code goneFails}, also
     * 404 NoSuchKey: the object is not there any more), a transient error on 409 ConditionalRequestConflict (a
     * concurrent conditional write; S3 says retry).
     */
    private boolean putIf(
            S3Location location,
            byte[] body,
            PutOptions options,
            Consumer<PutObjectRequest.Builder> condition,
            boolean goneFails) {
        Objects.requireNonNull(body, "body");
        PutObjectRequest.Builder request = put(location, options);
        condition.accept(request);
        try {
            s3.putObject(request.build(), RequestBody.fromBytes(body));
            return true;
        } catch (SdkException e) {
            int status = AwsErrors.status(e);
            String code = AwsErrors.errorCode(e);
            if (status == 412 || (goneFails && status == 404 && !"NoSuchBucket".equals(code))) {
                return false;
            }
            if (status == 409) {
                throw new TransientException(
                        TransientException.SERVICE_ERROR,
                        "conditional write conflict on " + location.uri() + " (" + code
                                + "): another writer raced this one; retry",
                        e);
            }
            throw AwsErrors.classify(e, "s3:PutObject", location.uri());
        }
    }

    @Override
    public void delete(S3Location location) {
        try {
            s3.deleteObject(b -> b.bucket(location.bucket()).key(location.key()));
        } catch (SdkException e) {
            throw AwsErrors.classify(e, "s3:DeleteObject", location.uri());
        }
    }

    /**
     * Lazily pages through ListObjectsV2 (1,000 keys a page). Listings carry no version, content type or user
     * metadata. Errors surface, classified, from the stream's terminal operation.
     */
    @Override
    public Stream<ObjectMeta> list(String bucket, String prefix) {
        Objects.requireNonNull(bucket, "bucket");
        String p = prefix == null ? "" : prefix;
        String where = S3Location.SCHEME + bucket + "/" + p;
        Iterator<ObjectMeta> it = new Iterator<>() {
            private Iterator<S3Object> pages;

            private Iterator<S3Object> pages() {
                if (pages == null) {
                    pages = s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(p))
                            .contents()
                            .iterator();
                }
                return pages;
            }

            @Override
            public boolean hasNext() {
                try {
                    return pages().hasNext();
                } catch (SdkException e) {
                    throw AwsErrors.classify(e, "s3:ListBucket", where);
                }
            }

            @Override
            public ObjectMeta next() {
                try {
                    S3Object o = pages().next();
                    return new ObjectMeta(
                            new S3Location(bucket, o.key()), o.size(), o.eTag(), null, null, o.lastModified(), null);
                } catch (SdkException e) {
                    throw AwsErrors.classify(e, "s3:ListBucket", where);
                }
            }
        };
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    private static GetObjectRequest.Builder get(S3Location location, Pin pin) {
        Pin p = pin == null ? Pin.LATEST : pin;
        GetObjectRequest.Builder b =
                GetObjectRequest.builder().bucket(location.bucket()).key(location.key());
        if (p.versionId() != null) {
            b.versionId(p.versionId());
        }
        if (p.etag() != null) {
            b.ifMatch("\"" + p.etag() + "\"");
        }
        return b;
    }

    private static PutObjectRequest.Builder put(S3Location location, PutOptions options) {
        Objects.requireNonNull(options, "options");
        PutObjectRequest.Builder b = PutObjectRequest.builder()
                .bucket(location.bucket())
                .key(location.key())
                .contentType(options.contentType())
                .checksumAlgorithm(CHECKSUM);
        if (options.cacheControl() != null) {
            b.cacheControl(options.cacheControl());
        }
        if (!options.metadata().isEmpty()) {
            b.metadata(options.metadata());
        }
        return b;
    }

    /** Defence in depth: a peer that ignores If-Match or versionId must not make us render the wrong object. */
    private static void checkPin(S3Location location, Pin pin, String versionId, String etag) {
        if (pin == null) {
            return;
        }
        if (pin.versionId() != null && versionId != null && !pin.versionId().equals(versionId)) {
            throw new SourceChangedException(
                    location.uri() + " answered version " + versionId + ", expected " + pin.versionId());
        }
        String got = ObjectMeta.unquote(etag);
        if (pin.etag() != null && got != null && !pin.etag().equals(got)) {
            throw new SourceChangedException(
                    location.uri() + " now has ETag " + got + ", expected " + pin.etag() + ": it was overwritten");
        }
    }

    private static RuntimeException getFailure(Exception e, S3Location location, Pin pin) {
        if (e instanceof SourceChangedException || e instanceof RenditionException) {
            return (RuntimeException) e;
        }
        Throwable t = unwrap(e);
        int status = AwsErrors.status(t);
        String code = AwsErrors.errorCode(t);
        String version = pin == null ? null : pin.versionId();
        if (status == 412) {
            return new SourceChangedException(location.uri() + " no longer has ETag " + (pin == null ? "?" : pin.etag())
                    + ": it was overwritten (PreconditionFailed)");
        }
        if (status == 404 && "NoSuchVersion".equals(code) || version != null && "InvalidArgument".equals(code)) {
            return new InvalidInputException(
                    InvalidInputException.SOURCE_MISSING,
                    "version " + version + " of " + location.uri() + " does not exist (" + code + ")",
                    t);
        }
        if (status == 404 && !"NoSuchBucket".equals(code)) {
            return new InvalidInputException(
                    InvalidInputException.SOURCE_MISSING,
                    location.uri() + " does not exist (" + (code == null ? "404" : code) + ")",
                    t);
        }
        return withHint(AwsErrors.classify(t, "s3:GetObject", location.uri()));
    }

    private static RenditionException withHint(RenditionException e) {
        if (e instanceof UsageException u && UsageException.ACCESS_DENIED.equals(u.code())) {
            return new UsageException(u.code(), u.getMessage() + MISSING_KEY_HINT, u.getCause());
        }
        return e;
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof UncheckedIOException u ? u.getCause() : e;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: the caller reports the original failure
        }
    }
}
