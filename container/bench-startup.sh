#!/usr/bin/env bash
# Measures the worker image's start-up for `--help` and for renders, under several JVM set-ups, round-robin
# so that load on the machine hits every variant alike, and prints Markdown tables of medians (min-max):
#   start-to-exit  wall time of `docker run --rm ...`, as an AWS Batch child pays it
#   CPU            user+sys time of the same JVM command run in the image's own file system (exported
#                  from the image, chroot; root only): the work the JVM does, much less disturbed by other
#                  load on the machine than wall time, and free of the container engine's own overhead
#
#   container/bench-startup.sh [IMAGE] [ROUNDS]      (defaults: renditions-worker:<version>, 9)
#
# Needs a reachable Docker daemon (DOCKER_HOST) and the image loaded (container/build-image.sh makes both
# possible; container/test-image.sh shows how to start a private daemon). SOURCES (a folder) holds the
# images to render; SMALL the one for `thumb` (default: samples/icc-adobergb-canon7d.jpg, 600x900). BIG is an optional large JPEG (e.g. 16 MP) to
# render 320 px from as well.
#
# Every variant runs the image's own classpath with `--entrypoint java` and the flags below, so the
# difference between two rows is the flags alone:
#   no-cds            -Xshare:off: no class-data sharing at all
#   jdk-cds           the jlink runtime's default CDS archive (JDK classes only), -XX:+UseSerialGC
#   jdk-cds-g1        the same with G1 (the JVM's choice with >= 2 CPUs and >= 1792 MB)
#   app-cds           the AppCDS archive shipped in the image (/app/cds/app.jsa: JDK and app classes)
#   app-cds-c1        app-cds plus -XX:TieredStopAtLevel=1 (C1 only)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$repo/pom.xml" | head -1)
image=${1:-renditions-worker:$version}
rounds=${2:-9}
sources=${SOURCES:-$repo/samples}
big=${BIG:-}
docker=${DOCKER:-docker}

common=(-Djava.awt.headless=true -XX:MaxRAMPercentage=75 -XX:-UsePerfData)
declare -A flags=(
    [no-cds]="-XX:+UseSerialGC -Xshare:off"
    [jdk-cds]="-XX:+UseSerialGC -Xshare:auto"
    [jdk-cds-g1]="-XX:+UseG1GC -Xshare:auto"
    [app-cds]="-XX:+UseSerialGC -XX:SharedArchiveFile=/app/cds/app.jsa"
    [app-cds-c1]="-XX:+UseSerialGC -XX:SharedArchiveFile=/app/cds/app.jsa -XX:TieredStopAtLevel=1"
)
variants=(no-cds jdk-cds jdk-cds-g1 app-cds app-cds-c1)
if ! $docker run --rm --entrypoint java "$image" -XX:SharedArchiveFile=/app/cds/app.jsa -Xshare:on \
    -cp @/app/jib-classpath-file dev.renditions.worker.Main --version \
    >/dev/null 2>&1; then
    echo "bench-startup: $image has no usable /app/cds/app.jsa; measuring without the app-cds rows" >&2
    variants=(no-cds jdk-cds jdk-cds-g1)
fi

small=${SMALL:-$sources/icc-adobergb-canon7d.jpg}
[[ -f $small ]] || small=$(find "$sources" -maxdepth 1 -type f -iname '*.jpg' | sort | head -1)
sources=$(dirname "$small")
[[ -n $small ]] || { echo "bench-startup: no JPEG in $sources" >&2; exit 2; }
workloads=(help thumb)
[[ -n $big ]] && workloads+=(thumb-big)

out=$(mktemp -d "${TMPDIR:-/tmp}/renditions-bench.XXXXXX")
cleanup() { rm -rf "$out"; }
trap cleanup EXIT
chmod 0777 "$out"
mkdir -m 0777 "$out/o"
results=$out/results.tsv

cpu=0
if [[ $(id -u) == 0 ]] && command -v unshare >/dev/null; then
    cpu=1
    cid=$($docker create "$image")
    mkdir "$out/rootfs"
    $docker export "$cid" | tar -x -C "$out/rootfs"
    $docker rm "$cid" >/dev/null
    mkdir -p "$out/rootfs/in" "$out/rootfs/out" "$out/rootfs/big" "$out/rootfs/proc" "$out/rootfs/dev"
fi

