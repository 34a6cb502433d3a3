#!/usr/bin/env python3
"""Runs the labelled corpus through the real postcheck binary and scores it.

Every post of tests/corpus/*.jsonl is sent to `postcheck serve` as a framed
`check` request (4-byte native-endian length + UTF-8 JSON, as a browser
would), and the categories of the findings in the reply are compared with
the post's labels. Prints TP FP FN precision recall F1 per category and
overall, and exits 1 if a category falls below tests/corpus/thresholds.json.

Usage: run_corpus.py [--binary PATH] [--thresholds FILE] [--show-errors]
                     [--by-rule] [--write-thresholds] [--part personal|harmful]
                     [--posts FILE...]
Python 3 standard library only.
"""
import argparse
import glob
import json
import os
import struct
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))

# The parts the peer comparison uses (see README.md): by id prefix.
PARTS = {
    "personal": ("pd-", "pdn-"),
    "harmful": ("hm-", "hmn-"),
}


def in_part(post, part):
    """A post of a peer-comparison part. ALT personal posts are left out:
    their labels depend on the policy's scope (posts about ALT's work),
    which the peers know nothing of."""
    if post["pack"] == "alt" and post["account"] == "personal":
        return False
    return post["id"].startswith(PARTS[part])


def load_posts(part=None, files=None):
    posts = []
    for path in files or sorted(glob.glob(os.path.join(HERE, "*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                post = json.loads(line)
                post["_where"] = "%s:%d" % (os.path.basename(path), n)
                posts.append(post)
    if part:
        posts = [p for p in posts if in_part(p, part)]
    return posts


class Host:
    """A `postcheck serve` process spoken to in native-messaging frames."""

    def __init__(self, binary):
        self.proc = subprocess.Popen([binary, "serve"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE)

    def ask(self, message):
        data = json.dumps(message).encode("utf-8")
        self.proc.stdin.write(struct.pack("=I", len(data)) + data)
        self.proc.stdin.flush()
        head = self.proc.stdout.read(4)
        if len(head) < 4:
            raise RuntimeError("postcheck serve closed its output")
        (size,) = struct.unpack("=I", head)
        return json.loads(self.proc.stdout.read(size).decode("utf-8"))

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


def request(post, n):
    account = {"kind": post["account"]}
    if post.get("handle"):
        account["handle"] = post["handle"]
    req = {"type": "check", "id": n, "policy": post["pack"],
           "account": account, "site": "x.com", "text": post["text"]}
    for key in ("attachments", "now"):
        if key in post:
            req[key] = post[key]
    return req


def check_all(binary, posts, rules=None):
    """Returns ({post id: set of categories}, seconds spent checking,
    set of packs the binary does not know). If rules is a dict, it gets
    {post id: [(rule id, category), ...]} of every finding."""
    host = Host(binary)
    found = {}
    missing = set()
    start = time.perf_counter()
    try:
        for n, post in enumerate(posts):
            reply = host.ask(request(post, n))
            if reply.get("code") == "unknown-policy":
                missing.add(post["pack"])
                continue
            if reply.get("type") != "result" or reply.get("id") != n:
                raise RuntimeError("%s (%s): unexpected reply %s"
                                   % (post["id"], post["_where"],
                                      json.dumps(reply)[:300]))
            found[post["id"]] = {f["category"] for f in reply["findings"]}
            if rules is not None:
                rules[post["id"]] = [(f["rule"], f["category"])
                                     for f in reply["findings"]]
    finally:
        host.close()
    return found, time.perf_counter() - start, missing


def score(posts, found):
    """Per category [tp, fp, fn]."""
    table = {}
    for post in posts:
        want = set(post["labels"])
        got = found[post["id"]]
        for cat in want | got:
            row = table.setdefault(cat, [0, 0, 0])
            if cat in want and cat in got:
                row[0] += 1
            elif cat in got:
                row[1] += 1
            else:
                row[2] += 1
    return table


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def report(table, posts, seconds, found):
    print("%-18s %5s %5s %5s %9s %7s %6s" % ("category", "TP", "FP", "FN",
                                             "precision", "recall", "F1"))
    tot = [0, 0, 0]
    for cat in sorted(table):
        tp, fp, fn = table[cat]
        tot = [tot[0] + tp, tot[1] + fp, tot[2] + fn]
        print("%-18s %5d %5d %5d %9.3f %7.3f %6.3f" % ((cat, tp, fp, fn)
                                                       + prf(tp, fp, fn)))
    print("%-18s %5d %5d %5d %9.3f %7.3f %6.3f" % (("overall",) + tuple(tot)
                                                   + prf(*tot)))
    print("%d posts (%d with no label), %.1f ms in all, %.0f posts/s"
          % (len(posts), sum(1 for p in posts if not p["labels"]),
             seconds * 1000, len(posts) / seconds if seconds else 0))
    # Issue 11's "precision on the clean posts": of the posts with no label,
    # how many postcheck leaves without any finding (a tool that nags on
    # ordinary posts gets switched off).
    clean = [p for p in posts if not p["labels"]]
    if clean:
        quiet = sum(1 for p in clean if not found[p["id"]])
        print("posts with no label left without a finding: %d of %d (%.3f)"
              % (quiet, len(clean), quiet / len(clean)))


def show_errors(posts, found):
    for post in posts:
        want, got = set(post["labels"]), found[post["id"]]
        if want != got:
            print("  %-8s %-17s want %-28s got %-28s %s" % (
                post["id"], post["pack"] + "/" + post["account"][:3],
                ",".join(sorted(want)) or "-", ",".join(sorted(got)) or "-",
                post["text"].replace("\n", " ")[:90]))


def by_rule(posts, rules):
    """Per rule: findings whose category the post is labelled with (right)
    and findings on a post without that label (false alarms), most false
    alarms first. Which rule to look at on a development set."""
    table = {}
    for post in posts:
        want = set(post["labels"])
        for rule, cat in set(rules[post["id"]]):
            row = table.setdefault((rule, cat), [0, 0])
            row[0 if cat in want else 1] += 1
    print("%-34s %-16s %5s %12s" % ("rule", "category", "right",
                                     "false alarm"))
    for (rule, cat), (ok, bad) in sorted(table.items(),
                                         key=lambda kv: (-kv[1][1], kv[0])):
        print("%-34s %-16s %5d %12d" % (rule, cat, ok, bad))


def held_out(paths):
    """The files given that are blind batches (heldout/): their errors and
    per-rule figures are not for reading (heldout/README.md)."""
    root = os.path.join(HERE, "heldout") + os.sep
    return [p for p in paths or []
            if os.path.abspath(p).startswith(root)]


def check_thresholds(table, path):
    try:
        with open(path, encoding="utf-8") as f:
            limits = json.load(f)["categories"]
    except (OSError, ValueError, KeyError) as e:
        return ["cannot read thresholds %s: %s" % (path, e)]
    failed = []
    for cat, lim in sorted(limits.items()):
        p, r, f1 = prf(*table.get(cat, [0, 0, 0]))
        for name, value in (("precision", p), ("recall", r), ("f1", f1)):
            if name in lim and value + 1e-9 < lim[name]:
                failed.append("%s %s %.3f < %.3f" % (cat, name, value,
                                                     lim[name]))
    return failed


def write_thresholds(table, path):
    """Writes the measured figures, rounded down to 0.01, as thresholds."""
    cats = {}
    for cat, row in sorted(table.items()):
        p, r, f1 = prf(*row)
        cats[cat] = {k: int(v * 100) / 100.0 for k, v in
                     (("precision", p), ("recall", r), ("f1", f1))}
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"note": "Measured by run_corpus.py --write-thresholds; "
                   "raise as the detectors and packs improve, never lower "
                   "one without a note saying why (see README.md).",
                   "categories": cats}, f, indent=2)
        f.write("\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", default=os.environ.get("PC_BINARY") or
                    os.path.join(os.environ.get("PC_BUILD_DIR", "build"),
                                 "postcheck"))
    ap.add_argument("--thresholds")
    ap.add_argument("--show-errors", action="store_true",
                    help="list every post whose findings differ from labels")
    ap.add_argument("--by-rule", action="store_true",
                    help="also print, per rule, its right findings and its "
                         "false alarms (not on held-out batches)")
    ap.add_argument("--write-thresholds", action="store_true")
    ap.add_argument("--part", choices=sorted(PARTS))
    ap.add_argument("--posts", nargs="+", metavar="FILE",
                    help="score these JSON Lines files instead of the "
                         "corpus (a held-out batch); thresholds are not "
                         "applied unless --thresholds is given")
    ap.add_argument("--allow-missing-packs", action="store_true",
                    help="score without the posts of packs not built in")
    args = ap.parse_args()
    if not args.thresholds and not args.posts:
        args.thresholds = os.path.join(HERE, "thresholds.json")

    blind = held_out(args.posts)
    if blind and (args.by_rule or args.show_errors):
        sys.exit("run_corpus: %s is a held-out batch: only its aggregate "
                 "table may be read (tests/corpus/heldout/README.md)"
                 % blind[0])
    posts = load_posts(args.part, args.posts)
    ids = [p["id"] for p in posts]
    if len(set(ids)) != len(ids):
        sys.exit("run_corpus: duplicate post ids")
    rules = {} if args.by_rule else None
    found, seconds, missing = check_all(args.binary, posts, rules)
    if missing:
        print("WARNING: the binary has no pack %s; their %d posts are left "
              "out" % (", ".join(sorted(missing)),
                       sum(1 for p in posts if p["pack"] in missing)))
        posts = [p for p in posts if p["pack"] not in missing]
    table = score(posts, found)
    report(table, posts, seconds, found)
    if args.show_errors:
        show_errors(posts, found)
    if args.by_rule:
        by_rule(posts, rules)
    if args.write_thresholds:
        write_thresholds(table, args.thresholds)
        print("thresholds written to %s" % args.thresholds)
        return 0
    if args.part or not args.thresholds:
        return 0
    failed = check_thresholds(table, args.thresholds)
    if missing and not args.allow_missing_packs:
        failed.append("packs missing from the binary: "
                      + ", ".join(sorted(missing)))
    for line in failed:
        print("BELOW THRESHOLD: " + line)
    print("corpus: %s" % ("FAILED" if failed else "passed"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
