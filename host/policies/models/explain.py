#!/usr/bin/python3
"""What carried a trained model's score: each feature's part of it.

A model's score of a unit is the logistic of bias + w . x, where x is 1 /
sqrt(n) in each of the unit's n buckets (README.md, "How a post is
judged"), so each bucket's part of the logit is its weight / sqrt(n). The
host hashes its features and says only their buckets (`postcheck model
features`); this script names them by hashing the features it can rebuild
from the post's words (the words as the host cuts them, each checked
against the host's own buckets) and each word's classes (asked of the host
word by word), and leaves the rest as `?`. It reads the committed model
files, or with --fit fits them afresh as train.py does.

Usage (Debian's python3 with python3-sklearn, python3-numpy, python3-scipy;
the host built, as scripts/train-models does):
  explain.py [--model NAME] [--top N] [TEXT ...]  each post (or each JSON
                                 string line of stdin): its units' scores
                                 and the features that carried them
  explain.py --errors [--model NAME] [--threshold T] [--show N] [--fit]
                                 over the development posts the model is not
                                 trained on (train.py's load_dev) and the
                                 corpus: the found, false and missed posts at
                                 the packs' threshold, and what carried the
                                 false and the missed, by feature group, by
                                 word and by feature
It reads only what train.py may read: the training and development data,
the corpus (never tests/corpus/heldout/). Nothing is written.
"""
import argparse
import json
import math
import os
import re
import sys
import unicodedata
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train_data  # noqa: E402 (beside this file)
import train_eval  # noqa: E402
import train_files  # noqa: E402
import train_fit  # noqa: E402

MASK = train_fit.BUCKETS - 1
TAGS = "@GYTHDNRWI"
BASIS = 2166136261
# Function words: a word feature of one of these is `stop`, not `content`.
STOP = frozenset("""a about above after again against all am an and any are as
at be because been before being below between both but by can could did do
does doing down during each few for from further had has have having he her
here hers herself him himself his how i if in into is it its itself just me
more most my myself no nor not now of off on once only or other our ours
ourselves out over own same she should so some such than that the their
theirs them themselves then there these they this those through to too under
until up very was we were what when where which while who whom why will with
would you your yours yourself im ive id ill its thats theres dont doesnt didnt
cant wont isnt arent wasnt werent hasnt havent u ur yet still also get got
one two us lets let really even much many every""".split())


def fnv(h, b):
    for c in b:
        h = ((h ^ c) * 16777619) & 0xFFFFFFFF
    return h


def bucket(prefix, text):
    return fnv(BASIS, (prefix + text).encode("utf-8")) & MASK


def chunks(text):
    """The post cut roughly as the host cuts it: folded, at white space
    and at the punctuation that joins nothing inside a word."""
    t = unicodedata.normalize("NFKC", text).casefold()
    return [c for c in re.split(r"[\s,/\\()\[\]{}:;\"?<>=~^&]+|[^\w'.\-*#%_+!@$|]",
                                t) if c]


def forms(chunk):
    """The words a chunk may be as the host has it, likeliest first."""
    out = []
    if chunk.startswith("@") and len(chunk) > 1:
        out.append(chunk)
    a = re.sub(r"[^\w]", "", chunk).replace("_", "")
    b = re.sub(r"(\w)\1\1+", r"\1\1", a)
    for f in (b, a, chunk.strip("'.-!*")):
        if f and f not in out:
            out.append(f)
    return out


def words_of(text, have):
    """The post's words whose word feature is among the buckets `have`
    (the whole post's), in order; and the chunks not named so."""
    ws, missed = [], 0
    for c in chunks(text):
        for f in forms(c):
            if bucket("w", f) in have:
                ws.append(f)
                break
        else:
            missed += 1
    return ws, missed


class Classes:
    """Each word's classes, asked of the host one word at a time: its
    shape class (the "u" + tag bucket of a unit of that word alone), the
    organisation ("o" + word) and negative evaluation ("x" + negative)."""

    def __init__(self, binary):
        self.binary = binary
        self.known = {}

    def learn(self, words):
        new = sorted({w for w in words if w not in self.known})
        if not new:
            return
        feats = train_fit.features(self.binary, new)
        for w, units in zip(new, feats):
            have = set(units[0])
            tag = next((t for t in TAGS if bucket("u", t) in have), "")
            if bucket("o", w) in have:
                tag = tag or "O"
            self.known[w] = (tag, bucket("x", "negative") in have)

    def tag(self, w):
        return self.known.get(w, ("", False))[0]

    def neg(self, w):
        return self.known.get(w, ("", False))[1]


def word_kind(w, cl):
    """A word's kind, for the groups: the organisation, evaluative (an
    insult or a negative word), another shape class, a function word, or
    content (the topic words)."""
    t = cl.tag(w)
    if t == "O":
        return "org"
    if t == "I" or cl.neg(w):
        return "evaluative"
    if t:
        return "class"
    if w in STOP or w.isdigit() or w.startswith("@"):
        return "stop"
    return "content"


