"""Tests of sdk_drift.py's parts that need no SDK: reading spec entries, comparing, allow-lists.

Run: python3 -m unittest discover -s scripts -p 'test_*.py'
"""

import io
import json
import sys
import tempfile
import unittest
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sdk_drift  # noqa: E402


def leaves(param):
    out = {}
    sdk_drift.spec_leaves(param, "", param.get("in", "query"), out)
    return out


class SpecLeaves(unittest.TestCase):
    def test_scalars_keep_their_wire_kind_and_placement(self):
        self.assertEqual(leaves({"name": "Id", "type": "String"}), {"Id": ("string", "query")})
        self.assertEqual(
            leaves({"name": "Size", "type": "Long", "in": "body"}), {"Size": ("integer", "body")}
        )
        self.assertEqual(leaves({"name": "Du", "type": "Double"}), {"Du": ("number", "query")})

    def test_lists_and_objects_flatten_as_the_wire_does(self):
        tag = {
            "name": "Tag",
            "type": "Array",
            "style": "repeat_list",
            "items": {
                "type": "Object",
                "fields": [{"name": "Key", "type": "String"}, {"name": "N", "type": "Integer"}],
            },
        }
        self.assertEqual(
            leaves(tag), {"Tag.N.Key": ("string", "query"), "Tag.N.N": ("integer", "query")}
        )
        ids = {"name": "ResourceId", "type": "Array", "items": {"type": "String"}}
        self.assertEqual(leaves(ids), {"ResourceId.N": ("string", "query")})
        obj = {"name": "Endpoint", "type": "Object", "fields": [{"name": "Port", "type": "Integer"}]}
        self.assertEqual(leaves(obj), {"Endpoint.Port": ("integer", "query")})

    def test_json_parameters_are_one_string(self):
        db_list = {"name": "DbList", "type": "Any", "style": "json", "in": "body"}
        self.assertEqual(leaves(db_list), {"DbList": ("json", "body")})
        self.assertTrue(sdk_drift.same_kind("json", "string"))
        self.assertFalse(sdk_drift.same_kind("json", "integer"))


class Compare(unittest.TestCase):
    SPEC = {
        "A": {"Id": ("string", "query"), "Only": ("string", "query"), "N": ("integer", "query")},
        "OnlySpec": {},
    }
    SDK = {
        "A": {"Id": ("string", "body"), "New": ("boolean", "query"), "N": ("string", "query")},
        "OnlySdk": {},
    }

    def test_every_kind_of_finding_names_action_and_parameter(self):
        got = [f[3] for f in sdk_drift.compare(self.SPEC, self.SDK)]
        self.assertEqual(
            got,
            [
                "A: Id: placement: spec query, SDK body",
                "A: N: type: spec integer, SDK string",
                "A: New: the spec lacks it (SDK: boolean, query)",
                "A: Only: the SDK lacks it (spec: string, query)",
                "OnlySdk: the spec lacks the action",
                "OnlySpec: the SDK lacks the action",
            ],
        )

    def test_agreement_is_no_finding(self):
        same = {"A": {"Id": ("json", "query")}}
        self.assertEqual(sdk_drift.compare(same, {"A": {"Id": ("string", "query")}}), [])


class Main(unittest.TestCase):
    def run_main(self, spec_entries, allow):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            (root / "spec" / "actions").mkdir(parents=True)
            for entry in spec_entries:
                path = root / "spec" / "actions" / f"{entry['name']}.json"
                path.write_text(json.dumps(entry))
            (root / "allow.json").write_text(json.dumps(allow))
            out, err = io.StringIO(), io.StringIO()
            with redirect_stdout(out), redirect_stderr(err):
                code = sdk_drift.main(
                    ["--spec", str(root / "spec"), "--allow", str(root / "allow.json")]
                )
            return code, out.getvalue(), err.getvalue()

    def test_unknown_sdk_version_or_malformed_allow_list_is_a_usage_error(self):
        code, _, err = self.run_main([], {"sdk_version": "0.0.0-none", "allow": []})
        self.assertEqual(code, 2)
        self.assertIn("error:", err)
        code, _, err = self.run_main([], {"allow": [{"action": "A"}]})
        self.assertEqual(code, 2)
        self.assertIn("/allow/0: missing kind, reason", err)


if __name__ == "__main__":
    unittest.main()
