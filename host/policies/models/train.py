#!/usr/bin/python3
"""Rebuilds the trained models (harassment.model, disparaging.model,
criticism.model) from labelled data, reproducibly.

The features come from the built host (`postcheck model features`), so the
model is fitted on exactly what the host computes when it checks a post.
The fit is scikit-learn's LogisticRegression with the liblinear solver, an
L2 penalty and a fixed seed; weights are rounded to 5 decimals and only
those of at least each model's `cut` in absolute value kept (about KEEP of
them), so the file is small and the same data gives the same file.

Usage (Debian packages python3-sklearn, python3-numpy, python3-scipy; the
wrapper scripts/train-models installs them and builds the host):
  train.py [--binary PATH] [--datasets DIR]            write the models
  train.py --check                                     rebuild and compare
  train.py --cv [--only NAME]                          cross-validation
  train.py --dev [--only NAME] [--hold-out FOLDER]     development sets
           [--no-gen]                                  ... without generate.py
  train.py --writers [--only NAME] [--no-public]       held-out figures
The data (README.md beside this file): ../shared/datasets (Davidson et al.
tweets, ToxiGen demonstrations), the corpus tests/corpus/posts*.jsonl (never
the held-out batches), data/*.tsv here and generate.py's posts from
templates; dev/*.tsv (never trained on) with --dev, and generate.py's
held-out templates as the development sets `generated` (its first set)
and `generated2` (its second and third).
"""
import argparse
import csv
import glob
import hashlib
import html
import json
import os
import random
import re
import subprocess
import sys

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate  # noqa: E402 (beside this file)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
BUCKETS = 1 << 18
# The feature version the host computes (PC_MODEL_FEATURES in model.h).
FEATURES = 6
SEED = 20261203
# Per model: the inverse regularisation C of an L2 penalty, the weight of
# one example by source (the project's own posts count more than tweets
# from another country and decade), and whether the classes are balanced.
# An L2 penalty spreads a word's weight over its n-grams and its
# neighbours, where the L1 penalty of the first models put it on one or
# two (single weights of 45 to 76 that a misspelling or a new phrasing
# missed): on the development set (dev/, never trained on) F1 at the
# packs' thresholds went from 0.811 to 0.847 (harassment) and 0.760 to
# 0.788 (disparaging) with the same data. An L2 fit weighs every bucket it
# saw, about 120,000; only the weights of at least `cut` are written
# (about KEEP, chosen on the development set, where keeping 8,000 to 32,000
# of them gave the same figures within 0.02). Disparaging has far fewer
# positives than negatives, but balancing them (weighing each positive
# about 20 times) gave a model that fired on every post naming the trust:
# in cross-validation 42 of the corpus's clean posts at recall 0.78,
# against 11 at 0.72 unbalanced.
KEEP = 8000
# generate.py's posts from templates (source "gen") weigh as our own posts
# for the harassment model. On the development sets of the other hands
# (dev, models5, models6, models8, writer6; at the packs' thresholds)
# harassment found the same 123 posts at 12 false alarms with the first
# set and without (13 at weight 1), and on generate.py's held-out
# templates (shapes it never saw) F1 went 0.619 -> 0.672 (R 0.520 ->
# 0.573). Its second set (session 12: insults said of a person in the
# third person, stereotypes of groups the class list lacks, veiled
# threats, and their contrasts) took the other hands' sets from 129
# found, 11 false to 135, 10. The organisation models, taught the first
# set alone, lost precision on the other hands' posts (disparaging 101
# found, 17 false -> 100, 21; criticism 106, 17 -> 108, 26): its put-downs
# outnumbered its posts naming the organisation plainly. With the third
# set (session 12: the organisation in news, praise, questions and
# shapes of a put-down that put nobody down) they gain: disparaging 100,
# 15 -> 103, 14 at weight 3 (101, 13 at 1; 102, 14 at 2), criticism 104,
# 19 -> 109, 20 at weight 1 (108, 23 at 3).
GEN_WEIGHT = 3.0
# The corpus's posts weigh 12 for harassment (session 16): at 6, fitted on
# the data relabelled to one category a post, two of its clean posts (a
# reference, a cigarette break) scored 0.30 and 0.34, over the packs' 0.3.
CONFIG = {
    "harassment": {"C": 8.0, "balanced": False,
                   "weight": {"davidson": 0.5, "toxigen": 2.0,
                              "corpus": 12.0, "own": 3.0, "gen": GEN_WEIGHT}},
    "disparaging": {"C": 16.0, "balanced": False,
                    "weight": {"davidson": 1.0, "toxigen": 2.0,
                               "corpus": 3.0, "own": 3.0, "gen": 3.0}},
    # Criticism of the organisation, put-downs included: for the packs
    # whose policy forbids criticising it however politely (LLMAT 3.1(b)
    # and 5.1, the Learning Alliance's "criticising the Trust"), where ALT
    # and ALA allow fair criticism and use the disparaging model.
    # The corpus weighs 6 (3 until session 16: with writers15's and
    # writers15b's posts trained on, two corpus posts of LLMAT, a reference
    # and an apology on its behalf, scored 0.36 and 0.43 at 3).
    "criticism": {"C": 16.0, "balanced": False,
                  "weight": {"davidson": 1.0, "toxigen": 2.0,
                             "corpus": 6.0, "own": 3.0, "gen": 1.0}},
}
# The corpus label each model learns, and the models whose rules, where
# they apply to every post of a pack and account kind, make an unlabelled
# post there a negative: a post the criticism model's packs leave
# unlabelled puts nobody down either, but one the disparaging model's
# packs leave unlabelled may be fair criticism, which those allow.
CORPUS_LABEL = {"harassment": "harassment", "disparaging": "disparaging",
                "criticism": "disparaging"}
