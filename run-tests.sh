#!/usr/bin/env bash
# Every test: the Maven suites (unit and integration, against moto), then the worker's container image and the
# whole pipeline end to end on this machine (both start a private Docker engine, so they need root).
# `mvn -B verify` alone runs the JVM suites.
set -euo pipefail
cd "$(dirname "$0")"
mvn -B verify
if [ "${SKIP_CONTAINER_TESTS:-}" = 1 ]; then
    echo "run-tests: SKIP_CONTAINER_TESTS=1: container image and end-to-end tests not run" >&2
    exit 0
fi
bash container/test-image.sh
# reuse the image test-image.sh just built instead of building it a second time
E2E_IMAGE_TAR=worker/target/jib-image.tar bash e2e/run.sh
