#!/usr/bin/env bash
# The whole pipeline end to end on one machine, no AWS account: moto (S3 with EventBridge notifications,
# EventBridge with the repo's rules and SQS queues as targets, Batch with the repo's job definition), the
# dispatcher handler from dispatcher/target/dispatcher.jar, and every Batch array child as a real container of
# the worker image. See e2e/README.md.
#
#   bash e2e/run.sh                      self-test: fixtures in, one PASS/FAIL line per check,
#                                        "N passed, N failed", exit 1 on any failure
#   bash e2e/run.sh --images DIR [--out DIR]
#                                        your images in, renditions left in ./out-e2e/ (or --out)
#
# Builds what is missing: dispatcher.jar (mvn -pl dispatcher -am package -DskipTests) unless it exists, and
# the worker image with container/build-image.sh (base cached; jib:buildTar; AppCDS) unless E2E_IMAGE names one
# that is loaded already. Starts a private dockerd when no Docker daemon answers (as root; container/lib.sh) and
# moto on a free loopback port; stops both by PID on exit.
# Environment: MVN_ARGS (extra Maven arguments, e.g. -o), E2E_IMAGE (use this image, no build),
# E2E_IMAGE_TAR (docker load this image tar instead of building, e.g. the worker/target/jib-image.tar that
# container/test-image.sh just built: CI saves the second build that way), E2E_PARALLEL (children run at once,
# default the number of CPUs),
# E2E_REBUILD=1 (rebuild dispatcher.jar even if present), KEEP_TMP=1.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
started=$(date +%s)
images= out=$PWD/out-e2e
while (($#)); do
    case $1 in
    --images) images=$(cd "${2:?--images needs a folder}" && pwd); shift 2 ;;
    --out) out=$(mkdir -p "${2:?--out needs a folder}" && cd "$2" && pwd); shift 2 ;;
    -h | --help) sed -n '2,21p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "e2e: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/renditions-e2e.XXXXXX")
log() { printf 'e2e: %s\n' "$*" >&2; }
abort() { # name detail
    printf 'FAIL: %s (%s)\n0 passed, 1 failed\n' "$1" "$2"
    exit 1
}
# shellcheck source=../container/lib.sh
source "$repo/container/lib.sh"

cleanup() {
    local rc=$?
    set +e
    renditions_moto_down
    renditions_docker_down
    if [[ ${KEEP_TMP:-0} == 1 ]]; then log "kept $tmp"; else rm -rf "$tmp"; fi
    log "took $(($(date +%s) - started)) s"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

read -ra mvn_args <<<"${MVN_ARGS:-}"
jar=$repo/dispatcher/target/dispatcher.jar
if [[ ! -s $jar || ${E2E_REBUILD:-0} == 1 ]]; then
    log "building $jar"
    (cd "$repo" && mvn -B -q -pl dispatcher -am package -DskipTests -Dspotless.check.skip=true "${mvn_args[@]}") \
        >"$tmp/mvn.log" 2>&1 || abort build "dispatcher: $(tail -5 "$tmp/mvn.log" | tr '\n' ' ')"
fi

renditions_docker_up
if [[ -n ${E2E_IMAGE_TAR:-} ]]; then
    line=$(docker load -i "$E2E_IMAGE_TAR" | tail -1) || abort image "docker load -i $E2E_IMAGE_TAR failed"
    [[ $line == "Loaded image: "* ]] || abort image "unexpected docker load output: $line"
    image=${line#Loaded image: }
elif [[ -n ${E2E_IMAGE:-} ]]; then
    image=$E2E_IMAGE
    docker image inspect "$image" >/dev/null 2>&1 || abort image "E2E_IMAGE=$image is not loaded"
else
    image=$(bash "$repo/container/build-image.sh" -Dspotless.check.skip=true "${mvn_args[@]}" 2>"$tmp/build.log" |
        tail -1) || abort image "container/build-image.sh failed: $(tail -5 "$tmp/build.log" | tr '\n' ' ')"
fi
log "image $image, dispatcher $jar ($(($(date +%s) - started)) s)"

renditions_moto_up
log "moto at $moto_endpoint (pid $moto_pid)"

driver=(python3 "$here/pipeline.py" --endpoint "$moto_endpoint" --image "$image" --dispatcher-jar "$jar"
    --repo "$repo" --parallel "${E2E_PARALLEL:-$(nproc)}")
if [[ -n $images ]]; then
    "${driver[@]}" --images "$images" --out "$out"
else
    "${driver[@]}" --self-test "$tmp"
fi
