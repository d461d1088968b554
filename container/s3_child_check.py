#!/usr/bin/env python3
"""One AWS Batch array child of the worker image against moto's S3 and EventBridge, over loopback.

Sets up a bucket with an upload, an EventBridge rule that sends the worker's events to an SQS queue, runs
the image the way Batch runs child 1 (AWS_BATCH_JOB_ID=<parent>:1, AWS_BATCH_JOB_ARRAY_INDEX=1,
AWS_BATCH_JOB_ATTEMPT=1 and the job definition's command with its parameters substituted), then checks
that exactly one rendition object was written under the output prefix and that exactly one "Rendition
Completed" event for it, naming array index 1, reached the queue. Exit 0 when all holds, 1 otherwise,
with the reason on stderr. Needs boto3 (moto depends on it).

    s3_child_check.py --endpoint http://127.0.0.1:PORT --image IMAGE --source FILE [--docker docker]
"""

import argparse
import json
import os
import subprocess
import sys
import time

import boto3

REGION = "us-east-1"
BUCKET = "renditions-it"
KEY = "uploads/photo 1.jpg"
OUTPUT_PREFIX = "renditions/"
PARENT_JOB = "4c1e0f5e-1b7a-4a52-9d5e-000000000006"


def fail(msg):
    print(f"s3-child: {msg}", file=sys.stderr)
    sys.exit(1)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--endpoint", required=True)
    p.add_argument("--image", required=True)
    p.add_argument("--source", required=True, help="a local image file to upload")
    p.add_argument("--docker", default="docker")
    a = p.parse_args()

    creds = dict(aws_access_key_id="test", aws_secret_access_key="test", region_name=REGION)
    s3 = boto3.client("s3", endpoint_url=a.endpoint, **creds)
    events = boto3.client("events", endpoint_url=a.endpoint, **creds)
    sqs = boto3.client("sqs", endpoint_url=a.endpoint, **creds)

    s3.create_bucket(Bucket=BUCKET)
    with open(a.source, "rb") as f:
        put = s3.put_object(Bucket=BUCKET, Key=KEY, Body=f.read(), ContentType="image/jpeg")
    queue_url = sqs.create_queue(QueueName="renditions-it-events")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    events.put_rule(
        Name="renditions-it-worker-events",
        EventPattern=json.dumps({"detail-type": ["Rendition Completed", "Rendition Skipped", "Rendition Failed"]}),
    )
    events.put_targets(Rule="renditions-it-worker-events", Targets=[{"Id": "queue", "Arn": queue_arn}])

    env = {
        "AWS_ENDPOINT_URL": a.endpoint,
        "AWS_REGION": REGION,
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_BATCH_JOB_ID": f"{PARENT_JOB}:1",
        "AWS_BATCH_JOB_ARRAY_INDEX": "1",
        "AWS_BATCH_JOB_ATTEMPT": "1",
    }
    cmd = [a.docker, "run", "--rm", "--network", "host"]
    for k, v in env.items():
        cmd += ["-e", f"{k}={v}"]
    # the job definition's command (docs/architecture.md) with Batch's Ref:: parameters substituted
    cmd += [
        a.image,
        "render",
        "--source", f"s3://{BUCKET}/{KEY}",
        "--source-version", put.get("VersionId") or "-",
        "--source-etag", put["ETag"].strip('"'),
        "--output", f"s3://{BUCKET}/{OUTPUT_PREFIX}",
        "--spec", "default",
    ]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if run.returncode != 0:
        fail(f"exit {run.returncode}: {run.stderr.strip()[-800:]}")

    listed = s3.list_objects_v2(Bucket=BUCKET, Prefix=OUTPUT_PREFIX).get("Contents", [])
    keys = [o["Key"] for o in listed]
    if len(keys) != 1 or not keys[0].startswith(OUTPUT_PREFIX + KEY + "/"):
        fail(f"expected one rendition under {OUTPUT_PREFIX}{KEY}/, found {keys}")
    head = s3.head_object(Bucket=BUCKET, Key=keys[0])
    if not head.get("ContentType", "").startswith("image/") or head["ContentLength"] == 0:
        fail(f"{keys[0]}: content type {head.get('ContentType')}, {head['ContentLength']} bytes")

    received = []
    deadline = time.time() + 20
    while time.time() < deadline:
        msgs = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", [])
        received += [json.loads(m["Body"]) for m in msgs]
        if received and not msgs:
            break
    completed = [e for e in received if e.get("detail-type") == "Rendition Completed"]
    if len(received) != 1 or len(completed) != 1:
        fail(f"expected one Rendition Completed event, received {[e.get('detail-type') for e in received]}")
    detail = completed[0]["detail"]
    job = detail.get("job") or {}
    rendition = detail.get("rendition") or {}
    if job.get("arrayIndex") != 1 or job.get("id") != env["AWS_BATCH_JOB_ID"]:
        fail(f"event job is {job}, expected id {env['AWS_BATCH_JOB_ID']} and arrayIndex 1")
    if rendition.get("key") not in (None, keys[0]) or not keys[0].split("/")[-1].startswith(rendition.get("name", "?")):
        fail(f"event rendition {rendition} does not match the object {keys[0]}")
    print(f"s3-child: wrote s3://{BUCKET}/{keys[0]}, one Rendition Completed event (index 1)")


if __name__ == "__main__":
    os.environ.setdefault("AWS_EC2_METADATA_DISABLED", "true")
    main()
