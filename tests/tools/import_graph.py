#!/usr/bin/env python3
"""import_graph.py: checks that the host's import graph has no cycle.

Reads the object files of the host library (pc_core) with `nm`: file A
imports file B when A uses a symbol B defines (calls, data). That is the
graph the code really has, whatever the headers say. It is checked at two
levels:
  file    host/rules.c -> host/match.c
  module  a file's name up to its first '_' (rules_lint.c and rules.c are
          module "rules"): the parts of docs/ARCHITECTURE in the README.
Every cycle (strongly connected component of more than one node) fails
the check (exit 1), unless it is listed in the --known file; a listed
cycle that is gone fails too, so the list can only shrink. Exit 0: no
cycle but those listed.

Usage: import_graph.py [--quiet] [--known FILE] OBJ... | "OBJ;OBJ;..."
(CMake passes $<TARGET_OBJECTS:pc_core> as one ';'-separated argument).
--quiet leaves out the edge list. Known-file lines: "file: a b c" or
"module: x y", names sorted, '#' starts a comment.
"""
import os
import subprocess
import sys


def source_name(obj):
    """.../host/rules.c.o -> rules; .../builtin_packs.c.o -> builtin_packs."""
    base = os.path.basename(obj)
    for ext in (".c.o", ".cc.o", ".cpp.o", ".o", ".obj"):
        if base.endswith(ext):
            return base[: -len(ext)]
    return base


def module_of(name):
    return name.split("_", 1)[0]


def symbols(obj):
    """The symbols obj defines (text, data, bss, read-only) and uses."""
    out = subprocess.run(["nm", "-P", obj], check=True, capture_output=True,
                         text=True).stdout
    defined, undefined = set(), set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) < 2:
            continue
        name, kind = parts[0], parts[1]
        if kind == "U":
            undefined.add(name)
        elif kind in "TDBRCVWGS":
            defined.add(name)
    return defined, undefined


def cycles(nodes, edges):
    """Strongly connected components of more than one node (Tarjan)."""
    index, low, on, stack, out = {}, {}, set(), [], []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(tuple(sorted(comp)))

    sys.setrecursionlimit(10000)
    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return out


def read_known(path):
    known = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            level, _, names = line.partition(":")
            known.add((level.strip(), tuple(sorted(names.split()))))
    return known


def main(argv):
    quiet, known_path, objs = False, None, []
    it = iter(argv)
    for a in it:
        if a == "--quiet":
            quiet = True
        elif a == "--known":
            known_path = next(it)
        else:
            objs += [o for o in a.split(";") if o]
    if not objs:
        print(__doc__)
        return 2
    owner, uses = {}, {}
    for obj in objs:
        name = source_name(obj)
        defined, undefined = symbols(obj)
        uses[name] = undefined
        for s in defined:
            owner.setdefault(s, name)
    files, mods = {}, {}
    for name, und in uses.items():
        for s in und:
            dep = owner.get(s)
            if dep and dep != name:
                files.setdefault(name, set()).add(dep)
                if module_of(dep) != module_of(name):
                    mods.setdefault(module_of(name), set()).add(
                        module_of(dep))
    if not quiet:
        for name in sorted(files):
            print("%-24s -> %s" % (name, " ".join(sorted(files[name]))))
    known = read_known(known_path) if known_path else set()
    found = set()
    bad = 0
    for level, nodes, edges in (("file", set(uses), files),
                                ("module", {module_of(n) for n in uses},
                                 mods)):
        comps = cycles(nodes, edges)
        for comp in comps:
            found.add((level, comp))
            listed = (level, comp) in known
            bad += not listed
            print("%s: %s cycle: %s" % ("known" if listed else "FAIL",
                                        level, " ".join(comp)))
        print("%d %ss, %d %s edges, %d cycle(s)" % (
            len(nodes), level, sum(len(v) for v in edges.values()), level,
            len(comps)))
    for level, comp in sorted(known - found):
        bad += 1
        print("FAIL: listed %s cycle is gone, remove it from %s: %s" % (
            level, known_path, " ".join(comp)))
    print("import graph: %s" % ("ok" if bad == 0 else "%d problem(s)" % bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
