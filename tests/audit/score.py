#!/usr/bin/env python3
"""score.py: compares an audit's findings.jsonl with the problems planted
by gen_archive.py (its --expected file).

Usage: score.py EXPECTED.json FINDINGS.jsonl [--max-extra 0.10]

Recall: planted (post, category) pairs found / planted pairs; every one
must be found. Extra: findings the archive did not plant, counted as
(post, category) pairs outside a post's expected and allowed categories,
over the planted pairs; at most --max-extra. Prints both and exits 1 if
either misses its bar.
"""
import argparse
import json
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("expected")
    ap.add_argument("findings")
    ap.add_argument("--max-extra", type=float, default=0.10)
    a = ap.parse_args()
    with open(a.expected, encoding="utf-8") as f:
        exp = json.load(f)
    planted = {p["id"]: p for p in exp["planted"]}
    found = {}
    with open(a.findings, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            found[rec["id"]] = {x["category"] for x in rec["findings"]}
    want = sum(len(p["expect"]) for p in planted.values())
    hit, missed = 0, []
    for pid, p in planted.items():
        for cat in p["expect"]:
            if cat in found.get(pid, ()):
                hit += 1
            else:
                missed.append((pid, cat, p["note"]))
    extra, extras = 0, []
    for pid, cats in found.items():
        ok = set(planted[pid]["expect"] + planted[pid]["allow"]) \
            if pid in planted else set()
        for cat in sorted(cats - ok):
            extra += 1
            extras.append((pid, cat))
    recall = hit / want if want else 1.0
    rate = extra / want if want else float(extra > 0)
    print(f"planted {want} problems in {exp['posts']} posts; found {hit} "
          f"(recall {recall:.3f}); {extra} extra (rate {rate:.3f})")
    for pid, cat, note in missed[:20]:
        print(f"  missed: post {pid}: {cat} ({note})")
    for pid, cat in extras[:20]:
        print(f"  extra: post {pid}: {cat}")
    ok = hit == want and rate <= a.max_extra
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
