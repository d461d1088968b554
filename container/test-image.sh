#!/usr/bin/env bash
# Builds the worker image offline and tests it in a real Docker engine. CI runs it after the Maven tests;
# anyone can run it without internet access (as root, or with a Docker daemon already reachable).
#
#   bash container/test-image.sh
#
# - Docker: uses the daemon DOCKER_HOST (or the default socket) points at if one answers; otherwise
#   installs Debian's docker.io when dockerd is missing and starts a private dockerd
#   (--bridge=none --iptables=false --ip6tables=false, its own data-root, exec-root, pidfile and socket
#   under a temporary folder), and stops it by its PID on exit. Containers use --network host (loopback
#   only) or none.
# - Builds: container/build-image.sh (base cached, jib:buildTar, AppCDS archive, docker load).
# - Checks, one line each (PASS/FAIL/SKIP), then "N passed, N failed"; exits non-zero on any failure:
#     config     entrypoint ends with the main class and there is no default command (so `docker run IMAGE
#                ARGS` and a Batch `command` give picocli the same argv), non-root user, OCI labels
#     help       `docker run IMAGE --help` exits 0 and prints the usage
#     cds        the JVM maps the image's AppCDS archive (-Xshare:on)
#     heap       the maximum heap follows the container's memory limit (75% of --memory)
#     render     `render --all` of every image of a bind-mounted folder (the repo's samples/ plus a copy
#                with spaces and unicode in its name) into a bind-mounted folder, as the image's non-root
#                user: every rendition exists, is an image, and is owned by that uid
#     unreadable a source file that user may not read (mode 000) exits 2 with "permission denied"
#     native-jpeg  the imaging module's JNI libjpeg-turbo decoder, when the build made one, loads in the
#                image (it would otherwise fall back to ImageIO without a word)
#     s3-child   an array child (-e AWS_BATCH_JOB_ARRAY_INDEX=1 ...) against moto's S3 and EventBridge on
#                loopback (container/s3_child_check.py); SKIP (counted neither way) while the worker's
#                `render --help` does not mention s3:// sources
# Environment: MVN_ARGS (extra Maven arguments, e.g. -o), KEEP_TMP=1 (keep the temporary folder).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
started=$(date +%s)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/renditions-image-test.XXXXXX")
passed=0 failed=0
dockerd_pid= moto_pid=
log() { printf 'test-image: %s\n' "$*" >&2; }
# shellcheck source=lib.sh
source "$here/lib.sh" # renditions_docker_up/down

cleanup() {
    local rc=$?
    set +e
    if [[ -n $moto_pid ]]; then kill "$moto_pid" 2>/dev/null; wait "$moto_pid" 2>/dev/null; fi
    renditions_docker_down
    if [[ ${KEEP_TMP:-0} == 1 ]]; then log "kept $tmp"; else rm -rf "$tmp"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

result() { # status name detail
    printf '%s: %s%s\n' "$1" "$2" "${3:+ ($3)}"
    case $1 in PASS) passed=$((passed + 1)) ;; FAIL) failed=$((failed + 1)) ;; esac
}
finish() {
    log "took $(($(date +%s) - started)) s"
    echo "$passed passed, $failed failed"
    ((failed == 0))
}
abort() { # name detail: a failure that stops the checks
    result FAIL "$1" "$2"
    finish || exit 1
}

# ---- a Docker engine -----------------------------------------------------------------------------------
renditions_docker_up

# ---- the image -----------------------------------------------------------------------------------------
read -ra mvn_args <<<"${MVN_ARGS:-}"
# the Maven tests ran before in CI, with the format check; don't repeat it
image=$(bash "$here/build-image.sh" -Dspotless.check.skip=true "${mvn_args[@]}" | tail -1) ||
    abort build "container/build-image.sh failed"
log "image $image built in $(($(date +%s) - started)) s"

# ---- config ----------------------------------------------------------------------------------------------
cfg=$(docker inspect --format '{{json .Config}}' "$image")
python3 - "$cfg" >"$tmp/config.out" 2>&1 <<'EOF' && result PASS config || result FAIL config "$(cat "$tmp/config.out")"
import json, sys
c = json.loads(sys.argv[1])
ep, cmd, user, labels = c.get("Entrypoint") or [], c.get("Cmd"), c.get("User") or "", c.get("Labels") or {}
problems = []
if not ep or ep[0] != "java" or ep[-1] != "dev.renditions.worker.Main":
    problems.append(f"entrypoint {ep}")
