#!/usr/bin/env bash
# Builds the worker image offline, with an AppCDS archive made for it, and loads it into Docker.
#
#   container/build-image.sh [--no-cds] [MAVEN ARGS...]
#
#   1. container/build-base.sh: the base image tar (cached), unless -Dbase.image=... or
#      -Djib.from.image=... is among MAVEN ARGS
#   2. mvn -pl worker -am package jib:buildTar: worker/target/jib-image.tar, `docker load`ed
#   3. class-data sharing (skipped with --no-cds or when no Docker daemon answers): runs the image a few
#      times (--help, probe, render --all of samples/, and an S3 child whose calls fail on a closed loopback
#      port once the worker reads S3) with -XX:DumpLoadedClassList, merges the lists,
#      dumps a static CDS archive of the JDK and app classes with the image's own JVM and classpath
#      (container/target/cds/layer/app/cds/app.jsa), then builds the image again with that archive as an
#      extra jib layer and -XX:SharedArchiveFile=/app/cds/app.jsa, and loads it.
# The image name is printed on the last line (renditions-worker:<version> unless -Djib.to.image=...).
#
# jib cannot run commands while it builds, so the archive is made by running the first image: the second
# build differs from the first only by the archive layer and one JVM flag. jib gives every file a fixed
# mtime, and the jars are reproducible, so the classpath the archive was dumped with is exactly the one in
# the final image (the JVM checks jar sizes and mtimes, and would ignore a stale archive).
#
# Environment: DOCKER (client command, default docker), MVN (default mvn), SAMPLES (folder of images
# to train with, default samples/, else two generated ones). The git commit goes into the
# org.opencontainers.image.revision label.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
docker=${DOCKER:-docker}
mvn=${MVN:-mvn}
cds=1
mvn_args=()
for a in "$@"; do
    case $a in
    --no-cds) cds=0 ;;
    *) mvn_args+=("$a") ;;
    esac
