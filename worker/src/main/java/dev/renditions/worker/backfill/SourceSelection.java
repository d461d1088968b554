package dev.renditions.worker.backfill;

import dev.renditions.core.events.BackfillSubmittedDetail;
import dev.renditions.core.keys.S3Location;
import java.util.Objects;

/** Where a backfill's candidate objects come from: a listing of a bucket and prefix, or an S3 Inventory report. */
public sealed interface SourceSelection {
    /** For the plan id: changes whenever the selection does. */
    String canonical();

    /** For people: {@code s3://bucket/prefix} or {@code inventory s3://.../manifest.json}. */
    String describe();

    /** As events and {@code plan.json} name it. */
    BackfillSubmittedDetail.Source ref();

    /** ListObjectsV2 of {@code bucket} under {@code prefix} (empty: the whole bucket). */
    record Listing(String bucket, String prefix) implements SourceSelection {
        public Listing {
            Objects.requireNonNull(bucket, "bucket");
            if (bucket.isBlank() || bucket.contains("/")) {
                throw new IllegalArgumentException("expected a bucket name, found '" + bucket + "'");
            }
            prefix = prefix == null ? "" : prefix;
        }

        @Override
        public String canonical() {
            return "listing:" + bucket + "/" + prefix;
        }

        @Override
        public String describe() {
            return new S3Location(bucket, prefix).uri();
        }

        @Override
        public BackfillSubmittedDetail.Source ref() {
            return new BackfillSubmittedDetail.Source(bucket, prefix, null);
        }
    }

    /** The {@code manifest.json} of an S3 Inventory report in CSV format. */
    record Inventory(S3Location manifest) implements SourceSelection {
        public Inventory {
            Objects.requireNonNull(manifest, "manifest");
        }

        @Override
        public String canonical() {
            return "inventory:" + manifest.uri();
        }

        @Override
        public String describe() {
            return "inventory " + manifest.uri();
        }

        @Override
        public BackfillSubmittedDetail.Source ref() {
            return new BackfillSubmittedDetail.Source(null, null, manifest.uri());
        }
    }
}
