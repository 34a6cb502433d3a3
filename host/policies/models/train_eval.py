#!/usr/bin/python3
"""train.py's figures: 5-fold cross-validation (--cv), the development
sets (--dev) and each hand's folder held out in turn and the public sets
in folds (--writers).
"""
import glob
import os
import random

import numpy as np
from sklearn.model_selection import StratifiedKFold

from train_data import (CRITICISM_FILES, HERE, dev_labels, load_all_origins,
                        read_tsv, writer_folders)
from train_fit import (CONFIG, CV_TOL, SEED, SENTENCE_WEIGHT, features, fit,
                       post_scores, training_rows)


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
