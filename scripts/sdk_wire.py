#!/usr/bin/env python3
"""Send calls with Alibaba's official Python SDK for DTS (alibabacloud-dts20200101) to a server.

usage: sdk_wire.py URL ACCESS_KEY_ID ACCESS_KEY_SECRET CALLS.json

CALLS.json is a list of calls, `{"action": "TagResources", "params": {...}}`, whose params are
shaped as the wire names them (`{"ResourceId": ["a"], "Tag": [{"Key": "k", "Value": "v"}]}`):
each becomes the action's `*Request` model through its `from_map`, and is sent with the
client's `<action>_with_options` method, signed with RPC signature V1
(`signature_algorithm='v2'`), to URL (http://127.0.0.1:PORT, a capture server that answers
`{"RequestId": ..., "Success": true}`). The SDK decides names, placement (query or form body)
and encodings; comparing what the server received with what another client sends for the same
values is the caller's business (dts-client/tests/sdk_wire.rs).

Prints `sent <Action>` per call and exits 0; exits 1 when a call fails, 2 on a usage error.
"""

import json
import re
import sys
import urllib.parse

from alibabacloud_dts20200101 import models
from alibabacloud_dts20200101.client import Client
from alibabacloud_tea_openapi.models import Config
from darabonba.runtime import RuntimeOptions


def snake(action):
    """The SDK's method stem for an action: `TagResources` -> `tag_resources`."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", action).lower()


def main(argv):
    if len(argv) != 4:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    url, key_id, secret, calls_path = argv
    with open(calls_path, encoding="utf-8") as f:
        calls = json.load(f)
    client = Client(
        Config(
            access_key_id=key_id,
            access_key_secret=secret,
            endpoint=urllib.parse.urlsplit(url).netloc,
            protocol="http",
            signature_algorithm="v2",
            connect_timeout=5000,
            read_timeout=10000,
        )
    )
    for call in calls:
        action = call["action"]
        request = getattr(models, f"{action}Request")().from_map(call["params"])
        try:
            getattr(client, f"{snake(action)}_with_options")(request, RuntimeOptions())
        except Exception as e:  # the SDK raises its own types; any failure ends the run
            print(f"failed {action}: {e}", file=sys.stderr)
            return 1
        print(f"sent {action}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
