#!/usr/bin/env python3
"""Compare a spec directory with Alibaba's official Python SDK for DTS (alibabacloud-dts20200101).

usage: sdk_drift.py [--spec DIR] [--allow FILE] [--any-version]

Reads what the installed SDK sends for every action (its `<action>_with_options` methods say
which parameters go to the query string and which to the form body; its `*Request` models say
their types and nesting) and what the spec's entries say, both reduced to the pairs that reach
the wire: `Name`, `SourceEndpoint.Region`, `ResourceId.N`, `Tag.N.Key` (N: a list index), each
with a kind (string, integer, number, boolean; json for a parameter sent as one JSON string)
and a placement (query or body). A JSON parameter and a string parameter are the same on the
wire (one string), so they agree. Reports, per action:

    <Action>: the spec lacks the action / the SDK lacks the action
    <Action>: <Name>: the spec lacks it (SDK: <kind>, <placement>)
    <Action>: <Name>: the SDK lacks it (spec: <kind>, <placement>)
    <Action>: <Name>: type: spec <kind>, SDK <kind>
    <Action>: <Name>: placement: spec <placement>, SDK <placement>

A finding listed in the allow-list file (default: sdk_drift_allow.json beside this script) with
its reason is reported as allowed and does not count; an entry's `action` may be `*` (any
action), its `param` is absent for a whole action, its `kind` is one of spec-lacks, sdk-lacks,
type, placement. The allow-list pins the SDK version it
was written for; another installed version is a usage error unless --any-version is given
(what to run when Alibaba releases a new SDK). An allow-list entry that matches nothing is
reported as stale and counts as drift, so the list cannot outlive its reasons.

Exit status: 0 no drift, 1 drift, 2 usage error (no SDK, unreadable spec, wrong SDK version).
"""

import argparse
import inspect
import json
import re
import sys
from importlib import metadata
from pathlib import Path

PACKAGE = "alibabacloud-dts20200101"
HERE = Path(__file__).resolve().parent
DEFAULT_SPEC = HERE.parent / "dts-spec" / "specs"
DEFAULT_ALLOW = HERE / "sdk_drift_allow.json"

SPEC_KINDS = {
    "String": "string",
    "Integer": "integer",
    "Long": "integer",
    "Float": "number",
    "Double": "number",
    "Boolean": "boolean",
}
SDK_KINDS = {"str": "string", "int": "integer", "float": "number", "bool": "boolean"}


class UsageError(Exception):
    """A problem with the inputs, not drift."""


def same_kind(a, b):
    """Whether two wire kinds agree: a JSON parameter travels as one string."""
    wire = {"json": "string"}
    return wire.get(a, a) == wire.get(b, b)


# --- the spec ---------------------------------------------------------------------------------


def spec_leaves(param, prefix, placement, out):
    """Adds the wire pairs of one spec parameter (or object field) to `out`."""
    name = prefix + param["name"]
    ty = param["type"]
    style = param.get("style", "flat")
    if style in ("json", "simple"):
        out[name] = (style if style == "json" else "string", placement)
    elif ty in SPEC_KINDS:
        out[name] = (SPEC_KINDS[ty], placement)
    elif ty == "Array":
        items = param.get("items") or {"type": "String"}
        spec_items(items, name + ".N", placement, out)
    elif ty == "Object" and param.get("fields"):
        for field in param["fields"]:
            spec_leaves(field, name + ".", placement, out)
    else:
        out[name] = ("any", placement)


def spec_items(items, name, placement, out):
    if items["type"] == "Object":
        for field in items.get("fields", []):
            spec_leaves(field, name + ".", placement, out)
    elif items["type"] == "Array":
        spec_items(items.get("items") or {"type": "String"}, name + ".N", placement, out)
    else:
        out[name] = (SPEC_KINDS.get(items["type"], "any"), placement)


def read_spec(spec_dir):
    """Action name -> {wire name: (kind, placement)} for every entry of `spec_dir`."""
    actions_dir = Path(spec_dir) / "actions"
    if not actions_dir.is_dir():
        raise UsageError(f"{actions_dir} is not a directory")
    out = {}
    for path in sorted(actions_dir.glob("*.json")):
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise UsageError(f"{path}: {e}") from e
        leaves = {}
        for param in entry.get("request", []):
            spec_leaves(param, "", param.get("in", "query"), leaves)
        out[entry["name"]] = leaves
    return out


# --- the SDK ----------------------------------------------------------------------------------

PLACED = re.compile(r"\b(query|body)\['([^']+)'\] = request\.(\w+)")
SHRUNK = re.compile(
    r"request\.(\w+)_shrink = Utils\.array_to_string_with_specified_style\("
    r"tmp_req\.\w+, '[^']+', '(\w+)'\)"
)
ACTION = re.compile(r"\baction = '(\w+)'")
REQUEST_TYPE = re.compile(r"(?:request|tmp_req): main_models\.(\w+)")


def attr_types(cls):
    """Attribute -> annotation text of a model's constructor."""
    sig = inspect.signature(cls.__init__)
    return {
        name: str(p.annotation)
        for name, p in sig.parameters.items()
        if name != "self" and p.annotation is not inspect.Parameter.empty
    }


def wire_names(cls):
    """Attribute -> wire name, from the blocks of the model's `from_map`."""
    source = inspect.getsource(cls.from_map)
    out = {}
    for block in re.split(r"\n\s*\n", source):
        key = re.search(r"m\.get\('([^']+)'\)", block)
        attr = re.search(r"self\.(\w+) =", block)
        if key and attr:
            out[attr.group(1)] = key.group(1)
    return out


