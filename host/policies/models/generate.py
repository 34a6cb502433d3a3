#!/usr/bin/python3
"""Labelled posts from templates, seeded, for the models (train.py reads
them as the source "gen"): many shapes across many targets, so the models
learn what is said of a target rather than one hand's wording.

Written for this project (MIT, as the repository) from the policies'
meaning and issue 11's list of capabilities (the published descriptions of
HateCheck's functionalities, never its cases; nothing from the corpus, the
blind batches or the development sets): harassment of protected groups,
of the organisation's people and of a person (explicit and implicit
derogation, stereotypes, dehumanising comparison, exclusion, threats,
insults and profanity aimed at someone, pronoun reference, questions and
opinions, evasive spellings); running the organisation down without an
insult word (decline, "glorified X", sarcasm, value for money, warnings
not to join); and what must stay quiet: counter-speech, reports that quote
abuse, negation, neutral and positive statements about groups, slur
homonyms, abuse aimed at things, idioms of violence, criticism of events,
trains and the government, the organisation's news, and fair criticism of
one decision (`c`).

Labels as data/*.tsv: h harassment, d disparaging, c criticism without a
put-down, - neither. Three sets of templates (SETS): the first (session
9), the second (session 12: insults said of a person in the third person,
stereotypes of groups the class list lacks, veiled threats and calls to
pile on, beside praise, reports, counter-speech and negation) and the
third (session 12: the organisation named in news, praise and questions,
and shapes of a put-down that put nobody down). Each set's templates are
filled FILLS times with slots drawn from a random.Random of its own seed;
a quarter of each family's templates (drawn with the same seed) is held
out: never trained on, filled for the development sets of train.py --dev
(`generated`: the first set's; `generated2`: the second's and third's), so
those sets' shapes are ones the models never saw, only their slots.

The slots are in generate_slots.py and the templates in generate_templates.py
(beside this file); here, how they are filled, evaded and split.

Run alone: python3 generate.py [--held-out] prints LABELS<TAB>TEXT lines.
"""
import random
import re
import sys

from generate_slots import S
from generate_templates import T, T2, T3

SEED = 20261204
FILLS = 5
HELD_OUT_SHARE = 4  # one template in 4 of each family

# Words an evasive spelling may hide (the slots INS, INSPL, INSADJ, DEHUM):
# letters spaced out, dotted, swapped, doubled, left out, or replaced
# with symbols or digits.
LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"}
SYMB = {"a": "@", "i": "!", "s": "$", "o": "*", "u": "*", "e": "*"}
EVADE_SHARE = 0.3


def evade(word, rng):
    if len(word) < 4 or " " in word:
        return word
    how = rng.randrange(7)
    if how == 0:
        return " ".join(word)
    if how == 1:
        return ".".join(word)
    if how == 2:
        return "".join(LEET.get(c, c) if rng.random() < 0.6 else c
                       for c in word)
    if how == 3:
        i = rng.randrange(1, len(word) - 1)
        return word[:i] + SYMB.get(word[i], "*") + word[i + 1:]
    if how == 4:
        i = rng.randrange(1, len(word) - 2)
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if how == 5:
        i = rng.randrange(1, len(word) - 1)
        return word[:i] + word[i + 1:]
    i = rng.randrange(len(word))
    return word[:i] + word[i] * 3 + word[i + 1:]


def fill(template, label, rng):
    out, i = [], 0
    while True:
        a = template.find("{", i)
        if a < 0:
            out.append(template[i:])
            break
        b = template.index("}", a)
        out.append(template[i:a])
        slot = template[a + 1:b]
        v = rng.choice(S[slot])
        if slot in ("INS", "INSPL", "INSADJ", "DEHUM") and \
                rng.random() < EVADE_SHARE:
            v = evade(v, rng)
        out.append(v)
        i = b + 1
    text = re.sub(r"\b([Aa]) (?=[aeio])", r"\1n ", "".join(out))
    text = text[0].upper() + text[1:]
    # the same post in lower case now and then, as people type
    if rng.random() < 0.15:
        text = text.lower()
    return text


def split(templates=None, seed=SEED):
    """The templates trained on and those held out: a quarter of each
    family (at least one of a family of four or more), drawn with seed."""
    rng = random.Random(seed)
    fams = {}
    for k, (fam, _, _) in enumerate(T if templates is None else templates):
        fams.setdefault(fam, []).append(k)
    held = set()
    for fam in sorted(fams):
        ks = fams[fam]
        rng.shuffle(ks)
        held.update(ks[:len(ks) // HELD_OUT_SHARE])
    return held


# The sets of templates, each with its own seed for its split and fills
# (a set added later leaves the earlier sets' posts as they were).
SETS = {"first": (T, SEED), "second": (T2, SEED + 2), "third": (T3, SEED + 3)}


def posts(held_out=False, which=("first", "second", "third")):
    """(text, labels) of the templates trained on (or, with held_out, of
    those held out) of the sets named, each filled FILLS times, duplicates
    dropped."""
    out, seen = [], set()
    for name in which:
        templates, seed = SETS[name]
        held = split(templates, seed)
        rng = random.Random(seed + (1 if held_out else 0))
        for k, (_, label, template) in enumerate(templates):
            if (k in held) != held_out:
                continue
            n = FILLS if "{" in template else 1
            for _ in range(n):
                t = fill(template, label, rng)
                if t not in seen:
                    seen.add(t)
                    out.append((t, label))
    return out


if __name__ == "__main__":
    for t, lb in posts("--held-out" in sys.argv[1:]):
        print("%s\t%s" % (lb, t))