NEGATIVES_FROM = {"harassment": ("harassment",),
                  "disparaging": ("disparaging", "criticism"),
                  "criticism": ("criticism",)}
# Labels of the data/*.tsv lines: h harassment, d disparaging (a put-down
# of the organisation, its people or partners), c criticism of it without
# a put-down, hc harassment beside such criticism, - neither. Never hd: the
# corpus and the blind batches give a post one of harassment and
# disparaging (README.md, "One category a post"); session 15's hands'
# hd lines, insults at the leadership as a body, taught the harassment
# model what the corpus labels disparaging only.
OWN_LABELS = ("h", "d", "c", "hc", "-")
# Files of another hand's data whose `d` lines are criticism without a
# put-down (its header says so): read as `c`.
CRITICISM_FILES = ("writer6/trust.tsv",)
# Other hands' development posts (data/writer6/dev.tsv, data/models5/dev.tsv,
# data/models6/dev.tsv, data/models8/dev.tsv, data/writers13/dev.tsv,
# data/writers13b/dev.tsv, data/writers14/dev.tsv, data/writers14b/dev.tsv,
# data/writers15/dev.tsv, data/writers15b/dev.tsv, data/writers16/dev.tsv;
# and writers15's data/writers15/org.tsv, written as training posts but
# kept as development posts: session 16 trained on writers15b's three
# training files and writers15's harass.tsv and quiet.tsv, once relabelled
# to one category a post, and with org.tsv too the blind batches fell,
# README.md, "Session 16"; and writers16's training posts, harass.tsv,
# org.tsv and quiet.tsv, registered before they are tried; and
# writers23's, data/writers23/dev.tsv, written by hand in session 23 before
# any figure on it, and its training posts, harass.tsv, org.tsv and
# quiet.tsv, written after it and registered before they are tried; and
# writers24's, data/writers24/dev.tsv, written by hand in session 24 about
# the five packs' own organisations before any figure on it); and
# models18's posts: never trained on by the organisation models, and,
# but for models18's, the harassment model's training posts since
# session 18 (HARASSMENT_ONLY).
DEV_ELSEWHERE = ("writer6/dev.tsv", "models5/dev.tsv", "models6/dev.tsv",
                 "models8/dev.tsv", "writers13/dev.tsv", "writers13b/dev.tsv",
                 "writers14/dev.tsv", "writers14b/dev.tsv",
                 "writers15/dev.tsv", "writers15b/dev.tsv",
                 "writers15/org.tsv",
                 "writers16/dev.tsv", "writers16/harass.tsv",
                 "writers16/org.tsv", "writers16/quiet.tsv",
                 "writers23/dev.tsv", "writers23/harass.tsv",
                 "writers23/org.tsv", "writers23/quiet.tsv",
                 "writers24/dev.tsv",
                 "models18/harass.tsv")
# Hands' posts registered before any model is tried on them (session 23's
# writers23, session 24's writers24): a development set of every model, as
# models18's are, until models23 (models24 for writers24) decides by its
# rule whether the harassment model trains on them;
# taught to it now they would change harassment.model, which --check
# compares (maximum weight difference 0.64 with writers23/dev.tsv taught).
NOT_YET_TRIED = ("writers23/dev.tsv", "writers23/harass.tsv",
                 "writers23/org.tsv", "writers23/quiet.tsv",
                 "writers24/dev.tsv")
# Files of data/ whose lines teach the harassment model alone (session
# 18): their `-` lines are no negatives for the organisation models and
# their `d` and `c` lines are not taught. A file here that is also in
# DEV_ELSEWHERE is trained on by the harassment model and stays a
# development set of the organisation models (--dev scores it for those
# only): every hand's development posts since session 18. Fitted with
# every other hand's development posts and scored on its own (one hand
# kept out in rotation, twelve fits), the hands' development sets' summed
# harassment went from 738 found, 110 false, 182 missed (F1 0.835) to 765,
# 102, 155 (0.856) at 0.3 (README.md, "Session 18"); on the organisation
# models the hands' organisation files lowered the blind batches'
# disparaging figures in sessions 14 to 17, so they teach harassment only.
# models18's posts (data/models18/harass.tsv), written for the harassment
# model's weakest shapes and trained on in session 18, lowered the blind
# batches' harassment (h10 to h19: 5 fewer found): a development set of
# every model (README.md, "Session 18").
HARASSMENT_ONLY = tuple(r for r in DEV_ELSEWHERE
                        if r != "models18/harass.tsv" and
                        r not in NOT_YET_TRIED)