done
log() { printf 'build-image: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

custom_base=0
for a in "${mvn_args[@]}"; do [[ $a == -Dbase.image=* || $a == -Djib.from.image=* ]] && custom_base=1; done
((custom_base)) || bash "$here/build-base.sh" >/dev/null

revision=unknown
if git -C "$repo" rev-parse --git-dir >/dev/null 2>&1; then
    revision=$(git -C "$repo" rev-parse HEAD)
    [[ -z $(git -C "$repo" status --porcelain --untracked-files=no 2>/dev/null) ]] || revision+=-dirty
fi

image_tar=$repo/worker/target/jib-image.tar
jib() { # extra maven args...
    (cd "$repo" && $mvn -B -q -pl worker -am package jib:buildTar -DskipTests \
        -Dimage.revision="$revision" "${mvn_args[@]}" "$@") >&2 || die "maven/jib failed"
    [[ -s $image_tar ]] || die "jib wrote no $image_tar"
}
load() { # -> image name
    local line
    line=$($docker load -i "$image_tar" | tail -1) || die "docker load failed"
    [[ $line == "Loaded image: "* ]] || die "unexpected docker load output: $line"
    echo "${line#Loaded image: }"
}

log "jib: building $image_tar (revision $revision)"
jib
if ((cds == 0)) || ! $docker info >/dev/null 2>&1; then
    ((cds == 0)) || log "no Docker daemon answers: image built without an AppCDS archive"
    if $docker info >/dev/null 2>&1; then load; else echo "$image_tar"; fi
    exit 0
fi
image=$(load)

# ---- training runs ----------------------------------------------------------------------------------
work=$here/target/cds
rm -rf "$work"
mkdir -p "$work/lists" "$work/out" "$work/layer/app/cds"
chmod 0777 "$work/lists" "$work/out" # the image runs as its own non-root user
samples=${SAMPLES:-$repo/samples}
if [[ -z $(find "$samples" -maxdepth 1 -type f \( -iname '*.jpg' -o -iname '*.png' \) 2>/dev/null | head -1) ]]; then
    samples=$work/samples
    java -Djava.awt.headless=true "$here/TestImages.java" "$samples" >/dev/null || die "cannot make test images"
fi
# the JVM flags of the image's entrypoint, without any CDS flag: the archive is dumped under the same ones
mapfile -t jvm_flags < <($docker inspect --format '{{range .Config.Entrypoint}}{{println .}}{{end}}' "$image" |
    awk 'NR > 1 && $0 == "-cp" {exit} NR > 1 && $0 !~ /^-Xshare|^-XX:SharedArchiveFile/' | grep .)
java_in_image() { # docker-run-args... -- java-args...
    local dargs=()
    while [[ $1 != -- ]]; do dargs+=("$1"); shift; done
    shift
    $docker run --rm --network none "${dargs[@]}" --entrypoint java "$image" "${jvm_flags[@]}" "$@"
}
n=0
train() { # worker args...
    n=$((n + 1))
    java_in_image -v "$work/lists:/cds" -v "$samples:/in:ro" -v "$work/out:/out" -- \
        -XX:DumpLoadedClassList="/cds/$n.classlist" -cp @/app/jib-classpath-file dev.renditions.worker.Main "$@" \
        >/dev/null 2>>"$work/train.log" || true # a failed render still loads the classes of its path
}
train --help
train render --help
first=
while IFS= read -r -d '' f; do
    name=${f##*/}
    [[ -n $first ]] || { first=$name; train probe "/in/$name"; }
    train render --source "/in/$name" --output /out --all
done < <(find "$samples" -maxdepth 1 -type f \( -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.png' -o -iname '*.gif' \) -print0 | sort -z)
# The S3 path (once the worker has it): a child whose S3 and EventBridge calls fail at once on a closed
# loopback port still loads the SDK's clients, signer, HTTP client and error handling: no server needed.
if $docker run --rm --network none "$image" render --help 2>/dev/null | grep -q 's3://'; then
    n=$((n + 1))
    java_in_image -e AWS_ENDPOINT_URL=http://127.0.0.1:9 -e AWS_REGION=us-east-1 -e AWS_MAX_ATTEMPTS=1 \
        -e AWS_ACCESS_KEY_ID=training -e AWS_SECRET_ACCESS_KEY=training -e AWS_BATCH_JOB_ID=training:0 \
        -e AWS_BATCH_JOB_ARRAY_INDEX=0 -e AWS_BATCH_JOB_ATTEMPT=1 -v "$work/lists:/cds" -- \
        -XX:DumpLoadedClassList="/cds/$n.classlist" -cp @/app/jib-classpath-file dev.renditions.worker.Main \
        render --source s3://training/uploads/a.jpg --source-version - --source-etag - \
        --output s3://training/renditions/ --spec default >/dev/null 2>>"$work/train.log" || true
fi
# one list, each line once, in first-seen order (a class before the lambda proxies that name it). Only the numbered
# lists: the glob runs while awk already writes all.classlist, and reading it back half-written once left a line cut
# mid-way that made the dump refuse the whole list.
cat "$work"/lists/[0-9]*.classlist | awk '!/^#/ && NF && !seen[$0]++' >"$work/lists/all.classlist"
log "training: $n runs, $(wc -l <"$work/lists/all.classlist") classes and lambda forms"
java_in_image -v "$work/lists:/cds" -v "$work/layer/app/cds:/dump" --user "$(id -u):$(id -g)" -- \
    -Xshare:dump -XX:SharedClassListFile=/cds/all.classlist -XX:SharedArchiveFile=/dump/app.jsa \
    -cp @/app/jib-classpath-file >"$work/dump.log" 2>&1 || die "CDS dump failed: $(tail -5 "$work/dump.log")"
chmod 0644 "$work/layer/app/cds/app.jsa"

# ---- the final image -------------------------------------------------------------------------------
log "jib: adding the CDS archive ($(du -h "$work/layer/app/cds/app.jsa" | cut -f1))"
jib -Dimage.cds.flag=-XX:SharedArchiveFile=/app/cds/app.jsa -Djib.extraDirectories.paths="$work/layer"
image=$(load)
# -Xshare:on fails instead of falling back: proves the archive maps with the final image's classpath
$docker run --rm --network none --entrypoint java "$image" "${jvm_flags[@]}" \
    -XX:SharedArchiveFile=/app/cds/app.jsa -Xshare:on -cp @/app/jib-classpath-file dev.renditions.worker.Main \
    --version >/dev/null 2>"$work/check.log" || die "the final image cannot map its CDS archive: $(cat "$work/check.log")"
echo "$image"
