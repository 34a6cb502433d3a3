#!/usr/bin/env python3
"""Counts each pack's false alarms per rule on posts that break nothing.

Every post of the models' training and development files (LABELS<TAB>TEXT,
host/policies/models/data/**/*.tsv and dev/*.tsv) and of the labelled corpus
(tests/corpus/posts*.jsonl, the models' dev *.jsonl) is sent, through the real
binary (`postcheck serve`, run_corpus.py's request), to EVERY pack, as an
official and as a personal account. It prints, per pack and account:

- harassment: how many posts that carry no harassment (a .tsv line without
  `h`; a corpus post without the `harassment` label, ALT personal posts left
  out since their labels follow ALT's scope) got a harassment finding, and
  which rules gave them;
- disparaging: the same for disparaging findings on posts that break nothing
  (a `-` line; a corpus post with no label at all);
- fair criticism: in the packs whose policy allows fair criticism and forbids
  only put-downs (ALT, ALA: their organisation model rule uses `disparaging`,
  not `criticism`), disparaging findings on the `c` lines (polite criticism
  of one decision, which those policies allow).

Each table also says where the findings come from. Findings of one
category on overlapping words are merged into one (the pack's first rule,
and the `model` rules come last), so every post is also sent to a second
host that loads the packs with their `model` rules only (written to a
temporary folder read as the user's packs, XDG_CONFIG_HOME). Per pack and
account: how many flagged posts only the `model` rules flagged, only the
other rules (patterns, word lists, detectors), or both; per rule, in the
`alone` column, on how many posts it was the only rule of that category
and the models were quiet (what changing that rule alone takes away).

Which rule of which pack nags on ordinary posts, measured on data anyone may
read (never the blind batches of tests/corpus/heldout/, which it refuses).

Usage: rule_alarms.py [--binary PATH] [--examples RULE] [--files FILE...]
  --examples RULE  also print the posts RULE flagged (up to --limit), a
                   `*` before those it flagged alone
Python 3 standard library only.
"""
import argparse
import collections
import glob
import json
import os
import shutil
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests", "corpus"))
import run_corpus  # noqa: E402  (main() is guarded)

PACK_DIR = os.path.join(ROOT, "host", "policies")

PACKS = ("alt", "ala", "society", "llmat", "learning-alliance")
# The packs whose policy allows fair criticism and forbids only put-downs
# (their organisation model rule uses `disparaging`, not `criticism`).
FAIR_CRITICISM = ("alt", "ala")
ACCOUNTS = ("official", "personal")


def default_files():
    models = os.path.join(ROOT, "host", "policies", "models")
    files = sorted(glob.glob(os.path.join(models, "data", "**", "*.tsv"),
                             recursive=True))
    files += sorted(glob.glob(os.path.join(models, "dev", "*.tsv")))
    files += sorted(glob.glob(os.path.join(models, "**", "*.jsonl"),
                              recursive=True))
    files += sorted(glob.glob(os.path.join(ROOT, "tests", "corpus",
                                           "posts*.jsonl")))
    return files


def readable_lines(files, tool):
    """Yields (path, "file:line", line) for every line of files that is
    neither blank nor a comment; refuses (exits) on a blind batch."""
    heldout = os.path.join(ROOT, "tests", "corpus", "heldout") + os.sep
    for path in files:
        if os.path.abspath(path).startswith(heldout):
            sys.exit("%s: %s is a blind batch" % (tool, path))
        name = os.path.relpath(path, ROOT)
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                line = line.rstrip("\n")
                if line.strip() and not line.startswith("#"):
                    yield path, "%s:%d" % (name, n), line


def load(files):
    """[(where, text, harmless_h, harmless_all)]: harmless_h when the post
    carries no harassment, harmless_all when it breaks nothing."""
    posts = []
    seen = set()
    for path, where, line in readable_lines(files, "rule_alarms"):
        if path.endswith(".tsv"):
            labels, _, text = line.partition("\t")
            text = text.replace("\\n", "\n")
            no_h = "h" not in labels
            clean = labels == "-"
            fair = labels == "c"
        else:
            post = json.loads(line)
            text = post["text"]
            if post.get("attachments"):
                continue
            if post["pack"] == "alt" and post["account"] == "personal":
                continue
            no_h = "harassment" not in post["labels"]
            clean = not post["labels"]
            fair = False
        if text in seen:
            continue
        seen.add(text)
        kind = labels if path.endswith(".tsv") else "corpus"
        posts.append((where, text, no_h, clean, kind, fair))
    return posts


def model_rules():
    """The ids of the packs' `model` rules."""
    ids = set()
    for pack in PACKS:
        with open(os.path.join(PACK_DIR, pack + ".json"),
                  encoding="utf-8") as f:
            ids.update(r["id"] for r in json.load(f)["rules"]
                       if r["kind"] == "model")
    return ids


def model_only_host(binary, tmp):
    """A `postcheck serve` whose packs keep their `model` rules only."""
    folder = os.path.join(tmp, "postcheck", "policies")
    os.makedirs(folder)
    for pack in PACKS:
        with open(os.path.join(PACK_DIR, pack + ".json"),
                  encoding="utf-8") as f:
            p = json.load(f)
        p["rules"] = [r for r in p["rules"] if r["kind"] == "model"]
        with open(os.path.join(folder, pack + ".json"), "w",
                  encoding="utf-8") as f:
            json.dump(p, f)
    keep = os.environ.get("XDG_CONFIG_HOME")
    os.environ["XDG_CONFIG_HOME"] = tmp
    try:
        return run_corpus.Host(binary)
    finally:
        if keep is None:
            del os.environ["XDG_CONFIG_HOME"]
        else:
            os.environ["XDG_CONFIG_HOME"] = keep


