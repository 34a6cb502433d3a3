#!/usr/bin/env python3
"""Whether two postcheck binaries give the same findings on every readable post.

For a change to the packs or word lists meant to move no finding (a regex
moved into a list, a shape written once): build the binary before and
after, then

    python3 tests/tools/same_findings.py BEFORE AFTER

Every readable post (the labelled corpus tests/corpus/posts*.jsonl and
pending/*.jsonl, with their attachments, handles and times; the models'
training and development files host/policies/models/data/**/*.tsv,
dev/*.tsv and their *.jsonl) is sent to every built-in pack, as an official
and as a personal account, through `postcheck serve` of each binary side by
side (the same request to both at the same moment, so a post without a
time is checked at the same time by both). A reply is compared whole: its
findings (rule, category, severity, message, span, attachment, ...) and
what was limited, byte for byte as JSON, its id and timing left out.
Prints how many requests agreed and the first differences (--show N);
exits 1 when any differ. It refuses the blind batches
(tests/corpus/heldout/).

Python 3 standard library only.
"""
import argparse
import glob
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests", "corpus"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_corpus  # noqa: E402  (main() is guarded)
import rule_alarms  # noqa: E402  (main() is guarded)

PACKS = ("alt", "ala", "society", "llmat", "learning-alliance")
ACCOUNTS = ("official", "personal")
# Reply keys that say nothing about the findings.
IGNORED = ("id", "ms", "us", "elapsed_ms", "elapsed_us", "timing")


def default_files():
    models = os.path.join(ROOT, "host", "policies", "models")
    corpus = os.path.join(ROOT, "tests", "corpus")
    files = sorted(glob.glob(os.path.join(corpus, "posts*.jsonl")))
    files += sorted(glob.glob(os.path.join(corpus, "pending", "*.jsonl")))
    files += sorted(glob.glob(os.path.join(models, "data", "**", "*.tsv"),
                              recursive=True))
    files += sorted(glob.glob(os.path.join(models, "dev", "*.tsv")))
    files += sorted(glob.glob(os.path.join(models, "**", "*.jsonl"),
                              recursive=True))
    return files


def load(files):
    """[(where, post)]: each distinct post once, as a corpus post (text,
    and attachments, handle, now where the file gives them)."""
    posts, seen = [], set()
    for path, where, line in rule_alarms.readable_lines(files,
                                                        "same_findings"):
        if path.endswith(".tsv"):
            post = {"text": line.partition("\t")[2].replace("\\n", "\n")}
        else:
            full = json.loads(line)
            post = {k: full[k] for k in ("text", "attachments", "handle",
                                         "now") if k in full}
        key = json.dumps(post, sort_keys=True)
        if key not in seen:
            seen.add(key)
            posts.append((where, post))
    return posts


def comparable(reply):
    return json.dumps({k: v for k, v in reply.items() if k not in IGNORED},
                      sort_keys=True, ensure_ascii=False)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("before")
    ap.add_argument("after")
    ap.add_argument("--files", nargs="+")
    ap.add_argument("--show", type=int, default=10)
    args = ap.parse_args()
    posts = load(args.files or default_files())
    a, b = run_corpus.Host(args.before), run_corpus.Host(args.after)
    n = same = findings = 0
    shown = 0
    try:
        for where, post in posts:
            for pack in PACKS:
                for account in ACCOUNTS:
                    n += 1
                    req = run_corpus.request(
                        dict(post, pack=pack, account=account), n)
                    ra, rb = comparable(a.ask(req)), comparable(b.ask(req))
                    if ra == rb:
                        same += 1
                        findings += len(json.loads(ra).get("findings", []))
                    elif shown < args.show:
                        shown += 1
                        print("DIFFERENT %s %s %s\n  before %s\n  after  %s"
                              % (where, pack, account, ra, rb))
    finally:
        a.close()
        b.close()
    print("%d posts x %d packs x %d accounts: %d requests, %d the same "
          "(%d findings), %d different"
          % (len(posts), len(PACKS), len(ACCOUNTS), n, same, findings,
             n - same))
    return 0 if same == n else 1


if __name__ == "__main__":
    sys.exit(main())