# The smallest weight written: under the KEEP-th largest of a fit, so a
# rebuild that differs in the last bits keeps the same weights but for
# those within the tolerance of the cut (compare()).
PRUNE = 0.002
# The weight of a sentence of a clean post, relative to its post's, by
# model. Harassment 2 (was 1), fitted at C=8 (was 4): on the four
# development sets together (dev, writer6, models5, models6, never
# trained on) at the packs' thresholds, 104 found and 15 false -> 105 and
# 12 (its threshold 0.4 -> 0.35). The organisation models stay at 1: at 2
# they lost as many put-downs as false alarms (disparaging 14 -> 11 false
# for 4 fewer found) and a decline-over-time put-down of the packs'
# examples ("Every year the leadership here listens a little less").
# Session 13 chose them on text the models' writers did not write for them
# (--writers: each hand's folder left out in turn, and ToxiGen by group):
# harassment back to 1 (found, false, missed over the six hands 760, 80,
# 287 -> 782, 97, 265, F1 0.806 -> 0.812; ToxiGen 204, 60, 138 -> 213, 67,
# 129, 0.673 -> 0.685), disparaging 0.5 (465, 99, 249 -> 486, 109, 228, F1
# 0.728 -> 0.743): at 2 and 1 they kept quiet on the development sets'
# hands and missed more of the hands they had not seen.
SENTENCE_WEIGHT = {"harassment": 1.0, "disparaging": 0.5, "criticism": 1.0}
# The solver's tolerance in cross-validation (the files are fitted at 1e-6).
CV_TOL = 1e-4
DAVIDSON_OFFENSIVE_MAX = 3000
DAVIDSON_NEITHER_MAX = 4200
# Packs whose policy forbids running down the organisation (DESIGN.md's
# clause map); the corpus labels disparaging only in these.
DISPARAGING_PACKS = {"alt", "ala", "llmat", "learning-alliance"}

TARGET = re.compile(r"\b(you|your|u|ur|you'?re|yall|y'all|ya|yourself)\b"
                    r"|@\w+", re.I)


def davidson_clean(t):
    t = html.unescape(t)
    t = re.sub(r"https?://\S+", "", t)
    t = re.sub(r"^(?:[!\"\s]*RT @\w+:?\s*)+", "", t)
    return t.strip()


def load_davidson(folder, rng):
    """Hate (class 0) as harassment. Offensive language (class 1) only
    when aimed at someone (a second-person word or an @mention): swearing
    about a thing is not harassment, and the raters' offensive/hate line is
    known to be blurred, so untargeted offensive tweets are left out rather
    than taught either way. Neither (class 2) as negatives."""
    hate, off, neither = [], [], []
    with open(os.path.join(folder, "labeled_data.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            t = davidson_clean(row["tweet"])
            if not t:
                continue
            if row["class"] == "0":
                hate.append(t)
            elif row["class"] == "1" and TARGET.search(t):
                off.append(t)
            elif row["class"] == "2":
                neither.append(t)
    rng.shuffle(off)
    rng.shuffle(neither)
    out = [(t, {"harassment": 1}, "davidson") for t in hate]
    out += [(t, {"harassment": 1}, "davidson")
            for t in off[:DAVIDSON_OFFENSIVE_MAX]]
    out += [(t, {"harassment": 0, "disparaging": 0, "criticism": 0},
             "davidson")
            for t in neither[:DAVIDSON_NEITHER_MAX]]
    return out


def toxigen_group(path):
    """The group a ToxiGen file's statements are about, from its name
    (`hate_muslim_sentences.txt` and `neutral_muslim.txt`: muslim)."""
    b = re.sub(r"^(hate|neutral)_", "", os.path.basename(path))
    return re.sub(r"(_sentences)?\.txt$", "", b)


def load_toxigen(folder, groups=None):
    """Every statement, hate 1 and neutral 0; with groups, the group of
    each appended to it."""
    out = []
    for path in sorted(glob.glob(os.path.join(folder, "demonstrations", "*",
                                              "*.txt"))):
        label = 1 if os.path.basename(path).startswith("hate_") else 0
        with open(path, encoding="utf-8") as f:
            for line in f:
                t = line.strip().lstrip("- ").strip()
                if t:
                    out.append((t, {"harassment": label}, "toxigen"))
                    if groups is not None:
                        groups.append(toxigen_group(path))
    return out


def pack_scope():
    """For each (pack, account kind, model): "always" when one of the
    pack's model rules for that model applies to that kind of account
    without asking for a mention of the organisation, "mentioned" when it
    applies only to posts that mention it (ALT's personal accounts), and
    no entry when none applies."""
    scope = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "host", "policies",
                                              "*.json"))):
        with open(path, encoding="utf-8") as f:
            pack = json.load(f)
        for r in pack.get("rules", []):
            if r.get("kind") != "model":
                continue
            for acc in r.get("applies_to", []):
                key = (pack["id"], acc, r["model"])
                if not r.get("when_mentioned"):
                    scope[key] = "always"
                else:
                    scope.setdefault(key, "mentioned")
    return scope


def mentions(post):
    """Whether a post names its organisation, as the corpus's labellers
    read ALT's scope: its acronym in capitals, its full name or its
    hashtag (only ALT's rules ask for a mention)."""
    names = {"alt": r"\bALT\b|Association of Law Teachers"}
    pat = names.get(post["pack"])
    return bool(pat and re.search(pat, post["text"]))


