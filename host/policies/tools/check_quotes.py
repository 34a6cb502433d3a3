#!/usr/bin/env python3
"""check_quotes.py: every rule's quote is word for word from its source text.

Usage: check_quotes.py SOURCE_DIR [PACK.json ...]

SOURCE_DIR holds the policies' source texts (the files each pack names in
source.file). Without PACK arguments, every *.json next to this script's
folder (host/policies/) is checked. A quote may leave words out where it
says "..." (or "…"); each piece between the cuts must appear in the source.
Comparison ignores case, runs of white space, list bullets ("- ", "• ")
and the difference between typographic and straight quotes and dashes.
Exits 0 when every quote is found, 1 otherwise, 2 on usage errors.
"""
import glob
import json
import os
import re
import sys


def norm(s):
    for a, b in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'),
                 ("\u201d", '"'), ("\u2013", "-"), ("\u2014", "-")):
        s = s.replace(a, b)
    s = re.sub(r"(?m)^\s*(?:[-\u2022*]|\(?[a-z]\)|\d+(?:\.\d+)*)\s+", " ", s)
    s = re.sub(r"\*+", "", s)
    return re.sub(r"\s+", " ", s).strip().lower()


def pieces(quote):
    return [p.strip(" .;,") for p in re.split(r"\.\.\.|\u2026", norm(quote))
            if p.strip(" .;,")]


def check(pack_path, source_dir):
    with open(pack_path, encoding="utf-8") as f:
        pack = json.load(f)
    src_path = os.path.join(source_dir, pack["source"]["file"])
    with open(src_path, encoding="utf-8") as f:
        src = norm(f.read())
    bad = 0
    for rule in pack["rules"]:
        for piece in pieces(rule["quote"]):
            if piece not in src:
                print("%s: %s: quote not in %s: \"%s\"" %
                      (os.path.basename(pack_path), rule["id"],
                       pack["source"]["file"], piece))
                bad += 1
    print("%s: %d rules, %s" % (os.path.basename(pack_path),
                               len(pack["rules"]),
                               "quotes ok" if not bad else
                               "%d quotes not found" % bad))
    return bad


def main(argv):
    if len(argv) < 2 or argv[1].startswith("-"):
        sys.stderr.write(__doc__)
        return 2
    packs = argv[2:] or sorted(glob.glob(os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "*.json")))
    bad = sum(check(p, argv[1]) for p in packs)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
