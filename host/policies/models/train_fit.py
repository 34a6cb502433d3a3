#!/usr/bin/python3
"""train.py's fitting: each model's settings (CONFIG and the weights of a
post's sentences), the host's features of each text (`postcheck model
features`), the rows a model is fitted on, the fit itself and the scores
of posts as the host takes them (each by its highest unit).
"""
import json
import subprocess
import sys

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression

BUCKETS = 1 << 18
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