def load_corpus():
    """The corpus's posts with their labels, for each model whose rules
    apply to the post's pack and account kind. A post without the label
    is a negative only where the rules apply to every post: where they
    apply only to posts that mention the organisation (ALT's personal
    accounts), an unlabelled post may be out of scope rather than
    innocent ("@X you are pathetic" on a trustee's account, about nothing
    the ALT does), and teaching it as innocent would teach the insult."""
    scope = pack_scope()
    out = []
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "corpus",
                                              "posts*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                p = json.loads(line)
                y = {}
                for name in CONFIG:
                    label = int(CORPUS_LABEL[name] in p["labels"])
                    wheres = [scope.get((p["pack"], p["account"], m))
                              for m in NEGATIVES_FROM[name]]
                    if label or "always" in wheres or (
                            "mentioned" in wheres and mentions(p)):
                        y[name] = label
                if y:
                    out.append((p["text"], y, "corpus"))
    return out


def read_tsv(path, criticism=False):
    """LABELS<TAB>TEXT lines of path: (text, labels); with criticism, a
    `d` is read as `c`."""
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            labels, _, text = line.partition("\t")
            if labels not in OWN_LABELS or not text:
                sys.exit("%s:%d: expected LABELS<TAB>TEXT, LABELS one of %s"
                         % (path, n, " ".join(OWN_LABELS)))
            if criticism:
                labels = labels.replace("d", "c")
            out.append((text.replace("\\n", "\n"), labels))
    return out


# With --hold-out: a folder of data/ (another hand's) left out of the
# training and scored whole as a development set.
HELD_OUT = []


def own_files():
    """data/*.tsv and data/*/*.tsv but another hand's development posts
    and the folders held out, relative to data/."""
    data = os.path.join(HERE, "data")
    found = glob.glob(os.path.join(data, "*.tsv"))
    found += glob.glob(os.path.join(data, "*", "*.tsv"))
    rel = sorted(os.path.relpath(p, data).replace(os.sep, "/")
                 for p in found)
    return [r for r in rel if (r not in DEV_ELSEWHERE or
                               r in HARASSMENT_ONLY) and
            r.split("/")[0] not in HELD_OUT]


def load_own(folders=None):
    """data/*.tsv (and data/*/*.tsv, another hand's, but its development
    posts): LABELS<TAB>TEXT, LABELS one of OWN_LABELS. A post labelled h
    alone is a negative for the disparaging and criticism models, as the
    corpus labels it (2 of its 153 harassing or disparaging posts carry
    both): harassing a person or a group by a protected characteristic is
    the other category, and those models should not learn insults as
    running down the organisation. A c post (criticism without a put-down)
    is a negative for the disparaging model: ALT and ALA allow it. With
    folders, the folder of data/ each post is in ("" for data/ itself) is
    appended to it."""
    out = []
    for rel in own_files():
        path = os.path.join(HERE, "data", rel)
        for text, labels in read_tsv(path, rel in CRITICISM_FILES):
            y = {"harassment": int("h" in labels),
                 "disparaging": int("d" in labels),
                 "criticism": int("d" in labels or "c" in labels)}
            if rel in HARASSMENT_ONLY:
                y = {"harassment": y["harassment"]}
            out.append((text, y, "own"))
            if folders is not None:
                folders.append(rel.split("/")[0] if "/" in rel else "")
    return out


# With --no-gen: generate.py's posts left out of the training.
NO_GEN = []


def load_gen():
    """generate.py's posts from the templates it does not hold out (its
    three sets), for every model (GEN_WEIGHT by model in CONFIG)."""
    if NO_GEN:
        return []
    return [(t, dev_labels(lb), "gen")
            for t, lb in generate.posts()]


def load_all(datasets):
    rng = random.Random(SEED)
    data = load_davidson(os.path.join(datasets, "davidson"), rng)
    data += load_toxigen(os.path.join(datasets, "toxigen"))
    data += load_corpus()
    data += load_own()
    data += load_gen()
    return data


def features(binary, texts):
    """Bucket indices of each unit of each text (the whole post, then each
    sentence when there are two or more), from the host itself."""
    inp = "".join(json.dumps(t) + "\n" for t in texts).encode("utf-8")
    res = subprocess.run([binary, "model", "features"], input=inp,
                         stdout=subprocess.PIPE, check=True)
    lines = res.stdout.decode("ascii").split("\n")[:len(texts)]
    if len(lines) != len(texts):
        sys.exit("train: postcheck model features gave %d lines for %d "
                 "texts" % (len(lines), len(texts)))
    return [[[int(x) for x in u.split()] for u in ln.split("|")]
            for ln in lines]


def matrix(rows):
    """Rows of bucket indices as the host scores them: 1/sqrt(n) each."""
    indptr, indices, values = [0], [], []
    for r in rows:
        indices.extend(r)
        values.extend([1.0 / np.sqrt(len(r))] * len(r) if r else [])
        indptr.append(len(indices))
    return sp.csr_matrix((np.array(values), np.array(indices, dtype=np.int64),
                          np.array(indptr)), shape=(len(rows), BUCKETS))


def dataset(data, feats, name):
    """The posts labelled for model `name`: their units, labels, weights
    and sources."""
    idx = [i for i, (_, y, _) in enumerate(data) if name in y]
    units = [feats[i] for i in idx]
    y = np.array([data[i][1][name] for i in idx])
    w = np.array([CONFIG[name]["weight"][data[i][2]] for i in idx])
    src = [data[i][2] for i in idx]
    return units, y, w, src