def candidates(ws, cl):
    """Every feature the host may have made of words ws: {bucket: [(name,
    group, words it belongs to)]}."""
    out = defaultdict(list)

    def add(prefix, text, group, owners):
        out[bucket(prefix, text)].append((prefix + ":" + text, group, owners))

    org = any(cl.tag(w) == "O" for w in ws)
    for i, w in enumerate(ws):
        k = word_kind(w, cl)
        add("w", w, "word " + k, (w,))
        if org:
            add("o", w, "org x " + k, (w,))
        if i + 1 < len(ws):
            add("b", w + " " + ws[i + 1], "pair", (w, ws[i + 1]))
        if not w.startswith("@") and not w.isdigit():
            b = "<" + w + ">"
            for n in (3, 4, 5):
                for s in range(len(b) - n + 1):
                    add("c", b[s:s + n], "n-gram " + k, (w,))
    tok = ["#" + cl.tag(w) if cl.tag(w) not in ("", "O") else w for w in ws]
    for i in range(len(ws)):
        for n in (2, 3):
            part = tok[i:i + n]
            if len(part) == n and any(p.startswith("#") for p in part):
                add("s", " ".join(part), "shape", tuple(ws[i:i + n]))
    for a in range(len(TAGS)):
        add("u", TAGS[a], "shape", ())
        for b in range(a + 1, len(TAGS)):
            add("u", TAGS[a] + TAGS[b], "shape", ())
    for x in ("negative", "org-negative"):
        add("x", x, "negative", ())
    for x in ("hostile-person", "hostile-group"):
        add("x", x, "hostile", ())
    for neg in ("", "!"):
        add("x", "threat" + neg, "shape", ())
        for t in "GYT@":
            add("x", "threat" + neg + ">" + t, "shape", ())
    return out


def load_models(names, fit, binary, datasets):
    """{name: (bias, {bucket: weight})}: the committed files, or fitted
    afresh as train.py fits them (--fit)."""
    out = {}
    if not fit:
        for n in names:
            with open(os.path.join(train_data.HERE, n + ".model"),
                      encoding="utf-8") as f:
                head, w = train_files.parse_model(f.read())
            out[n] = (float(head["bias"]), w)
        return out
    data = train_data.load_all(datasets)
    feats = train_fit.features(binary, [t for t, _, _ in data])
    for n in names:
        units, y, w, _ = train_fit.dataset(data, feats, n)
        m = train_fit.fit(n, *train_fit.training_rows(
            units, y, w, range(len(y)), train_fit.SENTENCE_WEIGHT[n]))
        coef = m.coef_[0]
        out[n] = (float(m.intercept_[0]),
                  {int(i): float(coef[i]) for i in coef.nonzero()[0]})
    return out


def explain_unit(buckets, model, names):
    """The unit's score and its features' parts of the logit:
    [(part, name, group, owners)], largest first by size."""
    bias, w = model
    n = len(buckets)
    parts = []
    for b in buckets:
        wt = w.get(b, 0.0)
        if not wt:
            continue
        c = wt / math.sqrt(n)
        named = names.get(b)
        if named:
            # a bucket several features share: its part split among them
            for nm, grp, own in named:
                parts.append((c / len(named), nm, grp, own))
        else:
            parts.append((c, "?%d" % b, "?", ()))
    logit = bias + sum(p[0] for p in parts)
    parts.sort(key=lambda p: -abs(p[0]))
    return 1.0 / (1.0 + math.exp(-logit)), parts


class Explainer:
    def __init__(self, binary, models):
        self.binary = binary
        self.models = models
        self.cl = Classes(binary)
        self.missed = self.chunks = 0

    def posts(self, texts):
        """Each post's units, each as (score by model, parts by model)."""
        feats = train_fit.features(self.binary, texts)
        words = []
        for t, units in zip(texts, feats):
            ws, missed = words_of(t, set(units[0]))
            words.append(ws)
            self.missed += missed
            self.chunks += len(chunks(t))
        self.cl.learn(w for ws in words for w in ws)
        out = []
        for ws, units in zip(words, feats):
            names = candidates(ws, self.cl)
            post = []
            for u in units:
                post.append({m: explain_unit(u, self.models[m], names)
                             for m in self.models})
            out.append(post)
        return out


def owners_part(parts):
    """A unit's parts summed by the word they belong to (a pair's part
    halved between its words, an n-gram's whole to its word)."""
    by = defaultdict(float)
    for c, _, _, own in parts:
        for o in own:
            by[o] += c / len(own)
    return by


def print_post(text, post, top):
    print(json.dumps(text))
    for m in sorted(post[0]):
        for k, unit in enumerate(post):
            s, parts = unit[m]
            print("  %s %s %.3f: %s" % (
                m, "whole" if k == 0 else "sentence %d" % k, s,
                ", ".join("%s %+.2f" % (nm, c) for c, nm, _, _ in parts[:top])))