worker_args() { # workload
    case $1 in
    help) echo --help ;;
    thumb) echo render --source "/in/${small##*/}" --output /out --rendition thumb ;;
    thumb-big) echo render --source "/big/${big##*/}" --output /out --rendition thumb ;;
    esac
}

wall_run() { # variant workload -> elapsed ms of docker run
    local v=$1 w=$2 t0 t1
    local mounts=(-v "$sources:/in:ro" -v "$out/o:/out")
    [[ -n $big ]] && mounts+=(-v "$(dirname "$big"):/big:ro")
    t0=$(date +%s%N)
    # shellcheck disable=SC2046,SC2086 # the flags and arguments are words without spaces
    $docker run --rm --network none "${mounts[@]}" --entrypoint java "$image" \
        "${common[@]}" ${flags[$v]} -cp @/app/jib-classpath-file dev.renditions.worker.Main $(worker_args "$w") \
        >/dev/null 2>"$out/err" || { echo "bench-startup: $v $w failed: $(cat "$out/err")" >&2; exit 1; }
    t1=$(date +%s%N)
    echo $(((t1 - t0) / 1000000))
}

cpu_run() { # variant workload -> user+sys ms of the JVM in the image's file system
    local v=$1 w=$2 t
    local TIMEFORMAT='%3U %3S'
    # shellcheck disable=SC2046,SC2086
    t=$({ time unshare --mount --fork sh -c '
        r=$1; shift
        mount -t proc proc "$r/proc" && mount --bind /dev "$r/dev" &&
            mount --bind "$SRC" "$r/in" && mount --bind "$OUT" "$r/out" &&
            { [ -z "$BIGDIR" ] || mount --bind "$BIGDIR" "$r/big"; } &&
            exec env -i PATH=/opt/java/openjdk/bin:/usr/bin LANG=C.UTF-8 HOME=/home/renditions \
                "$CHROOT" --userspec=65532:65532 "$r" /opt/java/openjdk/bin/java "$@"' sh "$out/rootfs" \
        "${common[@]}" ${flags[$v]} -cp @/app/jib-classpath-file dev.renditions.worker.Main $(worker_args "$w") \
        >/dev/null 2>"$out/err"; } 2>&1) || { echo "bench-startup: chroot $v $w failed: $(cat "$out/err")" >&2; exit 1; }
    awk '{printf "%d\n", ($1 + $2) * 1000}' <<<"$t"
}
export SRC=$sources OUT=$out/o BIGDIR=${big:+$(dirname "$big")} CHROOT=$(command -v chroot)

measure() { # variant workload
    local ms
    ms=$(wall_run "$1" "$2") || exit 1
    printf '%s\t%s\twall\t%s\n' "$1" "$2" "$ms" >>"$results"
    if ((cpu)); then
        ms=$(cpu_run "$1" "$2") || exit 1
        printf '%s\t%s\tcpu\t%s\n' "$1" "$2" "$ms" >>"$results"
    fi
}

# one warm-up of each, then ROUNDS rounds, each running every variant and workload once
for v in "${variants[@]}"; do for w in "${workloads[@]}"; do wall_run "$v" "$w" >/dev/null || exit 1; done; done
for ((i = 1; i <= rounds; i++)); do
    for w in "${workloads[@]}"; do
        for v in "${variants[@]}"; do measure "$v" "$w"; done
    done
    echo "bench-startup: round $i/$rounds" >&2
done

median() { sort -n | awk '{a[NR]=$1} END {m = NR % 2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2); printf "%d (%d-%d)", m, a[1], a[NR]}'; }
metrics=(wall)
((cpu == 0)) || metrics+=(cpu)
printf '| variant |'
for w in "${workloads[@]}"; do
    printf ' %s: start-to-exit ms |' "$w"
    ((cpu == 0)) || printf ' %s: CPU ms |' "$w"
done
echo
printf '|---|'; for w in "${workloads[@]}"; do for m in "${metrics[@]}"; do printf -- '---|'; done; done; echo
for v in "${variants[@]}"; do
    printf '| %s |' "$v"
    for w in "${workloads[@]}"; do
        for m in "${metrics[@]}"; do
            printf ' %s |' "$(awk -F'\t' -v v="$v" -v w="$w" -v m="$m" '$1 == v && $2 == w && $3 == m {print $4}' "$results" | median)"
        done
    done
    echo
done
echo
echo "$rounds rounds, median (min-max); thumb: ${small##*/}${big:+, thumb-big: ${big##*/}}; $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end, $(date -u +%Y-%m-%d)"
