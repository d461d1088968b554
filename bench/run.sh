#!/usr/bin/env bash
# The performance benchmark: the worker side by side with vipsthumbnail and ImageMagick, in one run, round-robin.
# Installs what it needs from Debian (libvips-tools, imagemagick), builds the worker, and writes bench/results.md.
# Usage: bench/run.sh [ROUNDS]   (default 7)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-7}

need=()
command -v vipsthumbnail >/dev/null 2>&1 || need+=(libvips-tools)
command -v convert >/dev/null 2>&1 && convert -version 2>/dev/null | grep -q ImageMagick || need+=(imagemagick)
[ -x /usr/bin/time ] || need+=(time)
if ((${#need[@]})); then
    echo "bench: installing ${need[*]}" >&2
    if [ "$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null;
    else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null; fi
fi

echo "bench: building worker.jar and the benchmark helpers" >&2
mvn -B -q -pl worker,bench -am package -DskipTests
python3 bench/bench.py --rounds "$rounds" --jar worker/target/worker.jar \
    --helpers "bench/target/renditions-bench-0.1.0-SNAPSHOT.jar" --out bench/results.md bench/images/*.jpg bench/images/*.png
cat bench/results.md
