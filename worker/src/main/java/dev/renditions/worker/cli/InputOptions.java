package dev.renditions.worker.cli;

import picocli.CommandLine.Option;

/** {@code --source} or {@code --manifest}: exactly one of them (a picocli group, so both or neither exit 2). */
public final class InputOptions {
    @Option(
            names = "--source",
            required = true,
            paramLabel = "PATH|s3://BUCKET/KEY",
            description = "The source image: a local file or an S3 object (key as is, not URL-encoded).")
    String source;

    @Option(
            names = "--manifest",
            required = true,
            paramLabel = "s3://BUCKET/KEY.csv",
            description = "Instead of --source: a manifest of S3 images (CSV lines bucket,key[,versionId], keys"
                    + " URL-encoded as S3 Inventory and S3 Batch Operations write them). Renders every rendition of"
                    + " images [i*K, i*K+K) of it, i = AWS_BATCH_JOB_ARRAY_INDEX (0 when unset), K ="
                    + " --images-per-child.")
    String manifest;
}