def run_corpus_span(text, finding):
    """The text a finding quotes (start and end are UTF-8 byte offsets)."""
    raw = text.encode("utf-8")
    return raw[finding.get("start", 0):finding.get("end", 0)].decode(
        "utf-8", "replace")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", default=os.path.join(ROOT, "build",
                                                     "postcheck"))
    ap.add_argument("--files", nargs="+")
    ap.add_argument("--examples", action="append", default=[],
                    metavar="RULE")
    ap.add_argument("--limit", type=int, default=40)
    args = ap.parse_args()
    posts = load(args.files or default_files())
    n_h = sum(1 for p in posts if p[2])
    n_c = sum(1 for p in posts if p[3])
    n_f = sum(1 for p in posts if p[5])
    kinds = collections.Counter(p[4] for p in posts if p[2])
    print("%d posts: %d without harassment, %d breaking nothing"
          % (len(posts), n_h, n_c))
    host = run_corpus.Host(args.binary)
    tmp = tempfile.mkdtemp(prefix="rule_alarms.")
    mhost = model_only_host(args.binary, tmp)
    # (pack, account, category) -> [posts flagged]; rule -> count
    flagged = collections.Counter()
    by_rule = collections.Counter()
    alone = collections.Counter()
    source = collections.Counter()
    models = model_rules()
    by_kind = collections.Counter()
    shown = collections.defaultdict(list)
    n = 0
    try:
        for where, text, no_h, clean, kind, fair in posts:
            for pack in PACKS:
                for account in ACCOUNTS:
                    n += 1
                    reply = host.ask(run_corpus.request(
                        {"pack": pack, "account": account, "text": text}, n))
                    mreply = mhost.ask(run_corpus.request(
                        {"pack": pack, "account": account, "text": text}, n))
                    if reply.get("type") != "result" or \
                            mreply.get("type") != "result":
                        sys.exit("rule_alarms: %s: %s" % (where, reply))
                    mcats = {f["category"] for f in mreply["findings"]}
                    cats = {}
                    spans = {}
                    for f in reply["findings"]:
                        cats.setdefault(f["category"], set()).add(f["rule"])
                        spans.setdefault(f["rule"], run_corpus_span(text, f))
                    for cat, want in (("harassment", no_h),
                                      ("disparaging", clean),
                                      ("fair", fair and
                                       pack in FAIR_CRITICISM)):
                        found = cats.get("disparaging" if cat == "fair"
                                         else cat)
                        if not want or not found:
                            continue
                        flagged[(pack, account, cat)] += 1
                        by_kind[(pack, account, cat, kind)] += 1
                        rules = {r for r in found if r not in models}
                        by_model = ("disparaging" if cat == "fair"
                                    else cat) in mcats
                        source[(pack, account, cat,
                                "both" if rules and by_model else
                                "rules" if rules else "model")] += 1
                        for rule in found:
                            by_rule[(pack, account, cat, rule)] += 1
                            if rules == {rule} and not by_model:
                                alone[(pack, account, cat, rule)] += 1
                            if rule in args.examples and \
                                    len(shown[rule]) < args.limit:
                                shown[rule].append((
                                    account, where, text, spans[rule],
                                    rules == {rule} and not by_model))
    finally:
        host.close()
        mhost.close()
        shutil.rmtree(tmp)
    for cat, total in (("harassment", n_h), ("disparaging", n_c),
                       ("fair", n_f)):
        print("\n%s findings on %d posts %s" % (
            "disparaging" if cat == "fair" else cat, total,
            {"harassment": "without harassment",
             "disparaging": "breaking nothing",
             "fair": "of fair criticism (`c` lines; %s only)"
                     % ", ".join(FAIR_CRITICISM)}[cat]))
        names = sorted(kinds) if cat == "harassment" else []
        print("%-18s %-9s %6s %7s %6s %6s %6s  %s" % (
            "pack", "account", "posts", "rate", "model", "rules", "both",
            " ".join("%6s" % k for k in names)))
        if names:
            print("%-18s %-9s %6s %7s %6s %6s %6s  %s" % (
                "", "of", "", "", "", "", "",
                " ".join("%6d" % kinds[k] for k in names)))
        for pack in PACKS:
            if cat == "fair" and pack not in FAIR_CRITICISM:
                continue
            for account in ACCOUNTS:
                k = flagged[(pack, account, cat)]
                print("%-18s %-9s %6d %6.2f%% %6d %6d %6d  %s" % (
                    pack, account, k, 100.0 * k / max(total, 1),
                    source[(pack, account, cat, "model")],
                    source[(pack, account, cat, "rules")],
                    source[(pack, account, cat, "both")],
                    " ".join("%6d" % by_kind[(pack, account, cat, m)]
                             for m in names)))
        print("  per rule (a post may be flagged by several; alone: the only "
              "rule of the category, the models quiet):")
        print("  %-44s %-9s %5s %5s" % ("", "", "posts", "alone"))
        rows = [(k, v) for k, v in by_rule.items() if k[2] == cat]
        for (pack, account, c, rule), v in sorted(rows,
                                                  key=lambda kv: -kv[1]):
            print("  %-44s %-9s %5d %5s" % (
                rule, account, v, "" if rule in models else
                alone[(pack, account, c, rule)]))
    for rule, items in shown.items():
        print("\nposts flagged by %s (* alone):" % rule)
        for account, where, text, span, lone in items:
            print("%s [%s] %s: <%s> %s" % ("*" if lone else " ",
                                           account[:3], where, span,
                                           text.replace("\n", " / ")[:200]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
