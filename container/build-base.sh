#!/usr/bin/env bash
# Builds the worker image's base offline, from this machine's own JDK, as a docker-archive tar that
# jib reads as `tar://...` (worker/pom.xml, property base.image) and `docker load` accepts.
#
#   container/build-base.sh            -> container/target/base.tar (prints its path on the last line)
#
# What goes in (one layer, no package manager, no shell):
#   /opt/java/openjdk   a jlink runtime of Debian's OpenJDK 17 with the modules the worker needs and a
#                       default CDS archive of the JDK classes (--generate-cds-archive). Debian's build
#                       links ImageIO's JPEG codec to the system libjpeg-turbo and colour management to
#                       liblcms2: faster than the IJG libjpeg 6b that Temurin builds bundle.
#   /usr/lib/...        exactly the shared libraries that runtime links to (found with ldd): glibc,
#                       libz, libjpeg62-turbo, liblcms2, libstdc++, libgcc_s, freetype/harfbuzz for
#                       libfontmanager; plus the C.UTF-8 locale (UTF-8 file names) and their copyright files.
#   /etc                passwd/group with the non-root user renditions (65532:65532), nsswitch.conf,
#                       CA certificates (PEM bundle, and the JDK's cacerts from the system's store).
#   /tmp (1777), /home/renditions (the user's home).
# The X11, sound and splash-screen libraries of java.desktop are left out: the worker is headless.
#
# Reproducible: sorted entries, fixed mtimes, numeric owners, gzip without a timestamp. Cached under
# ${RENDITIONS_CACHE:-~/.cache/renditions}/base/<key>.tar, the key hashing every input (this script,
# docker_archive.py, the JDK's jmods, the libraries, the certificates), so a rerun takes a second.
#
# Environment: BASE_JDK (default /usr/lib/jvm/java-17-openjdk-amd64, needs its jmods/),
# RENDITIONS_CACHE, BASE_TAR (output path). Needs bash, ldd, python3. Makes no network access.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
jdk=${BASE_JDK:-/usr/lib/jvm/java-17-openjdk-amd64}
out=${BASE_TAR:-$here/target/base.tar}
cache=${RENDITIONS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/renditions}/base

# jdeps --print-module-deps on worker.jar gives java.base, java.desktop, java.logging, java.naming,
# java.security.jgss, java.sql, java.xml, jdk.net, jdk.unsupported (picocli, Jackson, the AWS SDK,
# TwelveMonkeys). Added: jdk.crypto.ec (ECDHE/ECDSA for TLS to AWS endpoints), jdk.zipfs (zip/jar file
# systems), jdk.localedata is not needed (messages are English).
modules=java.base,java.desktop,java.logging,java.naming,java.security.jgss,java.sql,java.xml,jdk.net,jdk.unsupported,jdk.crypto.ec,jdk.zipfs
# java.desktop's native parts that only a display or sound card use
drop_libs=(libawt_xawt.so libjawt.so libsplashscreen.so libjsound.so)
user_name=renditions
user_id=65532
java_home=/opt/java/openjdk
multiarch=x86_64-linux-gnu

