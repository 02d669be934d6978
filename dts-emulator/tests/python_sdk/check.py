#!/usr/bin/env python3
"""Drive a running dts-emulator with the official Alibaba Cloud Python SDK.

usage: check.py URL ACCESS_KEY_ID ACCESS_KEY_SECRET

URL is the emulator's base URL (http://127.0.0.1:PORT), which must have been started with
that key pair and the jobs of seed.json beside this file, e.g.

    dts-emulator --credentials ID:SECRET --seed dts-emulator/tests/python_sdk/seed.json

For each signing the SDK offers (signature_algorithm='v2', which is RPC signature V1 with
HMAC-SHA1, and the default, ACS3-HMAC-SHA256) it calls the five actions on that signing's
own jobs, checks each answer and the job state the emulator reports afterwards, calls an
action with a parameter the SDK sends in a form body, and checks that a wrong secret is
refused with SignatureDoesNotMatch. It starts nothing itself.

Prints one line per check, then the package versions and `N passed, N failed`; exits 0 when
every check passed, 1 when one failed, 2 on a usage error.
"""

import json
import sys
import urllib.parse
import urllib.request
from importlib import metadata

from alibabacloud_dts20200101 import models
from alibabacloud_dts20200101.client import Client
from alibabacloud_tea_openapi.models import Config

REGION = "cn-hangzhou"

# The jobs of seed.json, per signing: (label, signature_algorithm, sync instance, dts job).
RUNS = [
    ("v2", "v2", "dtspyv2sync00001", "pyv2dtsjob00001"),
    ("default (ACS3-HMAC-SHA256)", None, "dtspyv3sync00001", "pyv3dtsjob00001"),
]

PACKAGES = [
    "alibabacloud-dts20200101",
    "alibabacloud-tea-openapi",
    "darabonba-core",
    "alibabacloud-tea",
]


class Checks:
    """Counts and prints check outcomes."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def record(self, name, ok, detail=""):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        line = f"{'ok  ' if ok else 'FAIL'} {name}"
        if detail:
            line += f": {detail}"
        print(line, flush=True)


def client(url, access_key_id, secret, algorithm):
    endpoint = urllib.parse.urlsplit(url).netloc
    config = Config(
        access_key_id=access_key_id,
        access_key_secret=secret,
        endpoint=endpoint,
        protocol="http",
        region_id=REGION,
        connect_timeout=5000,
        read_timeout=10000,
    )
    if algorithm is not None:
        config.signature_algorithm = algorithm
    return Client(config)


def succeeded(response):
    """Whether an SDK response is HTTP 200 with Success true (a string on some pages)."""
    body = response.body
    return response.status_code == 200 and str(body.success).lower() == "true"


def jobs(url):
    with urllib.request.urlopen(f"{url}/__emulator/jobs", timeout=10) as resp:
        return {job["instance_id"]: job for job in json.load(resp)["jobs"]}


def call(checks, name, thunk):
    try:
        response = thunk()
    except Exception as e:  # the SDK raises several exception types
        checks.record(name, False, f"{type(e).__name__}: {getattr(e, 'code', '')} {e}")
        return
    body = response.body
    checks.record(
        name,
        succeeded(response),
        f"HTTP {response.status_code}, Success={body.success!r}, RequestId={body.request_id}",
    )


def run(checks, url, access_key_id, secret, label, algorithm, sync_id, job_id):
    sdk = client(url, access_key_id, secret, algorithm)
    sync = {"region_id": REGION, "synchronization_job_id": sync_id}
    call(checks, f"{label}: StartSynchronizationJob", lambda: sdk.start_synchronization_job(
        models.StartSynchronizationJobRequest(**sync)))
    status = jobs(url)[sync_id]["status"]
    checks.record(f"{label}: job synchronizing after start", status == "Synchronizing", status)
    call(checks, f"{label}: SuspendSynchronizationJob", lambda: sdk.suspend_synchronization_job(
        models.SuspendSynchronizationJobRequest(synchronization_direction="Forward", **sync)))
    call(checks, f"{label}: ResetSynchronizationJob", lambda: sdk.reset_synchronization_job(
        models.ResetSynchronizationJobRequest(**sync)))
    status = jobs(url)[sync_id]["status"]
    checks.record(f"{label}: job not configured after reset", status == "NotConfigured", status)
    call(checks, f"{label}: ResetDtsJob", lambda: sdk.reset_dts_job(
        models.ResetDtsJobRequest(region_id=REGION, dts_job_id=job_id)))
    call(checks, f"{label}: DeleteDtsJob", lambda: sdk.delete_dts_job(
        models.DeleteDtsJobRequest(region_id=REGION, dts_job_id=job_id)))
    remaining = [j["job_id"] for j in jobs(url).values()]
    checks.record(f"{label}: job gone after delete", job_id not in remaining)
    # The SDK sends SynchronizationObjects in a form body, the rest in the query.
    call(checks, f"{label}: ModifySynchronizationObject (form body)",
         lambda: sdk.modify_synchronization_object(models.ModifySynchronizationObjectRequest(
             synchronization_objects='[{"DBName":"db 1","AllTable":true}]', **sync)))

    wrong = client(url, access_key_id, secret + "-wrong", algorithm)
    try:
        wrong.start_synchronization_job(models.StartSynchronizationJobRequest(**sync))
        checks.record(f"{label}: wrong secret refused", False, "the call succeeded")
    except Exception as e:
        code = getattr(e, "code", None)
        checks.record(
            f"{label}: wrong secret refused with SignatureDoesNotMatch",
            code == "SignatureDoesNotMatch",
            f"{type(e).__name__} code={code}",
        )


def main(argv):
    if len(argv) != 4:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    url, access_key_id, secret = argv[1].rstrip("/"), argv[2], argv[3]
    checks = Checks()
    for label, algorithm, sync_id, job_id in RUNS:
        run(checks, url, access_key_id, secret, label, algorithm, sync_id, job_id)
    versions = ", ".join(f"{p} {version(p)}" for p in PACKAGES)
    print(f"python {sys.version.split()[0]}; {versions}")
    print(f"{checks.passed} passed, {checks.failed} failed")
    return 0 if checks.failed == 0 else 1


def version(package):
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


if __name__ == "__main__":
    sys.exit(main(sys.argv))