if cmd:
    problems.append(f"default command {cmd}: a Batch command would replace it, docker run args too, but it must be empty")
if user.split(":")[0] in ("", "0", "root"):
    problems.append(f"user '{user}'")
for k in ("source", "version", "revision"):
    if not labels.get(f"org.opencontainers.image.{k}"):
        problems.append(f"label org.opencontainers.image.{k} missing")
print("; ".join(problems))
sys.exit(1 if problems else 0)
EOF

# ---- help ------------------------------------------------------------------------------------------------
if docker run --rm --network host "$image" --help >"$tmp/help.out" 2>&1 &&
    grep -q '^Usage: ' "$tmp/help.out" && grep -q 'render' "$tmp/help.out"; then
    result PASS help
else
    result FAIL help "$(head -c 300 "$tmp/help.out")"
fi

# ---- cds and heap: the entrypoint's own JVM flags, plus one to look ---------------------------------------
mapfile -t ep < <(docker inspect --format '{{range .Config.Entrypoint}}{{println .}}{{end}}' "$image" | grep .)
unset 'ep[0]' # java
archive=$(printf '%s\n' "${ep[@]}" | grep '^-XX:SharedArchiveFile=' || true)
# -Xshare:on makes the JVM fail instead of quietly running without the archive
if [[ -n $archive ]] &&
    docker run --rm --network none --entrypoint java "$image" -Xshare:on "${ep[@]}" --version >"$tmp/cds.out" 2>&1; then
    result PASS cds "$archive"
else
    result FAIL cds "${archive:-no -XX:SharedArchiveFile in the entrypoint} $(head -c 300 "$tmp/cds.out" 2>/dev/null)"
fi
flags=()
for f in "${ep[@]}"; do [[ $f == -cp ]] && break; flags+=("$f"); done
heap=$(docker run --rm --network none --memory 512m --entrypoint java "$image" "${flags[@]}" \
    -XX:+PrintFlagsFinal -version 2>/dev/null | awk '$2 == "MaxHeapSize" {print int($4 / 1048576)}')
if [[ -n $heap ]] && ((heap >= 350 && heap <= 400)); then
    result PASS heap "--memory 512m: max heap $heap MiB"
else
    result FAIL heap "--memory 512m: max heap '${heap}' MiB, expected about 384"
fi