def training_rows(units, y, w, posts, sentence_weight=1.0):
    """The rows fitted from posts: each post whole with its label, and
    each sentence of a post that breaks nothing as a negative, weighing
    sentence_weight times its post. (A sentence
    of a positive post may be innocent, so it is not taught either way.)
    The host flags when any unit scores over the threshold, so the
    sentences of clean posts are what keeps that from nagging."""
    rows, ry, rw = [], [], []
    for i in posts:
        rows.append(units[i][0])
        ry.append(y[i])
        rw.append(w[i])
        if y[i] == 0:
            for u in units[i][1:]:
                rows.append(u)
                ry.append(0)
                rw.append(w[i] * sentence_weight)
    return matrix(rows), np.array(ry), np.array(rw)


def post_scores(m, units, posts):
    """Each post's score as the host takes it: its highest unit's."""
    rows, owner = [], []
    for k, i in enumerate(posts):
        for u in units[i]:
            rows.append(u)
            owner.append(k)
    p = m.predict_proba(matrix(rows))[:, 1]
    out = np.zeros(len(posts))
    np.maximum.at(out, np.array(owner), p)
    return out


def fit(name, X, y, w, tol=1e-6):
    """The model files are fitted at tol 1e-6; cross-validation passes
    the looser CV_TOL (its figures compare settings, they are not the
    files)."""
    cfg = CONFIG[name]
    m = LogisticRegression(solver="liblinear", penalty="l2", C=cfg["C"],
                           random_state=SEED, max_iter=5000, tol=tol,
                           class_weight="balanced" if cfg["balanced"]
                           else None)
    m.fit(X, y, sample_weight=w)
    coef = np.round(m.coef_[0], 5)
    coef[np.abs(coef) < cut_of(coef)] = 0.0
    m.coef_[0] = coef  # as the file has it: what --cv and --dev score
    m.intercept_[0] = round(float(m.intercept_[0]), 5)
    return m


def cut_of(coef):
    """The smallest absolute weight written: that of the KEEP-th largest,
    rounded down to 3 decimals (a round number in the file's header)."""
    mag = np.sort(np.abs(coef))[::-1]
    if len(mag) <= KEEP:
        return PRUNE
    return max(PRUNE, float(np.floor(mag[KEEP - 1] * 1000) / 1000))


def model_text(name, m, data_sha, counts):
    coef = np.round(m.coef_[0], 5)
    cut = cut_of(coef)
    keep = [(i, c) for i, c in enumerate(coef) if abs(c) >= cut]
    lines = ["# postcheck model '%s', written by host/policies/models/train.py"
             % name,
             "# (do not edit: rebuild with scripts/train-models)",
             "# data sha256 %s" % data_sha,
             "# examples %s" % " ".join("%s=%d/%d" % (k, v[0], v[1])
                                        for k, v in sorted(counts.items())),
             "# liblinear logistic regression, L2 penalty, C=%g%s, seed %d, weights "
             "rounded to 5 decimals, |w| < %g dropped"
             % (CONFIG[name]["C"], ", balanced classes"
                if CONFIG[name]["balanced"] else "", SEED, cut),
             "postcheck-model 1", "name %s" % name, "features %d" % FEATURES,
             "buckets %d" % BUCKETS,
             "bias %.5f" % round(float(m.intercept_[0]), 5),
             "weights %d" % len(keep)]
    lines += ["%d %.5f" % (i, c) for i, c in keep]
    return "\n".join(lines) + "\n"


def data_sha(data):
    h = hashlib.sha256()
    for t, y, s in data:
        h.update(json.dumps([t, sorted(y.items()), s]).encode("utf-8"))
    return h.hexdigest()


def counts_of(y, src):
    out = {}
    for label, s in zip(y, src):
        c = out.setdefault(s, [0, 0])
        c[0] += int(label)
        c[1] += 1
    return out


def prf(y, p, t):
    tp = int(np.sum((p >= t) & (y == 1)))
    fp = int(np.sum((p >= t) & (y == 0)))
    fn = int(np.sum((p < t) & (y == 1)))
    pr = tp / (tp + fp) if tp + fp else 1.0
    rc = tp / (tp + fn) if tp + fn else 1.0
    return pr, rc, (2 * pr * rc / (pr + rc) if pr + rc else 0.0), tp, fp, fn


def cross_validate(name, units, y, w, src):
    """5-fold stratified by post, seeded; each held-out post scored as the
    host scores it (its highest unit). Prints figures per source and
    overall at a few thresholds, and the threshold with the best F1 on
    posts like ours (the corpus and our own) at precision >= 0.9."""
    p = np.zeros(len(y))
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)
    for tr, te in folds.split(np.zeros(len(y)), y):
        m = fit(name, *training_rows(units, y, w, tr, SENTENCE_WEIGHT[name]),
                tol=CV_TOL)
        p[te] = post_scores(m, units, te)
    src = np.array(src)
    print("%s: 5-fold cross-validation (%d posts, %d positive)"
          % (name, len(y), int(y.sum())))
    print("  %-10s %5s %6s %6s %6s %5s %5s %5s" % (
        "part", "thr", "P", "R", "F1", "TP", "FP", "FN"))
    ours = (src == "corpus") | (src == "own") | (src == "gen")
    for t in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        for part in ("all", "davidson", "toxigen", "corpus", "own", "gen",
                     "posts"):
            if part == "all":
                sel = np.ones(len(y), bool)
            elif part == "posts":  # the corpus and our own: posts as ours
                sel = ours
            else:
                sel = src == part
            if not sel.any():
                continue
            print("  %-10s %5.2f %6.3f %6.3f %6.3f %5d %5d %5d"
                  % ((part, t) + prf(y[sel], p[sel], t)))
    for floor in (0.0, 0.8, 0.9):
        best = max(((prf(y[ours], p[ours], t / 100.0)[2], t / 100.0)
                    for t in range(20, 96)
                    if prf(y[ours], p[ours], t / 100.0)[0] >= floor),
                   default=None)
        if best:
            print("  best F1 on posts at precision >= %.1f: %.3f at "
                  "threshold %.2f" % ((floor,) + best))


