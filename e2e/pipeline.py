#!/usr/bin/env python3
"""The whole renditions pipeline on one machine: moto (S3, EventBridge, SQS, Batch), the dispatcher from
dispatcher.jar and every Batch array child as a real container of the worker image. e2e/run.sh starts moto,
Docker and the image and calls this; see e2e/README.md.

    pipeline.py --endpoint URL --image IMAGE --dispatcher-jar JAR --repo DIR (--self-test WORKDIR | --images DIR --out DIR)

--self-test uploads the fixtures (a photo, a CMYK JPEG, a key with spaces and unicode, a truncated JPEG) and
checks every outcome; --images uploads a folder and downloads the renditions. One line per check
(PASS/FAIL name (detail)), then "N passed, N failed"; exit 1 on any failure.

Batch is emulated as AWS Batch runs an array job: for child i of job J the container gets AWS_BATCH_JOB_ID=J:i,
AWS_BATCH_JOB_ARRAY_INDEX=i, AWS_BATCH_JOB_ATTEMPT=1, the job definition's environment, and the job definition's
command with each Ref::name replaced by the submitted job's parameter, else the definition's default. moto 5.2.1
never runs containers (non-Docker mode), so this script runs them (--parallel at once). Needs boto3 (ships with
moto).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import boto3

REGION = "us-east-1"
ACCOUNT = "123456789012"
IN_BUCKET = "renditions-e2e-input"
OUT_BUCKET = "renditions-e2e-output"
INPUT_PREFIX = "uploads/"
OUTPUT_PREFIX = "renditions/"
MAX_BYTES = 104857600
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".psd"}


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, ok, detail=""):
        print(f"{'PASS' if ok else 'FAIL'}: {name}{f' ({detail})' if detail else ''}", flush=True)
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        return ok

    def finish(self):
        print(f"{self.passed} passed, {self.failed} failed", flush=True)
        return 0 if self.failed == 0 and self.passed > 0 else 1


def log(msg):
    print(f"e2e: {msg}", file=sys.stderr, flush=True)


# ---- moto set-up -------------------------------------------------------------------------------------------


class Moto:
    def __init__(self, endpoint):
        self.endpoint = endpoint
        creds = dict(aws_access_key_id="test", aws_secret_access_key="test", region_name=REGION)
        self.s3 = boto3.client("s3", endpoint_url=endpoint, **creds)
        self.events = boto3.client("events", endpoint_url=endpoint, **creds)
        self.sqs = boto3.client("sqs", endpoint_url=endpoint, **creds)
        self.batch = boto3.client("batch", endpoint_url=endpoint, **creds)
        self.iam = boto3.client("iam", endpoint_url=endpoint, **creds)
        req = urllib.request.Request(
            endpoint + "/moto-api/config", data=b'{"batch":{"use_docker":false}}', method="POST"
        )
        urllib.request.urlopen(req).read()

    def env(self):
        return {
            "AWS_ENDPOINT_URL": self.endpoint,
            "AWS_REGION": REGION,
            "AWS_ACCESS_KEY_ID": "test",
            "AWS_SECRET_ACCESS_KEY": "test",
            "AWS_EC2_METADATA_DISABLED": "true",
        }

    def queue(self, name):
        url = self.sqs.create_queue(QueueName=name)["QueueUrl"]
        arn = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        return url, arn

    def receive(self, url, expected=None, wait=15.0):
        """Messages until `expected` arrived (then a short quiet period), or `wait` seconds passed."""
        got = []
        deadline = time.time() + wait
        while time.time() < deadline:
            msgs = self.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1).get(
                "Messages", []
            )
            for m in msgs:
                got.append(json.loads(m["Body"]))
                self.sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
            if not msgs and expected is not None and len(got) >= expected:
                break
        return got


def render_template(repo, template, values):
    """Fills ${PLACEHOLDERS} with the repo's own batch-job-definitions/render.sh (example.env, then ours)."""
    with tempfile.NamedTemporaryFile("w", suffix=".env", delete=False) as f:
        for k, v in values.items():
            f.write(f"{k}='{v}'\n")
        env_file = f.name
    try:
        out = subprocess.run(
            ["sh", str(repo / "batch-job-definitions/render.sh"), "-e",
             str(repo / "batch-job-definitions/example.env"), "-e", env_file, str(template)],
            check=True, capture_output=True, text=True,
        )
    finally:
        os.unlink(env_file)
    return out.stdout


