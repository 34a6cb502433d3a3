#!/usr/bin/python3
"""train.py's model files: the text of one (header with the data's
checksum and counts, then its weights) and the comparison --check makes
with the committed file.
"""
import hashlib
import json
import re

import numpy as np

from train_fit import BUCKETS, CONFIG, PRUNE, SEED, cut_of

# The feature version the host computes (PC_MODEL_FEATURES in model.h).
FEATURES = 6


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
