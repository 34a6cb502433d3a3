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
import os
import subprocess
import sys

WRITERS = {"stderr", "perror", "psignal", "psiginfo", "warn", "warnx",
           "vwarn", "vwarnx", "err", "errx", "verr", "verrx", "error",
           "error_at_line"}
ALLOWED = {"log", "install"}


def source_name(obj):
    """.../host/log.c.o -> log."""
    base = os.path.basename(obj)
    for ext in (".c.o", ".cc.o", ".cpp.o", ".o", ".obj"):
        if base.endswith(ext):
            return base[: -len(ext)]
    return base


def used(obj):
    """The undefined symbols obj uses (names without a @VERSION)."""
    out = subprocess.run(["nm", "-P", "-u", obj], check=True,
                         capture_output=True, text=True).stdout
    return {line.split()[0].split("@")[0] for line in out.splitlines()
            if line.strip()}


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
