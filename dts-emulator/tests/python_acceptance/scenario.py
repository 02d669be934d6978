#!/usr/bin/env python3
"""An instance's documented life, driven with the official Alibaba Cloud Python SDK.

usage: scenario.py URL ACCESS_KEY_ID ACCESS_KEY_SECRET

URL is a dts-emulator started empty with that key pair, whose job clock this script steps
through `POST URL/__emulator/clock?advance=1s` while it polls. It creates an instance, sees it
in DescribeDtsJobs and DescribeDtsJobDetail (by job id, and by instance id alone), configures
and starts it, polls until Synchronizing through documented statuses only, renames it, tags
and untags it, suspends and restarts it, pages through 26 instances 10 at a time, deletes it
and sees it gone, and checks that unknown ids and bad values are refused.

Prints one line per check, then `N passed, N failed`; exits 0 when every check passed.
"""

import sys
import urllib.parse
import urllib.request

from alibabacloud_dts20200101 import models
from alibabacloud_dts20200101.client import Client
from alibabacloud_tea_openapi.models import Config

REGION = "cn-hangzhou"
DOCUMENTED = {
    "NotStarted", "Prechecking", "PrecheckFailed", "PreCheckPass", "NotConfigured",
    "Initializing", "InitializeFailed", "Synchronizing", "Failed", "Suspending",
    "Modifying", "Finished", "Retrying", "Upgrade", "Locked", "Downgrade",
}


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        print(f"{'ok  ' if ok else 'FAIL'} {name}{': ' + str(detail) if detail else ''}", flush=True)


def refused(call):
    """The error code of a call the SDK raises on (HTTP 4xx), or None when it answered."""
    try:
        call()
    except Exception as e:  # the SDK raises TeaException
        return getattr(e, "code", str(e))
    return None