def sdk_type(models, text, name, placement, out):
    """Adds the wire pairs of a value annotated `text`, sent as `name`, to `out`."""
    text = text.strip()
    if text in SDK_KINDS:
        out[name] = (SDK_KINDS[text], placement)
        return
    inner = re.fullmatch(r"List\[(.+)\]", text)
    if inner:
        sdk_type(models, inner.group(1), name + ".N", placement, out)
        return
    model = re.fullmatch(r"main_models\.(\w+)", text)
    if model:
        cls = getattr(models, model.group(1))
        names = wire_names(cls)
        for attr, ann in attr_types(cls).items():
            sdk_type(models, ann, f"{name}.{names.get(attr, attr)}", placement, out)
        return
    out[name] = ("any", placement)


def read_sdk():
    """Action name -> {wire name: (kind, placement)} for every action the SDK's client calls."""
    try:
        from alibabacloud_dts20200101 import client as client_module
        from alibabacloud_dts20200101 import models
    except ImportError as e:
        raise UsageError(f"cannot import the official SDK ({PACKAGE}): {e}") from e
    out = {}
    for attr, method in sorted(vars(client_module.Client).items()):
        if not attr.endswith("_with_options") or "_advance" in attr:
            continue
        source = inspect.getsource(method)
        action = ACTION.search(source)
        request = REQUEST_TYPE.search(source)
        if not action or not request:
            continue
        cls = getattr(models, request.group(1))
        types = attr_types(cls)
        shrunk = {m.group(1): m.group(2) for m in SHRUNK.finditer(source)}
        leaves = {}
        for m in PLACED.finditer(source):
            placement, wire, field = m.groups()
            base = field[: -len("_shrink")] if field.endswith("_shrink") else field
            if base in shrunk:
                style = shrunk[base]
                leaves[wire] = (style if style == "json" else "string", placement)
            elif base in types:
                sdk_type(models, types[base], wire, placement, leaves)
            else:
                leaves[wire] = ("any", placement)
        out[action.group(1)] = leaves
    if not out:
        raise UsageError("the SDK's client has no `*_with_options` methods this script can read")
    return out


# --- comparing --------------------------------------------------------------------------------


def compare(spec, sdk):
    """Findings as (action, parameter or None, kind, message), sorted."""
    findings = []
    for action in sorted(set(spec) | set(sdk)):
        if action not in spec:
            findings.append((action, None, "spec-lacks", f"{action}: the spec lacks the action"))
            continue
        if action not in sdk:
            findings.append((action, None, "sdk-lacks", f"{action}: the SDK lacks the action"))
            continue
        ours, theirs = spec[action], sdk[action]
        for name in sorted(set(ours) | set(theirs)):
            at = f"{action}: {name}"
            if name not in ours:
                kind, place = theirs[name]
                findings.append(
                    (action, name, "spec-lacks", f"{at}: the spec lacks it (SDK: {kind}, {place})")
                )
            elif name not in theirs:
                kind, place = ours[name]
                findings.append(
                    (action, name, "sdk-lacks", f"{at}: the SDK lacks it (spec: {kind}, {place})")
                )
            else:
                (sk, sp), (tk, tp) = ours[name], theirs[name]
                if not same_kind(sk, tk):
                    findings.append((action, name, "type", f"{at}: type: spec {sk}, SDK {tk}"))
                if sp != tp:
                    findings.append(
                        (action, name, "placement", f"{at}: placement: spec {sp}, SDK {tp}")
                    )
    return findings


def load_allow(path):
    try:
        allow = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise UsageError(f"allow-list {path}: {e}") from e
    entries = allow.get("allow", [])
    for i, e in enumerate(entries):
        missing = [k for k in ("action", "kind", "reason") if not e.get(k)]
        if missing:
            raise UsageError(f"allow-list {path}: /allow/{i}: missing {', '.join(missing)}")
    return allow.get("sdk_version"), entries


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spec", default=str(DEFAULT_SPEC), help="spec directory")
    parser.add_argument("--allow", default=str(DEFAULT_ALLOW), help="allow-list file")
    parser.add_argument(
        "--any-version", action="store_true", help="compare with whatever SDK version is installed"
    )
    args = parser.parse_args(argv)
    try:
        pinned, allowed = load_allow(args.allow)
        try:
            installed = metadata.version(PACKAGE)
        except metadata.PackageNotFoundError as e:
            raise UsageError(f"{PACKAGE} is not installed") from e
        if pinned and installed != pinned and not args.any_version:
            raise UsageError(
                f"{PACKAGE} {installed} is installed, the allow-list is for {pinned} "
                "(install that version, or pass --any-version to compare with this one)"
            )
        spec = read_spec(args.spec)
        sdk = read_sdk()
    except UsageError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    findings = compare(spec, sdk)
    used = set()
    drift = 0
    for action, name, kind, message in findings:
        hit = next(
            (
                i
                for i, e in enumerate(allowed)
                if e["action"] in (action, "*") and e.get("param") == name and e["kind"] == kind
            ),
            None,
        )
        if hit is None:
            drift += 1
            print(f"drift: {message}")
        else:
            used.add(hit)
            print(f"allowed: {message} ({allowed[hit]['reason']})")
    for i, e in enumerate(allowed):
        if i not in used:
            drift += 1
            param = f": {e['param']}" if e.get("param") else ""
            print(f"stale: allow-list entry {e['action']}{param} ({e['kind']}) matches nothing")
    pairs = sum(len(v) for v in spec.values())
    print(
        f"{PACKAGE} {installed}: {len(sdk)} SDK actions, {len(spec)} spec actions, "
        f"{pairs} spec parameters; {drift} drift, {len(used)} allowed"
    )
    return 1 if drift else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
