#!/usr/bin/env python3
"""tests/bench/logo_sweep.py: sets the logo finder's two thresholds (the
whole-logo colour NCC and the median cell NCC of host/vision/logos.cpp)
from the lines `pc_logo_bench --scores FILE` writes, on dev seeds only.

A photo counts as showing the logo when the keypoint vote has at least 6
inliers (the finder's KEY_INLIERS) or any verified place reaches both
thresholds. For each pair on a grid it counts the pasted logos found (recall, and at 8-15% width) and the
false hits in photos without the logo; it prints, for each false-hit budget
asked for, the pairs with the best recall within it, and the highest
scores any photo without the logo reached.

Usage: tests/bench/logo_sweep.py [--budget N,N...] SCORES...
"""
import sys

KEY_INLIERS = 6  # host/vision/logos.cpp


def read(paths):
    rows = []
    for path in paths:
        for line in open(path):
            f = line.split()
            places = [tuple(map(float, f[i:i + 5])) for i in range(7, len(f), 5)]
            rows.append({'pos': f[1] == 'pos', 'frac': float(f[2]),
                         'centre': (float(f[3]), float(f[4])), 'photo': f[5],
                         'inliers': int(f[6]), 'places': places})
    return rows


def found(r, whole, cell):
    if r['inliers'] >= KEY_INLIERS:
        return True
    return any(p[0] >= whole and p[1] >= cell for p in r['places'])


def main():
    args = sys.argv[1:]
    budgets = [0, 1, 2]
    if args and args[0] == '--budget':
        budgets = [int(b) for b in args[1].split(',')]
        args = args[2:]
    rows = read(args)
    pos = [r for r in rows if r['pos']]
    neg = [r for r in rows if not r['pos']]
    small = [r for r in pos if r['frac'] < 0.15]
    print(f'{len(pos)} pasted logos ({len(small)} at 8-15% width), {len(neg)} photos '
          f'without the logo; keypoint vote: {sum(r["inliers"] >= KEY_INLIERS for r in pos)} '
          f'found, {sum(r["inliers"] >= KEY_INLIERS for r in neg)} false')
    grid = []
    for wi in range(0, 100, 2):
        whole = wi / 100
        for ci in range(50, 100):
            cell = ci / 100
            hits = sum(found(r, whole, cell) for r in pos)
            small_hits = sum(found(r, whole, cell) for r in small)
            false = sum(found(r, whole, cell) for r in neg)
            grid.append((hits, small_hits, false, whole, cell))
    for b in budgets:
        ok = [g for g in grid if g[2] <= b]
        ok.sort(key=lambda g: (-g[0], g[2], -g[4], -g[3]))
        print(f'at most {b} false hits in {len(neg)}:')
        for hits, small_hits, false, whole, cell in ok[:8]:
            print(f'  whole >= {whole:.2f}, cell >= {cell:.2f}: {hits}/{len(pos)} '
                  f'({hits / max(1, len(pos)):.3f}; small {small_hits}/{len(small)}), '
                  f'{false} false')
    top = sorted(((max((p[0] for p in r['places']), default=-1),
                   max((p[1] for p in r['places']), default=-1), r['photo']) for r in neg),
                 key=lambda t: -t[1])[:10]
    print('highest scores without the logo (best whole, best cell, photo):')
    for w, c, photo in top:
        print(f'  {w:.3f} {c:.3f} {photo}')


main()
