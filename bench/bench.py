#!/usr/bin/env python3
"""Round-robin benchmark of the worker against vipsthumbnail and ImageMagick. Standard library only.

Each round runs every command once, in a fixed order, so that the machine's noise hits all tools alike; the report
gives medians, ratios to vipsthumbnail in the same run, source megapixels per second and peak RSS, then checks
fidelity (SSIM of each worker rendition against vips' rendition of the same size >= 0.97).
"""
import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

# The default spec: name, box, fit, quality.
RENDITIONS = [("thumb", 320, "cover", 80), ("web", 1280, "inside", 85), ("large", 2560, "inside", 88)]
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def batch_jvm_flags():
    """The JVM flags of an AWS Batch array child: the image's (jib jvmFlags in worker/pom.xml, the AppCDS flag aside),
    then the job definition's JAVA_TOOL_OPTIONS, with -XX:MaxRAM standing in for the container's memory limit (the
    job definition's MEMORY), so that the heap is sized as in the container."""
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    pom = ET.parse(os.path.join(REPO, "worker", "pom.xml"))
    flags = [f.text.strip() for f in pom.getroot().iterfind(".//m:jvmFlags/m:jvmFlag", ns)
             if f.text and "${" not in f.text]
    with open(os.path.join(REPO, "batch-job-definitions", "worker-fargate.json")) as f:
        job = json.load(f)
    props = job["containerProperties"]
    env = {e["name"]: e["value"] for e in props.get("environment", [])}
    memory = next(int(r["value"]) for r in props["resourceRequirements"] if r["type"] == "MEMORY")
    return flags + env.get("JAVA_TOOL_OPTIONS", "").split() + ["-XX:MaxRAM=%dm" % memory]


JVM = ["java"] + batch_jvm_flags()


