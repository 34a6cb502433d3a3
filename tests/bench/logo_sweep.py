#!/usr/bin/env python3
"""tests/bench/logo_sweep.py: fits the logo finder's verifying score
(SCORE_W, SCORE_B and SCORE_MIN in host/vision/logo_verify.cpp) from the lines
`pc_logo_bench --scores FILE` writes, on dev seeds only.

Each verified place (the first TOP_K a photo's proposals give) is labelled:
a place within a quarter of the logo's width of a pasted logo's centre is
the logo; a place in a photo without the logo, or over a logo's width from
the pasted one, is not (places in between are left out). The logo's width
is its share of the photo's width times the thumbnail's width, which the
line gives (under 384 px for a photo that stands upright). A logistic
regression (class-weighted, L2, plain gradient descent: no numpy here) over
the measures (vision.h's PC_LOGO_F_*, the proposal score capped at 20 and
over 10, the log of the place's width over 100 px) gives each place a
score; a photo shows the logo when the keypoint vote has at least
KEY_INLIERS inliers or any of its places that passes logo_verify.cpp's checks
beside the score (TINT_SLACK, FLAT_MAX, INSIDE_MIN) scores at least the threshold.
The finder's third vote, the close-up keypoints on the same places when none
verifies (logos.cpp's close_vote), is not in the lines: the counts here are
those of the keypoint and template votes alone, a floor under the finder's.
For each false-hit budget it sets the threshold just above that many
photos without the logo and prints the recall (and at 8-15% width), first
leaving one seed out at a time (fitted and set on the others, counted on
it: an honest estimate), then fitted on all; then the weights, as the C++
wants them.

With --eval FILE (repeatable), the model fitted on all of SCORES, with
each threshold set on SCORES' photos without the logo, is counted on FILE
too: seeds kept out of the fit (dev seeds, to choose by; test seeds only
once the choice is made).

With --only NAME,NAME... the regression uses only those inputs (NAMES
below), to compare a set of measures with another on the same lines.

Usage: tests/bench/logo_sweep.py [--only NAMES] [--budget N,N...] SCORES... [--eval FILE]...
"""
import math
import sys

KEY_INLIERS = 8   # host/vision/logos.cpp's KEY_INLIERS_UP (thumbnails; 6 for --detail lines)
TINT_SLACK = 0.05  # host/vision/logo_verify.cpp: a place whose colours disagree never counts,
FLAT_MAX = 0.05    # nor one where the photo is blank under a detailed cell of the logo,
INSIDE_MIN = 0.2   # nor one INSIDE_WIDTH px wide or more where the logo's inside (its
INSIDE_WIDTH = 100 # letters and marks) is not there
TOP_K = 8         # host/vision/logos.cpp
N_MEASURES = 12   # PC_LOGO_F_COUNT
NAMES = ['whole', 'cell', 'ecc', 'grad', 'orient', 'cellq', 'blur', 'prop', 'log width',
         'cover', 'flat', 'tint', 'inside']
# The inputs the regression uses (--only): the first eleven; tint and inside
# are checked on their own (checks_pass), not in the score.
USE = list(range(11))


HEAD = 8          # seed, pos/neg, share, centre x, y, thumbnail width, photo, inliers


def read(paths):
    rows = []
    for path in paths:
        for line in open(path):
            f = line.split()
            if not line.endswith('\n'):
                continue  # a line still being written
            if len(f) < HEAD or (len(f) - HEAD) % (3 + N_MEASURES):
                sys.exit(f'{path}: a line not as pc_logo_bench --scores writes it (older '
                         f'files lack the thumbnail width: write them again)')
            places = []
            for i in range(HEAD, len(f), 3 + N_MEASURES):
                v = list(map(float, f[i:i + 3 + N_MEASURES]))
                places.append({'x': v[0], 'y': v[1], 'w': v[2], 'f': v[3:]})
            rows.append({'seed': int(f[0]), 'pos': f[1] == 'pos', 'frac': float(f[2]),
                         'centre': (float(f[3]), float(f[4])), 'width': int(f[5]),
                         'photo': f[6], 'inliers': int(f[7]),
                         'places': places[:TOP_K]})
    return rows


def measures(p):
    """The regression's inputs for place p (as logo_verify.cpp's combine), or None
    when ECC could not refine it."""
    f = p['f']
    if f[0] <= -1 and f[1] <= -1:
        return None
    x = f[:7] + [min(f[7], 20) / 10, math.log(p['w'] / 100)] + f[8:]
    return [x[i] for i in USE]


def label(r, p):
    if not r['pos']:
        return 0
    w = max(r['frac'] * r['width'], p['w'])
    d = math.hypot(p['x'] - r['centre'][0], p['y'] - r['centre'][1])
    return 1 if d < 0.25 * w else 0 if d > w else None


