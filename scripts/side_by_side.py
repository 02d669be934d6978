#!/usr/bin/env python3
"""The official Python SDK's half of scripts/side_by_side.sh.

usage: side_by_side.py URL ACCESS_KEY_ID ACCESS_KEY_SECRET JOB small|large CALLS

Calls one action on a running emulator with Alibaba's official Python SDK for DTS
(alibabacloud-dts20200101), signed with RPC signature V1 (`signature_algorithm='v2'`), one
client and so one keep-alive connection: `small` is ModifyDtsJobName, `large` is
DescribeDtsJobDetail. After 200 warm-up calls it times CALLS calls and prints the CPU time of
this process (user + system) per call, as the Rust half does:
`cpu_us_per_call X` (and its `user_us_per_call` and `sys_us_per_call` parts),
`wall_us_per_call Y`.
"""

import resource
import sys
import time
import urllib.parse

from alibabacloud_dts20200101 import models
from alibabacloud_dts20200101.client import Client
from alibabacloud_tea_openapi.models import Config
from darabonba.runtime import RuntimeOptions


def cpu_us():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime * 1e6, usage.ru_stime * 1e6


def main(argv):
    if len(argv) != 6 or argv[4] not in ("small", "large"):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    url, key_id, secret, job, size, calls = argv
    calls = int(calls)
    client = Client(
        Config(
            access_key_id=key_id,
            access_key_secret=secret,
            endpoint=urllib.parse.urlsplit(url).netloc,
            protocol="http",
            region_id="cn-hangzhou",
            signature_algorithm="v2",
            connect_timeout=5000,
            read_timeout=10000,
        )
    )
    runtime = RuntimeOptions()

    def call(n):
        if size == "large":
            request = models.DescribeDtsJobDetailRequest(dts_job_id=job, region_id="cn-hangzhou")
            client.describe_dts_job_detail_with_options(request, runtime)
        else:
            name = "bench-a" if n % 2 == 0 else "bench-b"
            request = models.ModifyDtsJobNameRequest(
                dts_job_id=job, dts_job_name=name, region_id="cn-hangzhou"
            )
            client.modify_dts_job_name_with_options(request, runtime)

    for n in range(200):
        call(n)
    cpu, wall = cpu_us(), time.perf_counter()
    for n in range(1, calls + 1):
        call(n)
    user, sys_ = cpu_us()
    user = (user - cpu[0]) / calls
    sys_ = (sys_ - cpu[1]) / calls
    wall = (time.perf_counter() - wall) * 1e6 / calls
    print(f"cpu_us_per_call {user + sys_:.2f}")
    print(f"user_us_per_call {user:.2f}")
    print(f"sys_us_per_call {sys_:.2f}")
    print(f"wall_us_per_call {wall:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
