#!/usr/bin/env python3
"""check_cases.py: the built-in packs do what their policies ask on the cases.

Usage: check_cases.py BINARY [--policy-dir DIR] [CASES.jsonl ...]

Each line of a cases file (default: tests/cases/packs/*.jsonl) is a post,
`{"pack", "account", "text", "rule", "expect": "flag"|"quiet", "why"}`: the
post is checked with `BINARY check --policy PACK --ACCOUNT --json` and
`rule` must give a finding (`flag`) or none (`quiet`). A case pins one
reading of the policy (`why` names the clause), one that flags beside one
that must stay quiet; the pack's own `examples` pin its rules' shapes.
--policy-dir is passed on (a pack being edited, before it is built in).
Exits 0 when every case holds, 1 otherwise, 2 on usage errors.
"""
import glob
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))


def main(argv):
    if not argv or argv[0].startswith("-"):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    binary, rest = argv[0], argv[1:]
    extra = []
    if rest[:1] == ["--policy-dir"] and len(rest) >= 2:
        extra, rest = rest[:2], rest[2:]
    files = rest or sorted(glob.glob(os.path.join(ROOT, "tests", "cases",
                                                  "packs", "*.jsonl")))
    failed = total = 0
    for path in files:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                case = json.loads(line)
                if case.get("expect") not in ("flag", "quiet"):
                    print("%s:%d: expect must be flag or quiet" % (path, n))
                    return 2
                out = subprocess.run(
                    [binary] + extra + ["check", "--policy", case["pack"],
                                        "--" + case["account"], "--json",
                                        "--", case["text"]],
                    capture_output=True, text=True)
                if out.returncode not in (0, 1):
                    print("%s:%d: %s exited %d: %s" % (
                        path, n, binary, out.returncode, out.stderr.strip()))
                    return 2
                rules = {x["rule"] for x in json.loads(out.stdout)["findings"]}
                total += 1
                if (case["rule"] in rules) != (case["expect"] == "flag"):
                    failed += 1
                    print("%s:%d: %s should %s: %s (got %s)" % (
                        os.path.basename(path), n, case["rule"],
                        "flag" if case["expect"] == "flag" else "stay quiet",
                        case["text"], ", ".join(sorted(rules)) or "nothing"))
    print("check_cases: %d of %d cases hold" % (total - failed, total))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