def fit(rows, l2=1e-3, steps=400, rate=0.5):
    X, y = [], []
    for r in rows:
        for p in r['places']:
            x, t = measures(p), label(r, p)
            if x is not None and t is not None:
                X.append(x)
                y.append(t)
    n, d = len(X), len(X[0])
    mu = [sum(x[j] for x in X) / n for j in range(d)]
    sd = [max(1e-6, math.sqrt(sum((x[j] - mu[j]) ** 2 for x in X) / n)) for j in range(d)]
    Z = [[(x[j] - mu[j]) / sd[j] for j in range(d)] for x in X]
    pos_weight = (n - sum(y)) / max(1, sum(y))
    w, b = [0.0] * d, 0.0
    for _ in range(steps):
        gw, gb = [0.0] * d, 0.0
        for z, t in zip(Z, y):
            s = max(-30.0, min(30.0, b + sum(a * c for a, c in zip(w, z))))
            g = (1 / (1 + math.exp(-s)) - t) * (pos_weight if t else 1)
            gb += g
            for j in range(d):
                gw[j] += g * z[j]
        b -= rate * gb / n
        for j in range(d):
            w[j] -= rate * (gw[j] / n + l2 * w[j])
    raw = [w[j] / sd[j] for j in range(d)]
    return raw, b - sum(w[j] * mu[j] / sd[j] for j in range(d))


def checks_pass(p):
    """logo_verify.cpp's checks beside the score: TINT_SLACK (PC_LOGO_F_TINT
    against _WHOLE), FLAT_MAX (PC_LOGO_F_FLAT) and INSIDE_MIN (PC_LOGO_F_INSIDE,
    at places INSIDE_WIDTH wide or more)."""
    return (p['f'][10] >= p['f'][0] - TINT_SLACK and p['f'][9] <= FLAT_MAX and
            (p['w'] < INSIDE_WIDTH or p['f'][11] >= INSIDE_MIN))


def best_score(r, model):
    w, b = model
    s = [b + sum(a * c for a, c in zip(w, x)) for x, p in
         zip(map(measures, r['places']), r['places']) if x is not None and checks_pass(p)]
    return max(s, default=-1e9)


def count(rows, model, threshold):
    """(found, pasted, found small, small, false hits, photos without)."""
    out = [0] * 6
    for r in rows:
        hit = r['inliers'] >= KEY_INLIERS or best_score(r, model) >= threshold
        if r['pos']:
            small = r['frac'] < 0.15
            out[0:4] = [out[0] + hit, out[1] + 1, out[2] + (hit and small), out[3] + small]
        else:
            out[4:6] = [out[4] + hit, out[5] + 1]
    return out


def threshold(rows, model, budget):
    neg = sorted((best_score(r, model) for r in rows
                  if not r['pos'] and r['inliers'] < KEY_INLIERS), reverse=True)
    return neg[budget] + 1e-6 if len(neg) > budget else -1e9


def line(c):
    return (f'{c[0]}/{c[1]} ({c[0] / max(1, c[1]):.3f}; at 8-15% width {c[2]}/{c[3]}), '
            f'{c[4]} false hits in {c[5]}')


def main():
    global USE
    args = sys.argv[1:]
    budgets = [0, 1, 2, 3]
    if args and args[0] == '--only':
        USE = [NAMES.index(n) for n in args[1].split(',')]
        args = args[2:]
    if args and args[0] == '--budget':
        budgets = [int(b) for b in args[1].split(',')]
        args = args[2:]
    evals = []
    while '--eval' in args:
        at = args.index('--eval')
        evals.append(args[at + 1])
        del args[at:at + 2]
    rows = read(args)
    seeds = sorted({r['seed'] for r in rows if r['pos']})
    held = {b: [0] * 6 for b in budgets}
    for seed in seeds:
        train = [r for r in rows if r['seed'] != seed]
        model = fit(train)
        for b in budgets:
            c = count([r for r in rows if r['seed'] == seed], model, threshold(train, model, b))
            held[b] = [x + y for x, y in zip(held[b], c)]
    for b in budgets:
        print(f'leaving one seed out, threshold at {b} false hits in the others: {line(held[b])}')
    model = fit(rows)
    for b in budgets:
        t = threshold(rows, model, b)
        print(f'all seeds, threshold {t:.3f} ({b} false hits allowed): '
              f'{line(count(rows, model, t))}')
    for path in evals:
        other = read([path])
        for b in budgets:
            print(f'{path}, threshold at {b} false hits in the fit: '
                  f'{line(count(other, model, threshold(rows, model, b)))}')
    print('SCORE_W (' + ', '.join(NAMES[i] for i in USE) + '): {' +
          ', '.join(f'{w:.4f}' for w in model[0]) + f'}}; SCORE_B {model[1]:.4f}')


main()
