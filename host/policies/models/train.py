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

The work is split by what it does, in modules beside this one:
train_data.py (the data, its labels by model, which hands' files are
registered as what, and the development posts), train_fit.py (the
settings, the host's features and the fit), train_eval.py (--cv, --dev
and --writers figures) and train_files.py (writing a model file and
comparing it); generate.py (with generate_slots.py and
generate_templates.py) writes the posts from templates.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# The modules beside this file (the path above finds them).
from train_data import (HELD_OUT, HERE, NO_GEN, ROOT, load_all,  # noqa: E402
                        load_dev)
from train_eval import cross_validate, heldout, score_dev  # noqa: E402
from train_files import compare, counts_of, data_sha, model_text  # noqa: E402
from train_fit import (CONFIG, SENTENCE_WEIGHT, dataset, features,  # noqa: E402
                       fit, training_rows)


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
