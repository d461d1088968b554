# Shared by container/test-image.sh and e2e/run.sh (source it; bash). Needs $tmp (a private temporary folder) and
# a function abort NAME DETAIL that reports a failure and exits.
#
#   renditions_docker_up     a Docker engine: the daemon DOCKER_HOST (or the default socket) points at if one
#                            answers; else installs Debian's docker.io when dockerd is missing (as root) and starts
#                            a private dockerd (--bridge=none --iptables=false --ip6tables=false, data-root,
#                            exec-root, pidfile and socket under $tmp/d), exporting DOCKER_HOST and setting
#                            dockerd_pid
#   renditions_docker_down   stops that dockerd by its PID (no-op when none was started)
#   renditions_moto_up       python3 -m moto.server on a free loopback port: sets moto_pid and moto_endpoint
#   renditions_moto_down     stops it by its PID

dockerd_pid=${dockerd_pid:-}
moto_pid=${moto_pid:-}
moto_endpoint=${moto_endpoint:-}

renditions_docker_up() {
    if docker info >/dev/null 2>&1; then
        log "using the Docker daemon at ${DOCKER_HOST:-the default socket}"
        return 0
    fi
    if ! command -v dockerd >/dev/null; then
        [[ $(id -u) == 0 ]] || abort docker "no Docker daemon answers and dockerd is not installed (run as root)"
        log "installing docker.io"
        export DEBIAN_FRONTEND=noninteractive
        # other apt runs may hold the locks for a while: wait for them
        local try
        for try in 1 2 3; do
            apt-get -o DPkg::Lock::Timeout=300 update -qq >"$tmp/apt.log" 2>&1 &&
                apt-get -o DPkg::Lock::Timeout=300 install -y -qq docker.io >>"$tmp/apt.log" 2>&1 && break
            ((try < 3)) || abort docker "apt-get install docker.io failed: $(tail -3 "$tmp/apt.log" | tr '\n' ' ')"
            sleep 20
        done
    fi
    [[ $(id -u) == 0 ]] || abort docker "dockerd must run as root"
    mkdir -p "$tmp/d"
    dockerd --bridge=none --iptables=false --ip6tables=false \
        --data-root "$tmp/d/data" --exec-root "$tmp/d/exec" --pidfile "$tmp/d/docker.pid" \
        -H "unix://$tmp/d/docker.sock" >"$tmp/dockerd.log" 2>&1 &
    dockerd_pid=$!
    export DOCKER_HOST=unix://$tmp/d/docker.sock
    for _ in $(seq 1 120); do
        docker info >/dev/null 2>&1 && break
        kill -0 "$dockerd_pid" 2>/dev/null || abort docker "dockerd exited: $(tail -3 "$tmp/dockerd.log" | tr '\n' ' ')"
        sleep 0.5
    done
    docker info >/dev/null 2>&1 || abort docker "dockerd did not answer in 60 s"
    log "started dockerd (pid $dockerd_pid)"
}

renditions_docker_down() {
    [[ -n $dockerd_pid ]] || return 0
    kill "$dockerd_pid" 2>/dev/null
    for _ in $(seq 1 60); do kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$dockerd_pid" 2>/dev/null; then
        log "dockerd ($dockerd_pid) did not stop in 30 s: killing it"
        kill -KILL "$dockerd_pid" 2>/dev/null
    fi
    wait "$dockerd_pid" 2>/dev/null
    # overlay mounts left by a dockerd that did not shut down cleanly
    findmnt -rn -o TARGET | grep -F "$tmp/" | sort -r | xargs -r umount -l 2>/dev/null
    dockerd_pid=
    return 0
}

renditions_moto_up() {
    python3 -c 'import moto, boto3' 2>/dev/null || abort moto "python3 cannot import moto and boto3"
    local port
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    python3 -m moto.server -H 127.0.0.1 -p "$port" >"$tmp/moto.log" 2>&1 &
    moto_pid=$!
    moto_endpoint=http://127.0.0.1:$port
    for _ in $(seq 1 60); do
        python3 -c "import urllib.request; urllib.request.urlopen('$moto_endpoint/moto-api/')" 2>/dev/null && return 0
        kill -0 "$moto_pid" 2>/dev/null || abort moto "moto exited: $(tail -3 "$tmp/moto.log" | tr '\n' ' ')"
        sleep 0.5
    done
    abort moto "moto did not answer on $moto_endpoint in 30 s"
}

renditions_moto_down() {
    [[ -n $moto_pid ]] || return 0
    kill "$moto_pid" 2>/dev/null
    wait "$moto_pid" 2>/dev/null
    moto_pid=
    return 0
}