def set_up(moto, repo, image):
    s3 = moto.s3
    for b in (IN_BUCKET, OUT_BUCKET):
        s3.create_bucket(Bucket=b)
    s3.put_bucket_notification_configuration(
        Bucket=IN_BUCKET, NotificationConfiguration={"EventBridgeConfiguration": {}}
    )
    q = {n: moto.queue(f"e2e-{n}") for n in ("dispatcher", "upload-dlq", "completed", "alerts", "announced")}
    role = moto.iam.create_role(
        RoleName="e2e-batch-service",
        AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "batch.amazonaws.com"}, "Action": "sts:AssumeRole"}]}),
    )["Role"]["Arn"]
    ce = moto.batch.create_compute_environment(
        computeEnvironmentName="e2e-ce", type="UNMANAGED", state="ENABLED", serviceRole=role
    )["computeEnvironmentArn"]
    jq = moto.batch.create_job_queue(
        jobQueueName="e2e-queue", state="ENABLED", priority=1,
        computeEnvironmentOrder=[{"order": 1, "computeEnvironment": ce}],
    )
    values = {
        "AWS_REGION": REGION,
        "ACCOUNT_ID": ACCOUNT,
        "IMAGE_URI": image,
        "INPUT_BUCKET": IN_BUCKET,
        "INPUT_PREFIX": INPUT_PREFIX,
        "OUTPUT_BUCKET": OUT_BUCKET,
        "OUTPUT_PREFIX": OUTPUT_PREFIX,
        "OUTPUT_URI": f"s3://{OUT_BUCKET}/{OUTPUT_PREFIX}",
        "MAX_BYTES": str(MAX_BYTES),
        "EVENT_BUS_NAME": "default",
        "JOB_QUEUE_ARN": jq["jobQueueArn"],
        "DISPATCHER_FUNCTION_ARN": q["dispatcher"][1],  # an SQS queue stands in for the Lambda
        "UPLOAD_DLQ_ARN": q["upload-dlq"][1],
        "COMPLETED_QUEUE_ARN": q["completed"][1],
        "ALERT_TOPIC_ARN": q["alerts"][1],  # an SQS queue stands in for the SNS topic
    }
    rules = repo / "eventbridge-rules"
    for name, rule in (("upload", "upload"), ("rendition-completed", "completed"), ("failures", "failures")):
        moto.events.put_rule(
            Name=f"renditions-{rule}", EventPattern=render_template(repo, rules / f"{name}.pattern.json", values)
        )
        targets = json.loads(render_template(repo, rules / f"{name}.targets.json", values))
        moto.events.put_targets(Rule=f"renditions-{rule}", Targets=targets)
    # not one of the repo's rules: lets the harness read the dispatcher's "Renditions Requested" events
    moto.events.put_rule(Name="e2e-announced", EventPattern=json.dumps({"source": ["renditions.dispatcher"]}))
    moto.events.put_targets(Rule="e2e-announced", Targets=[{"Id": "q", "Arn": q["announced"][1]}])

    jd = json.loads(render_template(repo, repo / "batch-job-definitions/worker-ec2.json", values))
    registered = moto.batch.register_job_definition(**jd)
    return {
        "queues": {k: v[0] for k, v in q.items()},
        "job_queue": jq["jobQueueName"],
        "job_definition": registered["jobDefinitionName"],
    }


# ---- the dispatcher and the children ---------------------------------------------------------------------