def errors(args, ex):
    dev = train_data.load_dev()
    corpus = train_data.load_corpus()
    texts = [t for _, t, _ in dev] + [t for t, _, _ in corpus]
    labels = [(s, y) for s, _, y in dev] + [("corpus", y) for _, y, _ in corpus]
    posts = ex.posts(texts)
    print("words named: %d of %d chunks not matched to a word of the host "
          "(their features stay `?`)" % (ex.missed, ex.chunks))
    for m in sorted(ex.models):
        thr = args.threshold or train_eval.PACK_THRESHOLD[m]
        kinds = {"found": [], "false": [], "missed": [], "quiet": []}
        for k, (s, y) in enumerate(labels):
            if m not in y or (s == "corpus" and not args.corpus):
                continue
            # the unit the host judges by: the highest scoring
            unit = max(posts[k], key=lambda u: u[m][0])
            score, parts = unit[m]
            hit = score >= thr
            kind = ("found" if hit else "missed") if y[m] else (
                "false" if hit else "quiet")
            kinds[kind].append((s, texts[k], score, parts))
        print("\n%s at %.3f: found %d, false %d, missed %d, quiet %d "
              "(development sets%s); bias %+.2f"
              % (m, thr, len(kinds["found"]), len(kinds["false"]),
                 len(kinds["missed"]), len(kinds["quiet"]),
                 " and the corpus" if args.corpus else "", ex.models[m][0]))
        print("  parts of the logit by feature group: the mean a post (of "
              "its highest unit); positive pushes to a finding")
        groups = sorted({p[2] for v in kinds.values() for _, _, _, ps in v
                         for p in ps})
        cols = ("found", "false", "missed", "quiet")
        print("  %-18s" % "group" + "".join("%9s" % c for c in cols) +
              "  false-quiet  missed-found")
        for g in groups:
            mean = {}
            for kind in cols:
                tot = sum(c for _, _, _, ps in kinds[kind] for c, _, gg, _ in ps
                          if gg == g)
                mean[kind] = tot / max(1, len(kinds[kind]))
            print("  %-18s" % g + "".join("%+9.2f" % mean[c] for c in cols) +
                  "  %+11.2f  %+12.2f" % (mean["false"] - mean["quiet"],
                                          mean["missed"] - mean["found"]))
        for kind, sign in (("false", 1), ("missed", -1)):
            byw, byf = defaultdict(float), defaultdict(float)
            for _, _, _, ps in kinds[kind]:
                for w, c in owners_part(ps).items():
                    byw[w] += c
                for c, nm, _, _ in ps:
                    byf[nm] += c
            print("  %s: the words that carried them most (their features' "
                  "parts summed)" % kind)
            print("    " + ", ".join("%s %+.1f" % (w, c) for w, c in sorted(
                byw.items(), key=lambda x: -sign * x[1])[:args.show]))
            print("  %s: the features that carried them most" % kind)
            print("    " + ", ".join("%s %+.1f" % (f, c) for f, c in sorted(
                byf.items(), key=lambda x: -sign * x[1])[:args.show]))
        if args.list:
            for kind in ("false", "missed"):
                for s, t, score, parts in kinds[kind]:
                    print("  %s %s %.3f %s: %s" % (kind, s, score, json.dumps(t),
                          ", ".join("%s %+.2f" % (nm, c)
                                    for c, nm, _, _ in parts[:args.top])))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", default=os.path.join(train_data.ROOT,
                                                     "build",
                                                     "postcheck"))
    ap.add_argument("--datasets", default=os.path.join(train_data.ROOT,
                                                       "..",
                                                       "shared", "datasets"))
    ap.add_argument("--model", action="append",
                    choices=sorted(train_fit.CONFIG))
    ap.add_argument("--fit", action="store_true",
                    help="fit the models afresh as train.py does, rather "
                    "than read the committed files")
    ap.add_argument("--errors", action="store_true",
                    help="what carried the false and missed development "
                    "posts")
    ap.add_argument("--corpus", action="store_true",
                    help="with --errors: the corpus's posts too (trained "
                    "on: in-sample)")
    ap.add_argument("--list", action="store_true",
                    help="with --errors: each false and missed post too")
    ap.add_argument("--threshold", type=float)
    ap.add_argument("--top", type=int, default=8)
    ap.add_argument("--show", type=int, default=25)
    ap.add_argument("text", nargs="*")
    args = ap.parse_args()
    names = args.model or sorted(train_fit.CONFIG)
    ex = Explainer(args.binary, load_models(names, args.fit, args.binary,
                                            args.datasets))
    if args.errors:
        errors(args, ex)
        return 0
    texts = args.text or [json.loads(ln) for ln in sys.stdin if ln.strip()]
    for t, post in zip(texts, ex.posts(texts)):
        print_post(t, post, args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
