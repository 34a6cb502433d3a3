#!/usr/bin/env python3
"""stderr_writers.py: checks that log.c is the host's only writer to stderr
(issue 16, step 5).

Reads the object files of the host library (pc_core) with `nm`, as
import_graph.py does, and lists every file that uses the C library's
`stderr` stream or a function that writes to it on its own (perror,
psignal, psiginfo, warn*, err*). Only log.c may; install.c hands `stderr`
to pc__install_run as the stream for its messages (its tests pass their
own), and writes nothing itself. Exit 0 when no other file does, 1 with
the list otherwise.

Usage: stderr_writers.py OBJ... | "OBJ;OBJ;..."
"""
import sys

from import_graph import source_name, symbols

WRITERS = {"stderr", "perror", "psignal", "psiginfo", "warn", "warnx",
           "vwarn", "vwarnx", "err", "errx", "verr", "verrx", "error",
           "error_at_line"}
ALLOWED = {"log", "install"}


def used(obj):
    """The undefined symbols obj uses (names without a @VERSION)."""
    return {name.split("@")[0] for name in symbols(obj)[1]}


def main(argv):
    objs = [o for a in argv for o in a.split(";") if o]
    if not objs:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    bad = []
    for obj in sorted(objs):
        name = source_name(obj)
        hits = sorted(used(obj) & WRITERS)
        if hits and name not in ALLOWED:
            bad.append(f"{name}: {', '.join(hits)}")
    for line in bad:
        print(f"writes to stderr outside log.c: {line}")
    print(f"{len(objs)} objects, {len(bad)} writing to stderr outside log.c")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