def dispatch(moto, jar, setup, event, workdir):
    path = workdir / f"event-{time.time_ns()}.json"
    path.write_text(json.dumps(event))
    env = dict(os.environ)
    env.update(moto.env())
    env.update({
        "JOB_QUEUE": setup["job_queue"],
        "JOB_DEFINITION": setup["job_definition"],
        "OUTPUT_BUCKET": OUT_BUCKET,
        "OUTPUT_PREFIX": OUTPUT_PREFIX,
        "INPUT_PREFIX": INPUT_PREFIX,
        "EVENT_BUS_NAME": "default",
    })
    # the JVM flags the dispatcher's README gives the Lambda (JAVA_TOOL_OPTIONS): C1 only, for a short-lived JVM
    run = subprocess.run(["java", "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                          "-cp", str(jar), "dev.renditions.dispatcher.LocalInvoke", str(path)],
                         env=env, capture_output=True, text=True, timeout=120)
    if run.returncode != 0:
        return {"status": "ERROR", "message": f"exit {run.returncode}: {run.stderr.strip()[-500:]}"}
    lines = [l for l in run.stdout.splitlines() if l.startswith("{")]
    return json.loads(lines[-1]) if lines else {"status": "ERROR", "message": run.stdout[-500:]}


def substitute(command, parameters):
    """Batch's Ref:: substitution: a whole argument "Ref::name" becomes the parameter's value, if there is one."""
    out = []
    for arg in command:
        if arg.startswith("Ref::") and arg[5:] in parameters:
            out.append(parameters[arg[5:]])
        else:
            out.append(arg)
    return out


def run_children(moto, image, job_id, docker, parallel):
    """Runs every child of a submitted job as Batch would; returns [(index, exit code, stderr tail)]."""
    job = moto.batch.describe_jobs(jobs=[job_id])["jobs"][0]
    jd = moto.batch.describe_job_definitions(jobDefinitions=[job["jobDefinition"]])["jobDefinitions"][0]
    params = dict(jd.get("parameters") or {})
    params.update(job.get("parameters") or {})
    argv = substitute(jd["containerProperties"]["command"], params)
    size = (job.get("arrayProperties") or {}).get("size")
    children = list(range(size)) if size else [None]
    env = {e["name"]: e["value"] for e in jd["containerProperties"].get("environment", [])}
    env.update(moto.env())

    def one(i):
        cenv = dict(env)
        cenv["AWS_BATCH_JOB_ATTEMPT"] = "1"
        if i is None:
            cenv["AWS_BATCH_JOB_ID"] = job_id
        else:
            cenv["AWS_BATCH_JOB_ID"] = f"{job_id}:{i}"
            cenv["AWS_BATCH_JOB_ARRAY_INDEX"] = str(i)
        cmd = [docker, "run", "--rm", "--network", "host"]
        for k, v in cenv.items():
            cmd += ["-e", f"{k}={v}"]
        cmd += [image] + argv
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        return i, run.returncode, run.stderr.strip()[-400:]

    with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
        results = list(pool.map(one, children))
    return job, argv, results


# ---- pixels ----------------------------------------------------------------------------------------------


def image_size(data):
    """(width, height) from a JPEG's SOF or a PNG's IHDR; None otherwise."""
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if data[:2] != b"\xff\xd8":
        return None
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker == 0xFF:
            i += 1
            continue
        length = int.from_bytes(data[i + 2:i + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            return int.from_bytes(data[i + 7:i + 9], "big"), int.from_bytes(data[i + 5:i + 7], "big")
        i += 2 + length
    return None


# ---- the run ---------------------------------------------------------------------------------------------


def pipeline(moto, args, uploads, workdir):
    """Uploads, dispatches, runs the children. uploads: [(local file, key)]. Returns per-key outcomes."""
    repo = Path(args.repo)
    setup = set_up(moto, repo, args.image)
    log(f"moto ready: buckets {IN_BUCKET}, {OUT_BUCKET}; rules upload, completed, failures; "
        f"job definition {setup['job_definition']}")
    for path, key in uploads:
        with open(path, "rb") as f:
            moto.s3.put_object(Bucket=IN_BUCKET, Key=key, Body=f.read())
    delivered = moto.receive(setup["queues"]["dispatcher"], expected=len(uploads))
    log(f"{len(uploads)} uploads, {len(delivered)} events delivered by the upload rule")
    outcomes = {key: {"events": [], "dispatch": None, "children": []} for _, key in uploads}
    for event in delivered:
        key = event.get("detail", {}).get("object", {}).get("key")
        o = outcomes.setdefault(key, {"events": [], "dispatch": None, "children": []})
        o["events"].append(event)
        t = time.time()
        r = dispatch(moto, Path(args.dispatcher_jar), setup, event, workdir)
        o["dispatch"] = r
        log(f"dispatcher: {key}: {r.get('status')} {r.get('reason') or ''} {r.get('jobId') or ''} "
            f"({time.time() - t:.1f} s)")
        if r.get("status") == "SUBMITTED":
            t = time.time()
            job, argv, results = run_children(moto, args.image, r["jobId"], args.docker, args.parallel)
            o["job"], o["argv"], o["children"] = job, argv, results
            log(f"children of {r['jobId']}: exit codes {[c for _, c, _ in results]} ({time.time() - t:.1f} s)")
    announced = moto.receive(setup["queues"]["announced"], wait=3)
    completed = moto.receive(setup["queues"]["completed"], wait=3)
    alerts = moto.receive(setup["queues"]["alerts"], wait=3)
    for key, o in outcomes.items():
        o["requested"] = [e for e in announced if e["detail-type"] == "Renditions Requested"
                          and e["detail"]["source"]["key"] == key]
        o["completed"] = [e for e in completed if e["detail"]["source"]["key"] == key]
        o["failed"] = [e for e in alerts if e["detail-type"] == "Rendition Failed"
                       and e["detail"]["source"]["key"] == key]
        o["rejected"] = [e for e in alerts if e["detail-type"] == "Upload Rejected"
                         and e["detail"]["source"]["key"] == key]
        listed = moto.s3.list_objects_v2(Bucket=OUT_BUCKET, Prefix=f"{OUTPUT_PREFIX}{key}/").get("Contents", [])
        o["objects"] = [x["Key"] for x in listed]
    return outcomes, completed, alerts


def check_rendered(c, moto, key, o, label):
    r = o["dispatch"] or {}
    if not c.check(f"{label} dispatched", r.get("status") == "SUBMITTED" and len(o["events"]) == 1,
                   f"{len(o['events'])} upload events, dispatcher {r.get('status')} {r.get('reason') or ''} "
                   f"{r.get('message') or ''}".strip()):
        return
    names = o["requested"][0]["detail"]["renditions"] if len(o["requested"]) == 1 else []
    c.check(f"{label} renditions requested", len(names) >= 1 and r.get("arraySize") == len(names),
            f"{names}, array size {r.get('arraySize')}")
    c.check(f"{label} command", o["argv"][o["argv"].index("--source") + 1] == f"s3://{IN_BUCKET}/{key}"
            and not any(a.startswith("Ref::") for a in o["argv"]), " ".join(o["argv"]))
    bad = [(i, rc, err) for i, rc, err in o["children"] if rc != 0]
    c.check(f"{label} children", len(o["children"]) == len(names) and not bad,
            f"{len(o['children'])} containers" + (f", failed: {bad}" if bad else ", all exit 0"))
    by_index = {}
    for e in o["completed"]:
        by_index.setdefault(e["detail"]["job"].get("arrayIndex"), []).append(e)
    for i, name in enumerate(names):
        evs = by_index.get(i, [])
        ev_ok = len(evs) == 1 and evs[0]["detail"]["rendition"]["name"] == name \
            and evs[0]["detail"]["job"]["id"] == f"{r['jobId']}:{i}"
        c.check(f"{label} {name} event", ev_ok, f"{len(evs)} Rendition Completed for index {i}")
        obj_key = evs[0]["detail"]["rendition"]["key"] if len(evs) == 1 else None
        if not c.check(f"{label} {name} object", obj_key in o["objects"], f"s3://{OUT_BUCKET}/{obj_key}"):
            continue
        got = moto.s3.get_object(Bucket=OUT_BUCKET, Key=obj_key)
        data = got["Body"].read()
        meta = got.get("Metadata", {})
        decoded = image_size(data)
        rend = evs[0]["detail"]["rendition"]
        claimed = (rend.get("width"), rend.get("height"))
        meta_size = (int(meta["width"]), int(meta["height"])) if "width" in meta and "height" in meta else None
        c.check(f"{label} {name} pixels", decoded is not None and decoded == claimed == meta_size
                and max(decoded) > 0,
                f"decoded {decoded}, event {claimed}, metadata {meta_size}, {len(data)} bytes")
    c.check(f"{label} no stray objects", len(o["objects"]) == len(names), f"{o['objects']}")


def self_test(moto, args):
    repo = Path(args.repo)
    work = Path(args.self_test)
    photo = repo / "samples/icc-adobergb-canon7d.jpg"
    cmyk = repo / "samples/cmyk-adobe-transform0.jpg"
    corrupt = work / "truncated.jpg"
    # big enough that the dispatcher's 64 KiB header read succeeds: the worker finds the truncation
    data = (repo / "samples/orient6-landscape.jpg").read_bytes()
    corrupt.write_bytes(data[: len(data) * 2 // 3])
    cases = [
        (photo, "uploads/photo.jpg", "photo"),
        (cmyk, "uploads/cmyk.jpg", "cmyk"),
        (photo, "uploads/été 2024/mon chat.jpg", "unicode-key"),
        (corrupt, "uploads/broken.jpg", "corrupt"),
    ]
    outcomes, completed, alerts = pipeline(moto, args, [(p, k) for p, k, _ in cases], work)
    c = Checks()
    for _, key, label in cases[:3]:
        check_rendered(c, moto, key, outcomes[key], label)
    o = outcomes["uploads/broken.jpg"]
    r = o["dispatch"] or {}
    if r.get("status") == "REJECTED":
        c.check("corrupt rejected by the dispatcher", len(o["rejected"]) == 1, f"{r.get('reason')}")
    else:
        size = r.get("arraySize") or 0
        codes = [rc for _, rc, _ in o["children"]]
        c.check("corrupt submitted (header readable), every child fails",
                r.get("status") == "SUBMITTED" and len(codes) == size and all(rc != 0 for rc in codes),
                f"dispatcher {r.get('status')}, child exit codes {codes}")
        codes_seen = sorted({e["detail"]["error"]["code"] for e in o["failed"]})
        c.check("corrupt Rendition Failed events", len(o["failed"]) == size and size > 0,
                f"{len(o['failed'])} for {size} children, codes {codes_seen}")
    c.check("corrupt no object", o["objects"] == [] and o["completed"] == [], f"{o['objects']}")
    expected = sum(len(outcomes[k]["requested"][0]["detail"]["renditions"]) if outcomes[k]["requested"] else 0
                   for _, k, _ in cases[:3])
    c.check("completion queue holds nothing else", len(completed) == expected,
            f"{len(completed)} Rendition Completed events, {expected} renditions")
    return c.finish()


def images_mode(moto, args):
    src = Path(args.images)
    files = sorted(p for p in src.rglob("*") if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)
    if not files:
        log(f"no images ({', '.join(sorted(IMAGE_SUFFIXES))}) in {src}")
        return 2
    uploads = [(p, INPUT_PREFIX + p.relative_to(src).as_posix()) for p in files]
    work = Path(tempfile.mkdtemp(prefix="renditions-e2e-"))
    try:
        outcomes, _, _ = pipeline(moto, args, uploads, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    out = Path(args.out)
    c = Checks()
    for _, key in uploads:
        o = outcomes[key]
        r = o["dispatch"] or {}
        for obj in o["objects"]:
            dest = out / obj[len(OUTPUT_PREFIX):]
            dest.parent.mkdir(parents=True, exist_ok=True)
            moto.s3.download_file(OUT_BUCKET, obj, str(dest))
        if r.get("status") == "REJECTED":
            c.check(key, False, f"Upload Rejected: {r.get('reason')}: {r.get('message')}")
        elif r.get("status") != "SUBMITTED":
            c.check(key, False, f"dispatcher {r.get('status')}: {r.get('message')}")
        else:
            fails = [f"{e['detail']['rendition']['name'] if 'rendition' in e['detail'] else '?'}: "
                     f"{e['detail']['error']['code']}" for e in o["failed"]]
            names = [e["detail"]["rendition"]["name"] + " {}x{}".format(e["detail"]["rendition"]["width"],
                     e["detail"]["rendition"]["height"])
                     for e in sorted(o["completed"], key=lambda e: e["detail"]["job"].get("arrayIndex") or 0)]
            c.check(key, not fails and len(o["objects"]) == (r.get("arraySize") or 1),
                    ", ".join(names + [f"failed {f}" for f in fails]))
    log(f"renditions downloaded to {out.resolve()}")
    return c.finish()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--endpoint", required=True)
    p.add_argument("--image", required=True)
    p.add_argument("--dispatcher-jar", required=True)
    p.add_argument("--repo", required=True)
    p.add_argument("--docker", default="docker")
    p.add_argument("--parallel", type=int, default=os.cpu_count() or 1, help="children run at once")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--self-test", metavar="WORKDIR")
    g.add_argument("--images")
    p.add_argument("--out", default="out-e2e")
    a = p.parse_args()
    os.environ.setdefault("AWS_EC2_METADATA_DISABLED", "true")
    moto = Moto(a.endpoint)
    return self_test(moto, a) if a.self_test else images_mode(moto, a)


if __name__ == "__main__":
    sys.exit(main())
