"""Checks request parameters with the AWS CLI's own validator (botocore's ParamValidator and service models).

Reads a JSON array of {"id", "service", "operation", "params"} on stdin and prints a JSON object:
  {"botocore": VERSION, "results": {id: [error, ...]}, "fargate": {vcpu: [memory, ...]}}
"fargate" is the table of valid Fargate VCPU/MEMORY pairs parsed from the documentation of
batch ResourceRequirement.value in botocore's Batch model. Used by contract-tests; no network.
"""

import json
import re
import sys

import botocore
import botocore.session
from botocore.validate import ParamValidator


def validate(session, service, operation, params):
    model = session.get_service_model(service)
    shape = model.operation_model(operation).input_shape
    report = ParamValidator().validate(params, shape)
    if not report.has_errors():
        return []
    return [line.strip() for line in report.generate_report().splitlines() if line.strip()]


def fargate_table(session):
    doc = session.get_service_model("batch").shape_for("ResourceRequirement").members["value"].documentation
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", doc))
    section = text[text.index('type="VCPU"'):]
    table = {}
    for vcpu, memories in re.findall(r"value = ([0-9.]+) MEMORY = ([0-9, or]+)", section):
        table[vcpu] = [int(m) for m in re.findall(r"[0-9]+", memories)]
    return table


def main():
    requests = json.load(sys.stdin)
    session = botocore.session.get_session()
    results = {r["id"]: validate(session, r["service"], r["operation"], r["params"]) for r in requests}
    print(json.dumps({"botocore": botocore.__version__, "results": results, "fargate": fargate_table(session)}))


if __name__ == "__main__":
    main()
