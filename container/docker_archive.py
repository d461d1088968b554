#!/usr/bin/env python3
"""Packs a root file system folder into a one-layer docker-archive tar (the `docker save` format).

The result is what `docker load` and jib's `tar://` base images read: manifest.json, an image config
and one gzipped layer. It is byte-for-byte reproducible: entries are sorted, every mtime is fixed,
owners are numeric (root, except the paths given with --owned-by), gzip carries no name or time.

Standard library only, so it runs wherever python3 does.
"""

import argparse
import gzip
import hashlib
import io
import json
import os
import stat
import sys
import tarfile

EPOCH = "1970-01-01T00:00:00Z"


def layer_tar(rootfs, mtime, owned_by):
    """Returns the uncompressed layer tar of rootfs as bytes."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for rel in walk(rootfs):
            full = os.path.join(rootfs, rel)
            st = os.lstat(full)
            info = tarfile.TarInfo(rel)
            info.mtime = mtime
            uid_gid = owner(rel, owned_by)
            info.uid = info.gid = uid_gid
            info.uname = info.gname = ""
            mode = stat.S_IMODE(st.st_mode)
            if stat.S_ISLNK(st.st_mode):
                info.type = tarfile.SYMTYPE
                info.linkname = os.readlink(full)
                info.mode = 0o777
                tar.addfile(info)
            elif stat.S_ISDIR(st.st_mode):
                info.type = tarfile.DIRTYPE
                # keep sticky bits (/tmp) and explicitly private folders; everything else 0755
                info.mode = mode if mode & 0o1000 or mode == 0o700 else 0o755
                tar.addfile(info)
            elif stat.S_ISREG(st.st_mode):
                info.type = tarfile.REGTYPE
                info.mode = 0o755 if mode & 0o111 else 0o644
                info.size = st.st_size
                with open(full, "rb") as f:
                    tar.addfile(info, f)
            else:
                sys.exit(f"unsupported file type in rootfs: {rel}")
    return buf.getvalue()


def walk(rootfs):
    """Every path under rootfs, relative, parents before children, sorted by name."""
    out = []
    for dirpath, dirnames, filenames in os.walk(rootfs, followlinks=False):
        dirnames.sort()
        rel_dir = os.path.relpath(dirpath, rootfs)
        for name in sorted(dirnames + filenames):
            out.append(os.path.normpath(os.path.join(rel_dir, name)))
    return sorted(out, key=lambda p: p.split("/"))


def owner(rel, owned_by):
    for prefix, uid in owned_by:
        if rel == prefix or rel.startswith(prefix + "/"):
            return uid
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("rootfs")
    p.add_argument("output")
    p.add_argument("--tag", required=True, help="repository:tag recorded in manifest.json")
    p.add_argument("--env", action="append", default=[], help="KEY=VALUE for the image config")
    p.add_argument("--label", action="append", default=[], help="KEY=VALUE label")
    p.add_argument("--user", default="")
    p.add_argument("--workdir", default="/")
    p.add_argument("--owned-by", action="append", default=[], help="PATH=UID: PATH and below owned by UID:UID")
    p.add_argument("--mtime", type=int, default=0, help="mtime of every entry (seconds since the epoch)")
    p.add_argument("--comment", default="")
    a = p.parse_args()

    owned_by = []
    for spec in a.owned_by:
        path, uid = spec.split("=", 1)
        owned_by.append((path.strip("/"), int(uid)))

    layer = layer_tar(a.rootfs, a.mtime, owned_by)
    diff_id = "sha256:" + hashlib.sha256(layer).hexdigest()
    gz = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=gz, mtime=0, compresslevel=6) as g:
        g.write(layer)
    layer_gz = gz.getvalue()
    del layer

    config = {
        "architecture": "amd64",
        "os": "linux",
        "created": EPOCH,
        "config": {
            "User": a.user,
            "Env": a.env,
            "WorkingDir": a.workdir,
            "Labels": dict(kv.split("=", 1) for kv in a.label),
        },
        "rootfs": {"type": "layers", "diff_ids": [diff_id]},
        "history": [{"created": EPOCH, "created_by": "container/build-base.sh", "comment": a.comment}],
    }
    config_bytes = json.dumps(config, sort_keys=True, separators=(",", ":")).encode()
    config_name = hashlib.sha256(config_bytes).hexdigest() + ".json"
    layer_name = diff_id.split(":", 1)[1] + "/layer.tar"
    manifest = [{"Config": config_name, "RepoTags": [a.tag], "Layers": [layer_name]}]
    manifest_bytes = json.dumps(manifest, separators=(",", ":")).encode()

    tmp = a.output + ".tmp"
    with tarfile.open(tmp, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name, data in [
            (layer_name.split("/")[0], None),
            (layer_name, layer_gz),
            (config_name, config_bytes),
            ("manifest.json", manifest_bytes),
        ]:
            info = tarfile.TarInfo(name)
            info.mtime = 0
            info.uid = info.gid = 0
            if data is None:
                info.type = tarfile.DIRTYPE
                info.mode = 0o755
                tar.addfile(info)
            else:
                info.mode = 0o644
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    os.replace(tmp, a.output)
    print(f"{a.output}: {a.tag}, layer {diff_id[:19]}, {len(layer_gz) // (1 << 20)} MiB gzipped")


if __name__ == "__main__":
    main()