# Packs whose policy forbids criticising the organisation however politely
# put (the criticism model's).
CRITICISM_PACKS = {"llmat", "learning-alliance"}


def dev_labels(labels):
    """A data/*.tsv line's labels as each model's label."""
    return {"harassment": int("h" in labels),
            "disparaging": int("d" in labels),
            "criticism": int("d" in labels or "c" in labels)}


def dev_model_labels(rel, labels):
    """dev_labels, without the harassment model's for a file it is
    trained on (HARASSMENT_ONLY)."""
    y = dev_labels(labels)
    if rel in HARASSMENT_ONLY:
        del y["harassment"]
    return y


def load_dev():
    """The development posts, never trained on: (set, text, labels), labels
    by model (a model missing is not scored on the post). Set "dev":
    dev/*.tsv (the data/*.tsv format) and dev/*.jsonl (the corpus format,
    tests/corpus/README.md; README.md, "The development set"); set
    "writer6": data/writer6/dev.tsv, set "models5": data/models5/dev.tsv,
    set "models6": data/models6/dev.tsv, set "models8":
    data/models8/dev.tsv, set "writers13": data/writers13/dev.tsv and set
    "writers13b": data/writers13b/dev.tsv, each written by another hand
    (data/models6/dev.jsonl holds the same posts as models6/dev.tsv in the
    corpus's format, for run_corpus.py: not read here). A
    corpus-format post counts for the disparaging model only in the packs
    whose policy forbids it, and for the criticism model in the packs whose
    policy forbids criticism, and elsewhere only when it runs something
    down."""
    out = []
    for path in sorted(glob.glob(os.path.join(HERE, "dev", "*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                p = json.loads(line)
                d = int("disparaging" in p["labels"])
                y = {"harassment": int("harassment" in p["labels"])}
                if p["pack"] in DISPARAGING_PACKS:
                    y["disparaging"] = d
                if p["pack"] in CRITICISM_PACKS or d:
                    y["criticism"] = d
                out.append(("dev", p["text"], y))
    for path in sorted(glob.glob(os.path.join(HERE, "dev", "*.tsv"))):
        out += [("dev", t, dev_labels(lb)) for t, lb in read_tsv(path)]
    for rel in DEV_ELSEWHERE:
        path = os.path.join(HERE, "data", rel)
        if os.path.exists(path) and rel.split("/")[0] not in HELD_OUT:
            out += [(rel.split("/")[0], t, dev_model_labels(rel, lb))
                    for t, lb in read_tsv(path)]
    out += [("generated", t, dev_labels(lb))
            for t, lb in generate.posts(True, ("first",))]
    out += [("generated2", t, dev_labels(lb))
            for t, lb in generate.posts(True, ("second", "third"))]
    for folder in HELD_OUT:
        for path in sorted(glob.glob(os.path.join(HERE, "data", folder,
                                                  "*.tsv"))):
            rel = folder + "/" + os.path.basename(path)
            posts = read_tsv(path, rel in CRITICISM_FILES)
            out += [(folder + " (held out, all)", t, dev_labels(lb))
                    for t, lb in posts]
            if rel in DEV_ELSEWHERE:  # also alone, as without --hold-out
                out += [(folder, t, dev_labels(lb)) for t, lb in posts]
    return out


def score_dev(name, m, dev, dev_feats):
    """Precision, recall and F1 on each set of development posts, each
    post scored as the host scores it (its highest unit)."""
    for part in sorted({s for s, _, _ in dev}):
        keep = [i for i, (s, _, y) in enumerate(dev)
                if s == part and name in y]
        if not keep:  # a set the model trains on (HARASSMENT_ONLY)
            continue
        y = np.array([dev[i][2][name] for i in keep])
        p = post_scores(m, dev_feats, keep)
        print("%s: development set %s (%d posts, %d positive), fitted on "
              "all the training data" % (name, part, len(y), int(y.sum())))
        print("  %5s %6s %6s %6s %5s %5s %5s" % ("thr", "P", "R", "F1", "TP",
                                                "FP", "FN"))
        for t in (0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7):
            print("  %5.2f %6.3f %6.3f %6.3f %5d %5d %5d"
                  % ((t,) + prf(y, p, t)))


# The packs' thresholds for each model (host/policies/*.json), at which
# --writers sums its figures.
PACK_THRESHOLD = {"harassment": 0.3, "disparaging": 0.35, "criticism": 0.35}
# The thresholds --writers prints found / false / missed at.
THRESHOLD_GRID = tuple(round(0.2 + 0.025 * k, 3) for k in range(11))
# --writers: the public sets are split into this many folds (ToxiGen by
# the group its statements are about, so a fold's groups are never seen
# in its fit; Davidson's tweets at random), each scored by a fit without it.
PUBLIC_FOLDS = 5


def load_all_origins(datasets):
    """load_all's examples (the same, in the same order) and where each
    came from: "davidson", "toxigen:GROUP", "corpus", "own:FOLDER" (""
    for data/ itself) or "gen"."""
    rng = random.Random(SEED)
    data = load_davidson(os.path.join(datasets, "davidson"), rng)
    origin = ["davidson"] * len(data)
    groups = []
    data += load_toxigen(os.path.join(datasets, "toxigen"), groups)
    origin += ["toxigen:" + g for g in groups]
    corpus = load_corpus()
    data += corpus
    origin += ["corpus"] * len(corpus)
    folders = []
    data += load_own(folders)
    origin += ["own:" + f for f in folders]
    gen = load_gen()
    data += gen
    origin += ["gen"] * len(gen)
    return data, origin


def writer_folders():
    """The folders of data/: each written by one hand."""
    return sorted(d for d in os.listdir(os.path.join(HERE, "data"))
                  if os.path.isdir(os.path.join(HERE, "data", d)))


def public_fold(origin):
    """Each public example's fold (0 .. PUBLIC_FOLDS-1), None for the
    rest: ToxiGen's groups dealt to the folds in a seeded order, Davidson's
    tweets each at random with the seed."""
    groups = sorted({o for o in origin if o.startswith("toxigen:")})
    random.Random(SEED).shuffle(groups)
    of_group = {g: k % PUBLIC_FOLDS for k, g in enumerate(groups)}
    rng = random.Random(SEED + 1)
    out = []
    for o in origin:
        if o == "davidson":
            out.append(rng.randrange(PUBLIC_FOLDS))
        else:
            out.append(of_group.get(o))
    return out


def print_heldout(title, y, p, thr):
    """One line of --writers's table: found, false and missed at the
    pack's threshold and F1 at a few more."""
    pr, rc, f1, tp, fp, fn = prf(y, p, thr)
    more = " ".join("%.2f:%.3f" % (t, prf(y, p, t)[2])
                    for t in (0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6))
    print("  %-22s %4d %4d %4d %4d  %5.3f %5.3f %5.3f  %s"
          % (title, len(y), tp, fp, fn, pr, rc, f1, more))
    # found / false / missed at the other thresholds too, every 0.025
    # from 0.2 to 0.45: a threshold is chosen on these sums
    counts = " ".join("%.3f:%d/%d/%d" % ((t,) + prf(y, p, t)[3:])
                      for t in THRESHOLD_GRID)
    print("  %-22s %s" % ("", counts))


def heldout(args):
    """--writers: how each model does on text its writers did not write
    for it. For each folder of data/ (another hand's posts), a fit without
    it, scoring all its posts (its development posts too) as the host does,
    by each post's highest unit; then the public sets in PUBLIC_FOLDS folds,
    each scored by a fit without it. Figures at the packs' thresholds,
    each folder's and summed."""
    data, origin = load_all_origins(args.datasets)
    feats = features(args.binary, [t for t, _, _ in data])
    writers = writer_folders()
    evals = []  # (folder, text, labels by model)
    for folder in writers:
        for path in sorted(glob.glob(os.path.join(HERE, "data", folder,
                                                  "*.tsv"))):
            rel = folder + "/" + os.path.basename(path)
            evals += [(folder, t, dev_labels(lb))
                      for t, lb in read_tsv(path, rel in CRITICISM_FILES)]
    eval_feats = features(args.binary, [t for _, t, _ in evals])
    fold = public_fold(origin)
    for name in args.only or sorted(CONFIG):
        thr = PACK_THRESHOLD[name]
        idx = [i for i, (_, y, _) in enumerate(data) if name in y]
        units = [feats[i] for i in idx]
        y = np.array([data[i][1][name] for i in idx])
        w = np.array([CONFIG[name]["weight"][data[i][2]] for i in idx])
        org = [origin[i] for i in idx]
        fo = [fold[i] for i in idx]
        print("%s: held out, at threshold %.2f (posts, found, false, "
              "missed; P, R, F1; F1 at other thresholds)" % (name, thr))
        ally, allp = [], []
        for folder in writers:
            keep = [k for k in range(len(y)) if org[k] != "own:" + folder]
            m = fit(name, *training_rows(units, y, w, keep,
                                         SENTENCE_WEIGHT[name]))
            ev = [k for k, (f, _, lb) in enumerate(evals)
                  if f == folder and name in lb]
            ey = np.array([evals[k][2][name] for k in ev])
            ep = post_scores(m, eval_feats, ev)
            print_heldout(folder, ey, ep, thr)
            ally.append(ey)
            allp.append(ep)
        print_heldout("writers, summed", np.concatenate(ally),
                      np.concatenate(allp), thr)
        if args.no_public:
            continue
        pub = [k for k in range(len(y)) if fo[k] is not None]
        pp = np.zeros(len(y))
        for f in range(PUBLIC_FOLDS):
            keep = [k for k in range(len(y)) if fo[k] != f]
            test = [k for k in range(len(y)) if fo[k] == f]
            if not test:
                continue
            m = fit(name, *training_rows(units, y, w, keep,
                                         SENTENCE_WEIGHT[name]))
            pp[test] = post_scores(m, units, test)
        for part in ("toxigen", "davidson"):
            sel = [k for k in pub if org[k].split(":")[0] == part]
            if sel:
                print_heldout(part + " (folds)", y[sel], pp[sel], thr)


def build(args):
    data = load_all(args.datasets)
    feats = features(args.binary, [t for t, _, _ in data])
    sha = data_sha(data)
    dev = load_dev() if args.dev else []
    dev_feats = features(args.binary, [t for _, t, _ in dev]) if dev else []
    out = {}
    for name in args.only or sorted(CONFIG):
        units, y, w, src = dataset(data, feats, name)
        if args.cv:
            cross_validate(name, units, y, w, src)
            continue
        X, ry, rw = training_rows(units, y, w, range(len(y)),
                                  SENTENCE_WEIGHT[name])
        m = fit(name, X, ry, rw)
        if args.dev:
            score_dev(name, m, dev, dev_feats)
            continue
        out[name] = model_text(name, m, sha, counts_of(y, src))
    return out


def parse_model(text):
    head, weights = {"cut": PRUNE}, {}
    for ln in text.splitlines():
        hit = re.search(r"\|w\| < ([0-9.]+) dropped", ln)
        if hit:
            head["cut"] = float(hit.group(1))
        if ln.startswith("#") or not ln:
            continue
        a, b = ln.split(" ", 1)
        if a.isdigit():
            weights[int(a)] = float(b)
        else:
            head[a] = b
    return head, weights


def compare(name, old, new, tol):
    """Byte for byte, else every weight within tol (a weight present in
    one file only compares with 0 and may be up to the larger cut plus
    0.001 (the cut's rounding) plus tol)."""
    if old == new:
        print("%s: identical" % name)
        return True
    (ho, wo), (hn, wn) = parse_model(old), parse_model(new)
    worst = abs(float(ho.get("bias", 0)) - float(hn.get("bias", 0)))
    cut = max(ho["cut"], hn["cut"]) + 0.001
    for b in set(wo) | set(wn):
        d = abs(wo.get(b, 0.0) - wn.get(b, 0.0))
        lim = tol + (cut if (b in wo) != (b in wn) else 0.0)
        worst = max(worst, d - lim + tol)
    ok = worst <= tol
    print("%s: differs; largest weight difference beyond tolerance %.6f "
          "(tolerance %g): %s" % (name, worst, tol, "OK" if ok else "FAILED"))
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", default=os.path.join(ROOT, "build",
                                                     "postcheck"))
    ap.add_argument("--datasets", default=os.path.join(ROOT, "..", "shared",
                                                       "datasets"))
    ap.add_argument("--check", action="store_true",
                    help="rebuild and compare with the committed files")
    ap.add_argument("--cv", action="store_true",
                    help="print 5-fold cross-validation figures")
    ap.add_argument("--dev", action="store_true",
                    help="fit on all the training data and print figures "
                    "on the development set dev/*.tsv (writes nothing)")
    ap.add_argument("--writers", action="store_true",
                    help="leave each folder of data/ (another hand's "
                    "posts) out in turn and score it, and the public sets "
                    "in folds (writes nothing)")
    ap.add_argument("--hold-out", action="append", default=[],
                    metavar="FOLDER",
                    help="with --dev: leave data/FOLDER (another hand's "
                    "posts) out of the training and score all of it")
    ap.add_argument("--no-gen", action="store_true",
                    help="with --dev or --cv: leave generate.py's posts "
                    "out of the training")
    ap.add_argument("--no-public", action="store_true",
                    help="with --writers: the hands only, without the "
                    "public sets' folds")
    ap.add_argument("--only", action="append", choices=sorted(CONFIG),
                    help="with --cv or --dev: only this model (may be "
                    "repeated)")
    ap.add_argument("--tolerance", type=float, default=1e-4)
    args = ap.parse_args()
    if args.only and not (args.cv or args.dev or args.writers):
        ap.error("--only goes with --cv or --dev: the files are written "
                 "together")
    if args.hold_out and not args.dev:
        ap.error("--hold-out goes with --dev")
    if args.no_gen and not (args.cv or args.dev):
        ap.error("--no-gen goes with --dev or --cv")
    if args.writers and (args.cv or args.dev or args.check or args.hold_out
                         or args.no_gen):
        ap.error("--writers goes alone (or with --only, --no-public)")
    if args.no_public and not args.writers:
        ap.error("--no-public goes with --writers")
    if args.writers:
        heldout(args)
        return 0
    HELD_OUT.extend(args.hold_out)
    NO_GEN.extend([True] if args.no_gen else [])
    out = build(args)
    if args.cv or args.dev:
        return 0
    ok = True
    for name, text in sorted(out.items()):
        path = os.path.join(HERE, name + ".model")
        if args.check:
            try:
                with open(path, encoding="utf-8") as f:
                    ok &= compare(name, f.read(), text, args.tolerance)
            except OSError as e:
                print("%s: %s" % (name, e))
                ok = False
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            print("wrote %s (%d weights)" % (path, text.count("\n") - 11))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
