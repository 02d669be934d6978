"""Drives `dts mcp` with the official MCP Python SDK against a running emulator.

Usage: client.py DTS_BINARY EMULATOR_URL EXPECT_JSON

The credentials come from the environment (the server inherits them). EXPECT_JSON holds what
the spec says: the tools of each mode and the schema facts of each tool. Every check failure
raises, so the process exits non-zero with the reason on stderr.
"""

import asyncio
import json
import os
import sys
import urllib.request

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

DTS, URL, EXPECT = sys.argv[1], sys.argv[2], json.load(open(sys.argv[3]))
JOB_ID, INSTANCE_ID = "l3m1213ye7l1234", "dtsl3m1213ye7l1234"


def jobs():
    with urllib.request.urlopen(URL.rstrip("/") + "/__emulator/jobs") as reply:
        return json.load(reply)["jobs"]


def text(result):
    return "".join(c.text for c in result.content if getattr(c, "type", "") == "text")


def attr(obj, snake, camel):
    """An attribute by its 2.x (snake_case) or 1.x (camelCase) name."""
    return getattr(obj, snake) if hasattr(obj, snake) else getattr(obj, camel)


def check(cond, what):
    if not cond:
        raise AssertionError(what)


async def session(flags, body):
    # The SDK passes only a safe subset of the environment on: hand the credentials over as a
    # client configuration would.
    env = {k: v for k, v in os.environ.items() if k.startswith("ALIBABA_CLOUD_")}
    params = StdioServerParameters(
        command=DTS, args=["--endpoint", URL, "--retries", "0", "mcp", *flags], env=env
    )
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as s:
            await s.initialize()
            return await body(s)


def hints(a):
    return (
        attr(a, "read_only_hint", "readOnlyHint"),
        attr(a, "destructive_hint", "destructiveHint"),
        attr(a, "idempotent_hint", "idempotentHint"),
    )


def is_error(r):
    return attr(r, "is_error", "isError")


def structured(r):
    return attr(r, "structured_content", "structuredContent")


def schema_facts(tool):
    schema = attr(tool, "input_schema", "inputSchema")
    props = schema.get("properties", {})
    return {
        "properties": list(props),
        "required": schema.get("required", []),
        "types": {k: v.get("type") for k, v in props.items()},
        "enums": {k: [str(x) for x in v["enum"]] for k, v in props.items() if "enum" in v},
    }


async def list_mode(flags):
    async def body(s):
        tools = (await s.list_tools()).tools
        names = sorted(t.name for t in tools)
        check(names == EXPECT["modes"][" ".join(flags)], f"tools of mode {flags}: {names}")
        for t in tools:
            want = EXPECT["schemas"][t.name]
            check(schema_facts(t) == want, f"{t.name}: {schema_facts(t)} != {want}")
            a = t.annotations
            check(a is not None, f"{t.name}: no annotations")
            check(
                hints(a) == tuple(EXPECT["hints"][t.name]),
                f"{t.name}: hints {hints(a)}",
            )
        return len(names)

    return await session(flags, body)


async def read_only_mode():
    async def body(s):
        r = await s.call_tool("DescribeDtsJobDetail", {"DtsJobId": JOB_ID})
        check(not is_error(r), f"read call failed: {text(r)}")
        check(structured(r) and structured(r).get("RequestId"), "no RequestId")
        check(json.loads(text(r)) == structured(r), "text and structuredContent differ")
        r = await s.call_tool("StartSynchronizationJob", {"SynchronizationJobId": INSTANCE_ID})
        check(is_error(r) and "--allow-write" in text(r), f"write not refused: {text(r)}")
        check(jobs()[0]["status"] == "NotStarted", "a refused write reached the emulator")

    await session([], body)


async def write_mode():
    async def body(s):
        r = await s.call_tool("StartSynchronizationJob", {"SynchronizationJobId": 42})
        check(is_error(r) and "SynchronizationJobId" in text(r), f"wrong type accepted: {text(r)}")
        r = await s.call_tool("StartSynchronizationJob", {"SynchronizationJobId": INSTANCE_ID})
        check(not is_error(r), f"start failed: {text(r)}")
        check(jobs()[0]["status"] == "Synchronizing", f"job not started: {jobs()}")
        r = await s.call_tool("DeleteDtsJob", {"DtsJobId": JOB_ID})
        check(is_error(r) and "--allow-destructive" in text(r), f"delete not refused: {text(r)}")

    await session(["--allow-write"], body)


async def destructive_mode():
    async def body(s):
        r = await s.call_tool("DeleteDtsJob", {"DtsJobId": JOB_ID})
        check(not is_error(r), f"delete failed: {text(r)}")
        check(jobs() == [], f"job not deleted: {jobs()}")
        r = await s.call_tool("DeleteDtsJob", {"DtsJobId": JOB_ID})
        check(is_error(r) and "request id" in text(r), f"no service error: {text(r)}")

    await session(["--allow-destructive"], body)


async def main():
    counts = [await list_mode(flags) for flags in ([], ["--allow-write"], ["--allow-destructive"])]
    await read_only_mode()
    await write_mode()
    await destructive_mode()
    print(json.dumps({"tools": counts}))


asyncio.run(main())