def class_data_archive(jar, work):
    """An AppCDS archive for the jar, made as container/build-image.sh makes the image's: training runs on the bundled
    samples/ (never on the benchmark's images) dump their class lists, merged in first-seen order, then a static
    dump under the same JVM flags and classpath. Returns the JVM flag that uses it."""
    lists = os.path.join(work, "cds")
    os.makedirs(lists, exist_ok=True)
    samples = sorted(os.path.join(REPO, "samples", n) for n in os.listdir(os.path.join(REPO, "samples"))
                     if n.lower().endswith((".jpg", ".jpeg", ".png", ".gif")))
    runs = [["--help"], ["render", "--help"], ["probe", samples[0]]]
    runs += [["render", "--source", s, "--output", os.path.join(work, "training"), "--all", "--events", "none"]
             for s in samples]
    for n, args in enumerate(runs):
        subprocess.run(JVM + ["-XX:DumpLoadedClassList=%s/%d.classlist" % (lists, n), "-cp", jar,
                              "dev.renditions.worker.Main"] + args, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    seen, merged = set(), []
    for n in range(len(runs)):
        with open("%s/%d.classlist" % (lists, n)) as f:
            for line in f:
                line = line.rstrip("\n")
                if line and not line.startswith("#") and line not in seen:
                    seen.add(line)
                    merged.append(line)
    with open(os.path.join(lists, "all.classlist"), "w") as f:
        f.write("\n".join(merged) + "\n")
    jsa = os.path.join(work, "worker.jsa")
    proc = subprocess.run(JVM + ["-Xshare:dump", "-XX:SharedClassListFile=" + os.path.join(lists, "all.classlist"),
                                 "-XX:SharedArchiveFile=" + jsa, "-cp", jar], capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit("bench: CDS dump failed:\n" + proc.stderr[-2000:])
    # -Xshare:on fails rather than running without the archive: proves it maps
    subprocess.run(JVM + ["-XX:SharedArchiveFile=" + jsa, "-Xshare:on", "-cp", jar, "dev.renditions.worker.Main",
                          "--version"], check=True, stdout=subprocess.DEVNULL)
    print("bench: AppCDS archive of %d classes from %d training runs" % (len(merged), len(runs)), file=sys.stderr)
    return "-XX:SharedArchiveFile=" + jsa


def timed(cmd):
    """Runs cmd under /usr/bin/time; returns (seconds, peak RSS in MB)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        full = ["/usr/bin/time", "-f", "%e %M", "-o", tf.name] + cmd
        import time
        t0 = time.perf_counter()
        proc = subprocess.run(full, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        t1 = time.perf_counter()
        if proc.returncode != 0:
            raise SystemExit("bench: command failed (%d): %s\n%s" % (proc.returncode, " ".join(cmd), proc.stderr))
        fields = tf.read().split()
        return t1 - t0, int(fields[-1]) / 1024.0


def megapixels(path):
    out = subprocess.run(["vipsheader", "-f", "width", path], capture_output=True, text=True, check=True).stdout
    w = int(out.strip())
    h = int(subprocess.run(["vipsheader", "-f", "height", path], capture_output=True, text=True,
                           check=True).stdout.strip())
    return w * h / 1e6


def commands(src, work, jar, worker):
    """name -> (kind, rendition or 'all', argv list of argv lists run in sequence)."""
    base = os.path.basename(src)
    cmds = {}
    for name, box, fit, q in RENDITIONS:
        v_out = os.path.join(work, "vips-%s-%s.jpg" % (base, name))
        crop = ["--smartcrop", "centre"] if fit == "cover" else []
        # ">": shrink only, like the spec's enlarge=false
        # every tool writes what the spec asks for: the quality, a progressive JPEG (the spec's default), no metadata
        cmds[("vipsthumbnail", name)] = [["vipsthumbnail", src, "-s", "%dx%d>" % (box, box)] + crop
                                        + ["-o", v_out + "[Q=%d,strip,interlace]" % q]]
        m_out = os.path.join(work, "magick-%s-%s.jpg" % (base, name))
        geom = ["-resize", "%dx%d^" % (box, box), "-gravity", "center", "-extent", "%dx%d" % (box, box)] \
            if fit == "cover" else ["-resize", "%dx%d>" % (box, box)]
        cmds[("imagemagick", name)] = [["convert", src, "-auto-orient"] + geom + ["-quality", str(q), "-strip",
                                                                                    "-interlace", "JPEG", m_out]]
        cmds[("worker", name)] = [worker + ["render", "--source", src, "--output",
                                         os.path.join(work, "worker"), "--rendition", name, "--events", "none"]]
    cmds[("vipsthumbnail", "all")] = [c[0] for (t, n), c in list(cmds.items()) if t == "vipsthumbnail"]
    cmds[("imagemagick", "all")] = [c[0] for (t, n), c in list(cmds.items()) if t == "imagemagick" and n != "all"]
    cmds[("worker", "all")] = [worker + ["render", "--source", src, "--output",
                                      os.path.join(work, "worker-all"), "--all", "--events", "none"]]
    return cmds


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--jar", required=True)
    ap.add_argument("--helpers", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--warm-iterations", type=int, default=10)
    ap.add_argument("images", nargs="+")
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="renditions-bench-")
    results = {}  # (image, tool, rendition) -> [(seconds, rss)]
    cds = class_data_archive(a.jar, work)
    worker = JVM + [cds, "-cp", a.jar, "dev.renditions.worker.Main"]
    worker_flags = [f if not f.startswith("-XX:SharedArchiveFile=") else "-XX:SharedArchiveFile=worker.jsa"
                    for f in worker[1:-3]]
    print("bench: worker runs as " + " ".join(worker), file=sys.stderr)
    plan = []
    for img in a.images:
        for key, argvs in commands(img, work, a.jar, worker).items():
            plan.append((img, key, argvs))
    # fixed costs, in the same rounds: the JVM alone, and the worker's command line with no image
    fixed = {"JVM alone (`java -version`, same flags)": [worker[:-1] + ["-version"]],
             "worker, no image (`render --version`)": [worker + ["render", "--version"]]}
    # the floor of a fresh JVM child: the thumbnail of the largest JPEG by the imaging library alone, same JVM, flags
    # and archive (its classpath only appends the helpers), none of the worker's own code around it
    largest = max((i for i in a.images if i.lower().endswith((".jpg", ".jpeg"))), key=os.path.getsize)
    name, box, fit, q = RENDITIONS[0]
    floor = "imaging library alone, no command line (%s of %s)" % (name, os.path.basename(largest))
    fixed[floor] = [worker[:-3] + ["-cp", a.jar + os.pathsep + a.helpers, "dev.renditions.bench.ImagingOnly", largest,
                                   os.path.join(work, "imaging-only.jpg"), str(box), fit, str(q)]]
    for name, argvs in fixed.items():
        plan.append(("-", ("fixed", name), argvs))
    for r in range(a.rounds):
        print("bench: round %d/%d" % (r + 1, a.rounds), file=sys.stderr)
        for img, key, argvs in plan:
            total, rss = 0.0, 0.0
            for argv in argvs:
                s, m = timed(argv)
                total += s
                rss = max(rss, m)
            results.setdefault((img, key[0], key[1]), []).append((total, rss))

    # warm, in-process: the worker (one decode, all renditions) vs vipsthumbnail over N copies in one process
    warm = {}
    cp = a.jar + os.pathsep + a.helpers
    for img in a.images:
        out = subprocess.run(JVM + ["-cp", cp, "dev.renditions.bench.WarmLoop", str(a.warm_iterations), "3", img],
                             capture_output=True, text=True, check=True).stdout.split()
        warm[(img, "worker")] = float(out[-1]) / 1000.0
        copies = [img] * a.warm_iterations
        vips_total = 0.0
        for name, box, fit, q in RENDITIONS:
            crop = ["--smartcrop", "centre"] if fit == "cover" else []
            s, _ = timed(["vipsthumbnail"] + copies + ["-s", "%dx%d>" % (box, box)] + crop
                         + ["-o", os.path.join(work, "warm-%%s.jpg[Q=%d,strip,interlace]" % q)])
            vips_total += s
        warm[(img, "vipsthumbnail")] = vips_total / a.warm_iterations

    # fidelity
    ssim = {}
    for img in a.images:
        base = os.path.basename(img)
        for name, box, fit, q in RENDITIONS:
            w = os.path.join(work, "worker-all", base, name + ".jpg")
            v = os.path.join(work, "vips-%s-%s.jpg" % (base, name))
            proc = subprocess.run(["java", "-cp", cp, "dev.renditions.bench.Ssim", w, v], capture_output=True,
                                  text=True)
            out = proc.stdout.strip() if proc.returncode == 0 else ""
            if proc.returncode not in (0, 3):
                raise SystemExit("bench: SSIM failed: " + proc.stderr)
            ssim[(img, name)] = float(out) if out else None

    lines = []
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    vips = subprocess.run(["vips", "--version"], capture_output=True, text=True).stdout.strip()
    magick = subprocess.run(["convert", "-version"], capture_output=True, text=True).stdout.splitlines()[0]
    lines.append("Benchmark run %s on %s, %d cores; %s; %s; %s. %d rounds, round-robin; medians; whole processes "
                 "(JVM start included for the worker). Every tool writes the default spec's JPEGs: its quality, progressive, "
                 "no metadata. The worker runs as an AWS Batch child does: the image's JVM flags and the job "
                 "definition's, its memory as -XX:MaxRAM, an AppCDS archive trained on samples/:\n`%s`"
                 % (now, cpu, os.cpu_count(), java, vips, magick, a.rounds, " ".join(worker_flags)))
    lines.append("")
    lines.append("| image | MP | rendition | vipsthumbnail | ImageMagick | worker | worker / vips | worker MP/s | "
                 "worker peak RSS | SSIM vs vips |")
    lines.append("|---|---|---|---|---|---|---|---|---|---|")
    failures = []
    for img in a.images:
        mp = megapixels(img)
        for name in [r[0] for r in RENDITIONS] + ["all"]:
            med = {}
            rss = {}
            for tool in ("vipsthumbnail", "imagemagick", "worker"):
                samples = results[(img, tool, name)]
                med[tool] = statistics.median(s for s, _ in samples)
                rss[tool] = max(m for _, m in samples)
            ratio = med["worker"] / med["vipsthumbnail"]
            s = ssim.get((img, name))
            if s is not None and s < 0.97:
                failures.append("%s %s SSIM %.4f < 0.97" % (os.path.basename(img), name, s))
            lines.append("| %s | %.1f | %s | %.0f ms | %.0f ms (%.1fx) | %.0f ms | **%.2fx** | %.1f | %.0f MB | %s |" % (
                os.path.basename(img), mp, name if name != "all" else "all three (one decode)",
                med["vipsthumbnail"] * 1000, med["imagemagick"] * 1000, med["imagemagick"] / med["vipsthumbnail"],
                med["worker"] * 1000, ratio, mp / med["worker"], rss["worker"],
                "%.4f" % s if s is not None else "-"))
    lines.append("")
    lines.append("Warm, in one process (as a backfill child): all three renditions per image, median of %d "
                 "iterations after 3 warm-up; vipsthumbnail processes %d copies in one invocation per size."
                 % (a.warm_iterations, a.warm_iterations))
    lines.append("")
    lines.append("| image | vipsthumbnail per image | worker per image | worker / vips |")
    lines.append("|---|---|---|---|")
    for img in a.images:
        v = warm[(img, "vipsthumbnail")]
        w = warm[(img, "worker")]
        lines.append("| %s | %.0f ms | %.0f ms | **%.2fx** |" % (os.path.basename(img), v * 1000, w * 1000, w / v))
    lines.append("")
    lines.append("Fixed costs of a fresh worker process, same rounds (medians): "
                 + "; ".join("%s %.0f ms" % (name, statistics.median(t for t, _ in results[("-", "fixed", name)])
                                             * 1000) for name in fixed) + ".")
    lines.append("")
    lines.append("Fidelity: " + ("every worker rendition has SSIM >= 0.97 against vips' rendition."
                                  if not failures else "FAILED: " + "; ".join(failures)))
    with open(a.out, "w") as f:
        f.write("\n".join(lines) + "\n")
    shutil.rmtree(work, ignore_errors=True)
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