# ---- render, as the non-root user, bind mounts -----------------------------------------------------------
uid=$(docker inspect --format '{{.Config.User}}' "$image" | cut -d: -f1)
mkdir -p "$tmp/in" "$tmp/out"
if compgen -G "$repo/samples/*.*" >/dev/null; then
    find "$repo/samples" -maxdepth 1 -type f \( -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.png' -o -iname '*.gif' \
        -o -iname '*.webp' -o -iname '*.tif' -o -iname '*.tiff' \) -exec cp {} "$tmp/in/" \;
else
    log "no samples/ folder: rendering generated images"
    java -Djava.awt.headless=true "$here/TestImages.java" "$tmp/in" >/dev/null
fi
# the largest JPEG: a photo (YCbCr), which the native decoder takes (it leaves CMYK to ImageIO)
first=$(find "$tmp/in" -maxdepth 1 -type f -iname '*.jpg' -printf '%s\t%p\n' | sort -k1,1nr -k2 | head -1 | cut -f2)
[[ -n $first ]] && cp "$first" "$tmp/in/a photo ünïcödé.jpg"
chown "$uid:$uid" "$tmp/out" # the image's user owns the output folder, as with a Batch volume
render_problems=()
sources=0
while IFS= read -r -d '' f; do
    name=${f##*/}
    sources=$((sources + 1))
    rc=0
    docker run --rm --network host -v "$tmp/in:/in:ro" -v "$tmp/out:/out" "$image" \
        render --source "/in/$name" --output /out --all >"$tmp/render.out" 2>&1 || rc=$?
    if ((rc != 0)); then
        render_problems+=("$name: exit $rc $(tail -2 "$tmp/render.out" | tr '\n' ' ')")
        continue
    fi
    n=0
    for r in "$tmp/out/$name"/*; do
        [[ -f $r ]] || continue
        n=$((n + 1))
        magic=$(head -c 4 "$r" | od -An -tx1 | tr -d ' ')
        [[ $magic == ffd8ff* || $magic == 89504e47 || $magic == 52494646 ]] || render_problems+=("${r#"$tmp/out/"}: not an image")
        [[ $(stat -c %u "$r") == "$uid" ]] || render_problems+=("${r#"$tmp/out/"}: owned by uid $(stat -c %u "$r")")
    done
    ((n > 0)) || render_problems+=("$name: no renditions")
done < <(find "$tmp/in" -maxdepth 1 -type f -print0 | sort -z)
total=$(find "$tmp/out" -type f | wc -l)
if ((sources > 0 && ${#render_problems[@]} == 0)); then
    result PASS render "$sources sources, $total renditions, owned by uid $uid"
else
    result FAIL render "${render_problems[*]:-no sources}"
fi

# ---- unreadable: a source the image's user may not read is a usage error (exit 2), not a retryable one -----
if [[ -n $first ]]; then
    mkdir -p "$tmp/locked"
    cp "$first" "$tmp/locked/secret.jpg"
    chmod 000 "$tmp/locked/secret.jpg"
    rc=0
    docker run --rm --network none -v "$tmp/locked:/locked:ro" "$image" \
        render --source /locked/secret.jpg --output /tmp/out --all >"$tmp/unreadable.out" 2>&1 || rc=$?
    if ((rc == 2)) && grep -q 'permission denied' "$tmp/unreadable.out"; then
        result PASS unreadable "exit 2, $(grep -m1 'permission denied' "$tmp/unreadable.out")"
    else
        result FAIL unreadable "exit $rc, expected 2 and 'permission denied': $(head -c 300 "$tmp/unreadable.out")"
    fi
else
    result FAIL unreadable "no JPEG to copy"
fi

# ---- native-jpeg: the imaging module's libjpeg-turbo decoder loads in the image (it falls back silently) ----
native=$(python3 - "$repo"/imaging/target/renditions-imaging-*.jar <<'EOF'
import sys, zipfile
names = [n for jar in sys.argv[1:] for n in zipfile.ZipFile(jar).namelist() if n.endswith("/librenditions-jpeg.so")]
print(names[0] if names else "")
EOF
) || native=
if [[ -z $native ]]; then
    result SKIP native-jpeg "the imaging jar has no native JPEG decoder (built without libjpeg headers)"
elif [[ -z $first ]]; then
    result FAIL native-jpeg "no JPEG to render"
else
    # after the entrypoint's flags, which start with -Xlog:disable
    docker run --rm --network none -v "$tmp/in:/in:ro" --entrypoint java "$image" "${flags[@]}" \
        -Xlog:library=info:stderr -cp @/app/jib-classpath-file dev.renditions.worker.Main render --source "/in/${first##*/}" --output /tmp/out --rendition thumb >"$tmp/native.out" 2>&1 || true
    if grep -q 'Loaded library .*renditions-jpeg' "$tmp/native.out"; then
        result PASS native-jpeg "$native loads (links the image's libjpeg-turbo)"
    else
        result FAIL native-jpeg "$native did not load: $(grep -i -m2 'renditions-jpeg\|error' "$tmp/native.out" | tr '\n' ' ')"
    fi
fi

# ---- s3-child: an array child against moto ----------------------------------------------------------------
docker run --rm --network none "$image" render --help >"$tmp/render-help.out" 2>&1 || true
if ! grep -q 's3://' "$tmp/render-help.out"; then
    result SKIP s3-child "this worker's render --help does not mention s3:// sources yet"
elif ! python3 -c 'import moto, boto3' 2>/dev/null; then
    result FAIL s3-child "python3 cannot import moto and boto3"
else
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    python3 -m moto.server -H 127.0.0.1 -p "$port" >"$tmp/moto.log" 2>&1 &
    moto_pid=$!
    for _ in $(seq 1 60); do
        python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/moto-api/')" 2>/dev/null && break
        sleep 0.5
    done
    if python3 "$here/s3_child_check.py" --endpoint "http://127.0.0.1:$port" --image "$image" \
        --source "${first:-$(find "$tmp/in" -type f | head -1)}" >"$tmp/s3.out" 2>&1; then
        result PASS s3-child "$(tail -1 "$tmp/s3.out")"
    else
        result FAIL s3-child "$(tail -3 "$tmp/s3.out" | tr '\n' ' ')"
    fi
    kill "$moto_pid" 2>/dev/null
    wait "$moto_pid" 2>/dev/null || true
    moto_pid=
fi

finish