log() { printf 'build-base: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[[ -x $jdk/bin/jlink && -f $jdk/jmods/java.base.jmod ]] ||
    die "$jdk has no jlink or jmods/ (Debian: apt-get install openjdk-17-jdk-headless; or set BASE_JDK)"
command -v ldd >/dev/null || die "ldd is missing"
command -v python3 >/dev/null || die "python3 is missing"
[[ $(uname -m) == x86_64 ]] || die "only x86_64 (amd64) is supported, found $(uname -m)"

# ---- the cache key: every input's content ---------------------------------------------------------
# Library files the JDK's native code links to (ldd; the key looks at all of the host JDK's, the image
# gets those the jlink runtime needs), as real paths.
linked_libs() {
    local f
    for f in "$@"; do
        # libjvm.so is found through the launcher at run time, so ldd needs to be told where it is
        LD_LIBRARY_PATH=${f%/lib/*}/lib/server ldd "$f" 2>/dev/null || true
    done | awk '$2 == "=>" && $3 ~ /^\// {print $1, $3} $1 ~ /^\/.*ld-linux/ {print "ld-linux-x86-64.so.2", $1}' |
        while read -r name p; do
            p=$(readlink -f "$p")
            [[ $p == "$jdk"/* || $p == "${root:-/nonexistent}"/* ]] || echo "$name $p"
        done | sort -u
}
host_natives=("$jdk"/bin/java "$jdk"/lib/server/libjvm.so)
for f in "$jdk"/lib/*.so; do
    # symlinks lead out of the JDK (Debian's libatk-wrapper.so), the dropped ones never reach the image
    [[ -L $f || " ${drop_libs[*]} " == *" ${f##*/} "* ]] || host_natives+=("$f")
done
mapfile -t key_libs < <(linked_libs "${host_natives[@]}" | cut -d' ' -f2 | sort -u)
((${#key_libs[@]} > 0)) || die "ldd found no libraries for $jdk"
certs_pem=/etc/ssl/certs/ca-certificates.crt
certs_jks=/etc/ssl/certs/java/cacerts
key_inputs=("$here/build-base.sh" "$here/docker_archive.py" "$jdk/release")
IFS=, read -ra mods <<<"$modules"
for m in "${mods[@]}"; do key_inputs+=("$jdk/jmods/$m.jmod"); done
key_inputs+=("${key_libs[@]}")
[[ -f $certs_pem ]] && key_inputs+=("$certs_pem")
[[ -f $certs_jks ]] && key_inputs+=("$certs_jks")
[[ -d /usr/lib/locale/C.utf8 ]] && mapfile -t -O "${#key_inputs[@]}" key_inputs < <(find /usr/lib/locale/C.utf8 -type f | sort)
key=$({ echo "$modules ${drop_libs[*]} $user_id"; sha256sum "${key_inputs[@]}"; } | sha256sum | cut -c1-16)
cached=$cache/$key.tar

mkdir -p "$(dirname "$out")"
if [[ -s $cached ]]; then
    log "cached: $cached"
    ln -f "$cached" "$out" 2>/dev/null || cp -f "$cached" "$out"
    echo "$out"
    exit 0
fi

log "building base $key from $jdk ($(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"/\1/p' "$jdk/release"))"
work=$(mktemp -d "${TMPDIR:-/tmp}/renditions-base.XXXXXX")
trap 'rm -rf "$work"' EXIT
root=$work/rootfs
mkdir -p "$root"

# ---- the Java runtime ------------------------------------------------------------------------------
# No --compress: an uncompressed lib/modules loads classes that are not in the CDS archive faster, and
# the registry compresses the layer anyway.
"$jdk/bin/jlink" --module-path "$jdk/jmods" --add-modules "$modules" \
    --strip-debug --no-header-files --no-man-pages --generate-cds-archive \
    --output "$root$java_home" >&2
for l in "${drop_libs[@]}"; do rm -f "$root$java_home/lib/$l"; done
# Debian's JDK points cacerts at the system store; take its current content
if [[ -f $certs_jks ]]; then cp -L "$certs_jks" "$root$java_home/lib/security/cacerts"; fi
# symlinks to paths that exist only on the host would dangle in the image
while IFS= read -r -d '' l; do
    t=$(readlink "$l")
    [[ $t == /* ]] && { rm "$l"; cp -L "$t" "$l"; }
done < <(find "$root$java_home" -type l -print0)

# ---- shared libraries ------------------------------------------------------------------------------
libdir=$root/usr/lib/$multiarch
mkdir -p "$libdir" "$root/usr/lib64"
mapfile -t libs < <(linked_libs "$root$java_home"/lib/*.so "$root$java_home"/lib/server/libjvm.so "$root$java_home"/bin/java)
declare -A owners=()
for entry in "${libs[@]}"; do
    # installed under the name the loader asks for (ldd's left column, the SONAME), as a plain file
    name=${entry%% *} lib=${entry#* }
    cp -L "$lib" "$libdir/$name"
    if command -v dpkg >/dev/null; then
        pkg=$(dpkg -S "$lib" 2>/dev/null | head -1 | cut -d: -f1 || true)
        [[ -n $pkg ]] && owners[$pkg]=1
    fi
done
ln -s "../lib/$multiarch/ld-linux-x86-64.so.2" "$root/usr/lib64/ld-linux-x86-64.so.2"
ln -s usr/lib "$root/lib"
ln -s usr/lib64 "$root/lib64"
if [[ -d /usr/lib/locale/C.utf8 ]]; then
    mkdir -p "$root/usr/lib/locale"
    cp -r /usr/lib/locale/C.utf8 "$root/usr/lib/locale/"
    command -v dpkg >/dev/null && owners[libc-bin]=1
fi
for pkg in "${!owners[@]}"; do
    src=/usr/share/doc/$pkg/copyright
    [[ -f $src ]] || src=/usr/share/doc/${pkg%:*}/copyright
    if [[ -f $src ]]; then
        mkdir -p "$root/usr/share/doc/${pkg%:*}"
        cp -L "$src" "$root/usr/share/doc/${pkg%:*}/copyright"
    fi
done

# ---- users, certificates, folders ------------------------------------------------------------------
mkdir -p "$root/etc/ssl/certs" "$root/tmp" "$root/root" "$root/home/$user_name"
cat >"$root/etc/passwd" <<EOF
root:x:0:0:root:/root:/sbin/nologin
$user_name:x:$user_id:$user_id:$user_name:/home/$user_name:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
EOF
cat >"$root/etc/group" <<EOF
root:x:0:
$user_name:x:$user_id:
nogroup:x:65534:
EOF
cat >"$root/etc/nsswitch.conf" <<EOF
passwd: files
group: files
hosts: files dns
EOF
[[ -f $certs_pem ]] && cp -L "$certs_pem" "$root/etc/ssl/certs/ca-certificates.crt"
chmod 1777 "$root/tmp"
chmod 0700 "$root/root"

# ---- check without a container engine (root only: chroot) -------------------------------------------
# Every native library of the runtime must resolve inside the image, by the image's own loader, and the
# JVM must start with its CDS archive mapped (-Xshare:on fails otherwise).
if [[ $(id -u) == 0 ]]; then
    for f in "$root$java_home"/lib/*.so; do
        f=${f#"$root"}
        if ! LD_LIBRARY_PATH=$java_home/lib/server:$java_home/lib chroot "$root" \
            /usr/lib64/ld-linux-x86-64.so.2 --list "$f" >"$work/ldd" 2>&1 || grep -q 'not found' "$work/ldd"; then
            die "$f does not link inside the image: $(grep -v '=> /' "$work/ldd" | tr '\n' ' ')"
        fi
    done
    # the launcher finds its libraries through /proc/self/exe: mount a /proc in a private mount namespace
    mkdir -p "$root/proc"
    unshare --mount --fork sh -c 'r=$1 j=$2; shift 2; mount -t proc proc "$r/proc" && exec chroot "$r" "$j/bin/java" "$@"' sh \
        "$root" "$java_home" -Xshare:on -XX:-UsePerfData -Djava.awt.headless=true -version >/dev/null 2>"$work/smoke" ||
        die "the runtime does not start in the image's file system: $(cat "$work/smoke")"
    rm -rf "${root:?}/tmp/"* "${root:?}/tmp/".[!.]* 2>/dev/null || true
else
    log "not root: skipped the chroot checks of the runtime"
fi

# ---- pack --------------------------------------------------------------------------------------------
jdk_version=$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"/\1/p' "$jdk/release")
mkdir -p "$cache"
python3 "$here/docker_archive.py" "$root" "$cached.tmp" \
    --tag "renditions-base:$key" \
    --user "$user_id:$user_id" \
    --owned-by "home/$user_name=$user_id" \
    --env "PATH=$java_home/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --env "JAVA_HOME=$java_home" \
    --env "LANG=C.UTF-8" \
    --label "dev.renditions.base.key=$key" \
    --label "dev.renditions.base.jdk=OpenJDK $jdk_version (Debian build, jlink: $modules)" \
    --comment "jlink runtime of $jdk_version with system libjpeg-turbo and lcms2; user $user_name ($user_id)" >&2
mv -f "$cached.tmp" "$cached"
# keep the two newest bases (this one and the one before), so switching branches stays cheap
ls -1t "$cache"/*.tar 2>/dev/null | tail -n +3 | xargs -r rm -f
ln -f "$cached" "$out" 2>/dev/null || cp -f "$cached" "$out"
log "built $(du -h "$cached" | cut -f1) $cached"
echo "$out"