def main(url, key_id, secret):
    cfg = Config(access_key_id=key_id, access_key_secret=secret,
                 endpoint=urllib.parse.urlsplit(url).netloc, protocol="http", region_id=REGION)
    c = Client(cfg)
    checks = Checks()

    def advance():
        urllib.request.urlopen(urllib.request.Request(f"{url}/__emulator/clock?advance=1s", method="POST"))

    def create():
        r = c.create_dts_instance(models.CreateDtsInstanceRequest(
            type="SYNC", region_id=REGION, auto_pay=False, auto_start=True)).body
        return r.job_id, r.instance_id

    def detail(**kw):
        return c.describe_dts_job_detail(models.DescribeDtsJobDetailRequest(region_id=REGION, **kw)).body

    job, instance = create()
    checks.check("create gives fresh ids", instance == "dts" + job, (job, instance))
    listed = c.describe_dts_jobs(models.DescribeDtsJobsRequest(region_id=REGION, job_type="SYNC")).body
    checks.check("listed", [j.dts_job_id for j in listed.dts_job_list] == [job] and listed.total_record_count == 1)
    checks.check("detail by job id", detail(dts_job_id=job).dts_instance_id == instance)
    checks.check("detail by instance id alone", detail(dts_instance_id=instance).dts_job_id == job)

    r = c.configure_dts_job(models.ConfigureDtsJobRequest(
        dts_instance_id=instance, dts_job_name="orders", job_type="SYNC",
        source_endpoint_instance_type="RDS", destination_endpoint_instance_type="RDS",
        source_endpoint_engine_name="MySQL", destination_endpoint_engine_name="MySQL",
        structure_initialization=True, data_initialization=True, data_synchronization=True,
        db_list='{"orders":{"name":"orders","all":true}}', region_id=REGION)).body
    checks.check("configure answers the job", r.dts_job_id == job, r.dts_job_id)
    checks.check("configured job is NotStarted", detail(dts_job_id=job).status == "NotStarted")

    def run_to_synchronizing():
        seen = []
        for _ in range(10):
            status = detail(dts_job_id=job).status
            if not seen or seen[-1] != status:
                seen.append(status)
            if status == "Synchronizing":
                break
            advance()
        return seen

    c.start_dts_job(models.StartDtsJobRequest(dts_job_id=job, region_id=REGION))
    seen = run_to_synchronizing()
    checks.check("polled to Synchronizing", seen[-1] == "Synchronizing", seen)
    checks.check("through documented statuses only", all(s in DOCUMENTED for s in seen), seen)

    c.modify_dts_job_name(models.ModifyDtsJobNameRequest(dts_job_id=job, dts_job_name="orders-2", region_id=REGION))
    checks.check("renamed", detail(dts_job_id=job).dts_job_name == "orders-2")

    c.tag_resources(models.TagResourcesRequest(
        region_id=REGION, resource_type="ALIYUN::DTS::INSTANCE", resource_id=[instance],
        tag=[models.TagResourcesRequestTag(key="team", value="data"),
             models.TagResourcesRequestTag(key="env", value="test")]))
    c.untag_resources(models.UntagResourcesRequest(
        region_id=REGION, resource_type="ALIYUN::DTS::INSTANCE", resource_id=[instance], tag_key=["env"]))
    tags = c.list_tag_resources(models.ListTagResourcesRequest(
        region_id=REGION, resource_type="ALIYUN::DTS::INSTANCE", resource_id=[instance])).body
    pairs = [(t.tag_key, t.tag_value) for t in tags.tag_resources.tag_resource]
    checks.check("tagged and untagged", pairs == [("team", "data")], pairs)
    checks.check("no NextToken on the last page", tags.next_token is None, tags.next_token)

    c.suspend_dts_job(models.SuspendDtsJobRequest(dts_job_id=job, region_id=REGION))
    checks.check("suspended", detail(dts_job_id=job).status == "Suspending")
    c.start_dts_job(models.StartDtsJobRequest(dts_job_id=job, region_id=REGION))
    checks.check("restarted", run_to_synchronizing()[-1] == "Synchronizing")

    for _ in range(25):
        create()
    pages = []
    for number in (1, 2, 3):
        page = c.describe_dts_jobs(models.DescribeDtsJobsRequest(
            region_id=REGION, job_type="SYNC", page_size=10, page_number=number)).body
        pages.append((len(page.dts_job_list), page.page_record_count, page.total_record_count))
    checks.check("26 instances, 10 at a time", pages == [(10, 10, 26), (10, 10, 26), (6, 6, 26)], pages)

    c.delete_dts_job(models.DeleteDtsJobRequest(dts_job_id=job, dts_instance_id=instance, region_id=REGION))
    gone = detail(dts_job_id=job)
    checks.check("deleted job is gone", gone.err_code == "InvalidJobId", gone.err_code)
    listed = c.describe_dts_jobs(models.DescribeDtsJobsRequest(region_id=REGION, job_type="SYNC", page_size=50)).body
    checks.check("not listed any more", job not in [j.dts_job_id for j in listed.dts_job_list]
                 and listed.total_record_count == 25)

    unknown = c.start_dts_job(models.StartDtsJobRequest(dts_job_id="nosuchjob000000", region_id=REGION)).body
    checks.check("start of an unknown id fails", str(unknown.success).lower() == "false"
                 and unknown.err_code == "InvalidParameter", unknown.err_code)
    code = refused(lambda: c.start_dts_job(models.StartDtsJobRequest(
        dts_job_id=job, synchronization_direction="Sideways", region_id=REGION)))
    checks.check("bad enum value refused", code == "InvalidParameter", code)
    code = refused(lambda: c.describe_dts_jobs(models.DescribeDtsJobsRequest(region_id=REGION, page_size=5000)))
    checks.check("out-of-range integer refused", code == "InvalidParameter", code)
    code = refused(lambda: c.describe_dts_jobs(models.DescribeDtsJobsRequest(region_id=REGION, page_size="abc")))
    checks.check("non-integer refused", code == "InvalidParameter", code)

    print(f"{checks.passed} passed, {checks.failed} failed")
    return 0 if checks.failed == 0 else 1


if __name__ == "__main__":
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
