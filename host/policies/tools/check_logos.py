#!/usr/bin/env python3
"""check_logos.py: the packs' logo hashes match the logo images.

Usage: check_logos.py [REPO_ROOT]

Checks, from the repository root (default: three folders up from here):
  1. dhash.py's own self-check (the test logos hash the same however they
     are scaled down, and stay far apart);
  2. host/policies/tools/logos/<id>-test-logo.png hashes to a logo listed in
     host/policies/<id>.json, and to the one dhash.py draws today;
  3. the browser tests' logo, tests/e2e/fixtures/img/logo.png (when
     present), hashes to a logo listed in llmat.json.
Exits 0 when all hold, 1 otherwise.
"""
import json
import os
import sys

sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dhash  # noqa: E402  (the tool next to this one)


def pack_hashes(path):
    with open(path, encoding="utf-8") as f:
        pack = json.load(f)
    logos = pack.get("settings", {}).get("logos", [])
    return {int(l["dhash"], 16) for l in logos}


def file_hash(path):
    w, h, grey = dhash.png_read_grey(path)
    return dhash.dhash(grey, w, h)


def main(argv):
    root = argv[1] if len(argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "..")
    pol = os.path.join(root, "host", "policies")
    bad = 0
    if dhash.check() != 0:
        bad += 1
    for key, spec in dhash.LOGOS.items():
        png = os.path.join(pol, "tools", "logos", "%s-test-logo.png" % key)
        got = file_hash(png)
        w, h, rows = dhash.draw_logo(spec)
        drawn = dhash.dhash(dhash.grey_of_rgb(w, rows), w, h)
        listed = pack_hashes(os.path.join(pol, "%s.json" % key))
        ok = got == drawn and got in listed
        print("%-18s %s %s" % (key, dhash.hexhash(got),
                               "listed in %s.json" % key if ok else
                               "NOT listed in %s.json or redrawn differently"
                               % key))
        bad += 0 if ok else 1
    e2e = os.path.join(root, "tests", "e2e", "fixtures", "img", "logo.png")
    if os.path.exists(e2e):
        got = file_hash(e2e)
        ok = got in pack_hashes(os.path.join(pol, "llmat.json"))
        print("%-18s %s %s" % ("e2e logo.png", dhash.hexhash(got),
                               "listed in llmat.json" if ok else
                               "NOT listed in llmat.json"))
        bad += 0 if ok else 1
    print("logos: %s" % ("ok" if not bad else "FAILED"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
