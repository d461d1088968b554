package dev.renditions.worker;

import dev.renditions.aws.testing.MotoServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/** S3 on moto, seen from the test's side: buckets, uploads, and what the worker left behind. */
public final class MotoObjects {
    private final S3Client s3;

    public MotoObjects(MotoServer moto) {
        this.s3 = moto.s3();
    }

    public MotoObjects bucket(String name, boolean versioned) {
        s3.createBucket(b -> b.bucket(name));
        if (versioned) {
            s3.putBucketVersioning(
                    b -> b.bucket(name).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        }
        return this;
    }

    /** PUTs {@code body}; returns S3's answer (version id, ETag). */
    public PutObjectResponse upload(String bucket, String key, byte[] body) {
        return s3.putObject(b -> b.bucket(bucket).key(key).contentType("image/jpeg"), RequestBody.fromBytes(body));
    }

    public HeadObjectResponse head(String bucket, String key) {
        return s3.headObject(b -> b.bucket(bucket).key(key));
    }

    public boolean exists(String bucket, String key) {
        try {
            head(bucket, key);
            return true;
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    public ResponseBytes<GetObjectResponse> get(String bucket, String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
    }

    /** Pixel size of a stored image. */
    public int[] size(String bucket, String key) {
        try {
            BufferedImage img =
                    ImageIO.read(new ByteArrayInputStream(get(bucket, key).asByteArray()));
            return new int[] {img.getWidth(), img.getHeight()};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every version of every object under {@code prefix} (a versioned bucket keeps one per PUT). */
    public List<ObjectVersion> versions(String bucket, String prefix) {
        return s3.listObjectVersionsPaginator(b -> b.bucket(bucket).prefix(prefix)).versions().stream()
                .toList();
    }

    /** Keys under {@code prefix}. */
    public List<String> keys(String bucket, String prefix) {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                .map(o -> o.key())
                .sorted()
                .toList();
    }
}
