#!/usr/bin/env python3
"""startup.py: what the host's start costs (issue 16, step 6), printed,
never judged: `python3 tests/bench/startup.py [BINARY] [PACK]`.

- CPU time of `postcheck serve` for start, hello naming the pack and one
  280-character check, with both requests written before the host reads
  (so it never idles and does no warm-up step): getrusage of the child,
  median of RUNS starts, and its user and system parts (the system part
  is mostly page faults: the libraries' pages, the heap's). CPU time,
  unlike wall time, hardly moves with the machine's load.
- the same start cold, as after a reboot or a long while unused: before
  each of COLD_RUNS starts the binary and the phone module beside it are
  evicted from the page cache (posix_fadvise POSIX_FADV_DONTNEED, which
  drops a file's clean pages no process maps), so the host reads its
  code and tables from disk again; wall time to the reply, CPU time and
  the major page faults (reads from disk) that show the eviction took.
  The shared libraries (ICU, libc, ...) are left cached: other programs
  keep them there on any machine the extension runs on.
- instructions for the same, counted by valgrind (callgrind) when
  valgrind is installed: the same on every run; and, when the binary has
  its symbols (a Release build does), where they go (inclusive counts of
  callgrind_annotate): the loader (_dl_start), the pack made ready
  (pc_packset_ready: its rules parsed, pc__pack_parse_opts, of which its
  word lists made matchers, pc__alt_add_list; its plain terms indexed,
  pc__termindex_finish; the models' word table, pc__model_words_prepare;
  the detectors, pc_detect_new_lazy) and the check (pc_check).
- memory of a host spoken to as the extension does: after the hello,
  after the first check, after its warm-up (JIT) is done, and after
  TRIPS more checks (memory that grows with use would show there): peak
  RSS (VmHWM); RSS split into the host's own pages (RssAnon: heap, JIT
  code) and the shared libraries' and binary's pages (RssFile); of the
  own pages, the JIT's code (anonymous executable mappings, from
  /proc/PID/smaps); and PSS (smaps_rollup), which shares each library
  page among the processes that map it: RSS counts a page of ICU or
  libc in full even when every process on the machine maps it.
Binary defaults to build-bench/postcheck (tests/bench/run builds it),
pack to llmat.

`python3 tests/bench/startup.py --compare BEFORE AFTER [PACK]` compares
two builds instead: COMPARE_RUNS starts of each, taken in turn (so a
change in the machine's load falls on both alike), the CPU time of each
start (wait4 of the child), its user and system parts and its minor page
faults (the pages mapped: the libraries', the heap's, and again each one
given back and read anew); medians and lower quartiles; then each
build's instructions and where they go, as above.
"""
import json
import os
import re
import resource
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time

RUNS = 20
COLD_RUNS = 5
COMPARE_RUNS = 80
TRIPS = 1000
TEXT = ("Great day at LLMAT with the year 4 class! Not sure what the "
        "government is thinking with this strike. Ring me on 07700 900123 "
        "or write to jane.doe@example.org. Our caf\u00e9 opens at 9 "
        "tomorrow, all welcome. Thanks to the volunteers who made it "
        "happen. So proud of everyone who came to the fair. Views are my "
        "own. Great day at LLMAT!")


def frame(obj):
    b = json.dumps(obj).encode()
    return struct.pack("=I", len(b)) + b


def requests(pack):
    return (frame({"type": "hello", "protocol": 1, "id": 0, "policy": pack})
            + frame({"type": "check", "id": 1, "policy": pack,
                     "account": {"kind": "personal", "handle": "@a"},
                     "site": "x.com", "text": TEXT[:280]}))


def run_once(binary, data):
    """(user ms, system ms, wall ms, major faults) of one start."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    out = subprocess.run([binary, "serve"], input=data, capture_output=True,
                         check=True).stdout
    wall = (time.monotonic() - t0) * 1000.0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if out.count(b'"result"') != 1:
        raise SystemExit("startup.py: no result from the check")
    return ((after.ru_utime - before.ru_utime) * 1000.0,
            (after.ru_stime - before.ru_stime) * 1000.0, wall,
            after.ru_majflt - before.ru_majflt)


def evict(binary):
    """Drops the host's own files from the page cache: the binary and the
    phone module it loads from beside itself (host/phone_load.c)."""
    here = os.path.dirname(os.path.abspath(binary))
    for path in (binary, os.path.join(here, "postcheck-phone.so")):
        if not os.path.exists(path):
            continue
        fd = os.open(path, os.O_RDONLY)
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


# Where a start's instructions go: (label, function), each counted with
# what it calls; an indented label is part of the one above it.
PARTS = (("the loader", "_dl_start"),
         ("the pack made ready", "pc_packset_ready"),
         ("  its rules parsed", "pc__pack_parse_opts"),
         ("    of which its word lists made matchers", "pc__alt_add_list"),
         ("  its plain terms indexed", "pc__termindex_finish"),
         ("  the models' word table", "pc__model_words_prepare"),
         ("  the detectors", "pc_detect_new_lazy"),
         ("the check", "pc_check"))


def parts(cg):
    """{function: inclusive instructions} for PARTS' functions, from
    callgrind's output file cg; {} without callgrind_annotate."""
    if not shutil.which("callgrind_annotate"):
        return {}
    r = subprocess.run(["callgrind_annotate", "--inclusive=yes",
                        "--threshold=100", cg], capture_output=True,
                       check=False)
    want = {f for _, f in PARTS}
    found = {}
    for line in r.stdout.decode(errors="replace").splitlines():
        # "  415,391 ( 5.00%)  FILE:FUNCTION [OBJECT]"
        m = re.match(r"\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+(\S+)", line)
        name = m.group(2).rpartition(":")[2] if m else None
        if name in want and name not in found:
            found[name] = int(m.group(1).replace(",", ""))
    return found


def instructions(binary, data):
    """(instructions, parts()) of one start, or (None, {})."""
    if not shutil.which("valgrind"):
        return None, {}
    with tempfile.TemporaryDirectory() as tmp:
        cg = os.path.join(tmp, "cg")
        r = subprocess.run(["valgrind", "--tool=callgrind",
                            "--callgrind-out-file=" + cg,
                            binary, "serve"], input=data,
                           capture_output=True, check=False)
        found = parts(cg) if os.path.exists(cg) else {}
    for line in r.stderr.decode(errors="replace").splitlines():
        if "I   refs:" in line:
            return int(line.split(":")[1].replace(",", "")), found
    return None, {}


def print_instructions(binary, data, name):
    ins, found = instructions(binary, data)
    if not ins:
        return
    print(f"{name}, instructions (callgrind): {ins / 1e6:.2f} M")
    for label, function in PARTS:
        if function in found:
            print(f"  {label + ' (' + function + ')':64s} "
                  f"{found[function] / 1e6:5.2f} M")


def status(pid):
    d = {"JIT": 0.0}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("VmHWM", "RssAnon", "RssFile"):
                d[k] = int(v.split()[0]) / 1024.0
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            k, _, v = line.partition(":")
            if k == "Pss":
                d[k] = int(v.split()[0]) / 1024.0
    # The JIT's code: anonymous mappings that are executable.
    jit = False
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            parts = line.split()
            if parts and "-" in parts[0] and not parts[0].endswith(":"):
                jit = len(parts) == 5 and "x" in parts[1]
            elif jit and parts[0] == "Rss:":
                d["JIT"] += int(parts[1]) / 1024.0
    return d


def memory(binary, pack):
    p = subprocess.Popen([binary, "serve"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE)
    hello, check = requests(pack), None
    n = struct.unpack("=I", hello[:4])[0]
    hello, check = hello[:4 + n], hello[4 + n:]
    rows = []
    for name, data in (("after the hello", hello),
                       ("after the first check", check)):
        p.stdin.write(data)
        p.stdin.flush()
        size = struct.unpack("=I", p.stdout.read(4))[0]
        p.stdout.read(size)
        rows.append((name, status(p.pid)))
    # Warm-up runs while the host is idle; wait until its memory settles.
    last, steady = None, 0
    for _ in range(100):
        time.sleep(0.1)
        now = status(p.pid)
        steady = steady + 1 if now == last else 0
        last = now
        if steady >= 5:
            break
    rows.append(("after warm-up (JIT)", last))
    for _ in range(TRIPS):
        p.stdin.write(check)
        p.stdin.flush()
        size = struct.unpack("=I", p.stdout.read(4))[0]
        p.stdout.read(size)
    rows.append((f"after {TRIPS} more checks", status(p.pid)))
    p.stdin.close()
    p.wait()
    return rows


def start_rusage(binary, data):
    """The rusage of one start (the child's own, from wait4): its
    requests written to a pipe first, its replies to /dev/null."""
    r, w = os.pipe()
    os.write(w, data)  # under a pipe's 64 KB: never blocks
    os.close(w)
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        pid = os.posix_spawn(binary, [binary, "serve"], dict(os.environ),
                             file_actions=[(os.POSIX_SPAWN_DUP2, r, 0),
                                           (os.POSIX_SPAWN_DUP2, null, 1)])
    finally:
        os.close(r)
        os.close(null)
    _, st, ru = os.wait4(pid, 0)
    if st != 0:
        raise SystemExit(f"startup.py: {binary} serve failed ({st})")
    return ru


def compare(before, after, pack):
    data = requests(pack)
    rows = {before: [], after: []}
    for _ in range(COMPARE_RUNS):
        for binary in (before, after):
            ru = start_rusage(binary, data)
            rows[binary].append((ru.ru_utime * 1000.0, ru.ru_stime * 1000.0,
                                 ru.ru_minflt))
    print(f"start + hello({pack}) + one 280-char check, {COMPARE_RUNS} "
          "starts of each, in turn:")
    for name, binary in (("before", before), ("after", after)):
        r = rows[binary]
        cpu = sorted(u + s for u, s, _ in r)
        print(f"  {name:6s} CPU median {statistics.median(cpu):5.1f} ms, "
              f"lower quartile {cpu[len(cpu) // 4]:5.1f} ms (user "
              f"{statistics.median(u for u, _, _ in r):.1f}, system "
              f"{statistics.median(s for _, s, _ in r):.1f}); minor faults "
              f"{statistics.median(f for _, _, f in r):.0f}   {binary}")
    for name, binary in (("before", before), ("after", after)):
        print_instructions(binary, data, f"{name} ({binary})")
    return 0


def main(argv):
    if len(argv) > 1 and argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        return 0
    if len(argv) > 1 and argv[1].startswith("-") and argv[1] != "--compare":
        print(f"startup.py: unknown option {argv[1]} (see --help)", file=sys.stderr)
        return 2
    if len(argv) > 1 and argv[1] == "--compare" and len(argv) < 4:
        print("usage: startup.py --compare BEFORE AFTER [PACK]", file=sys.stderr)
        return 2
    if len(argv) > 3 and argv[1] == "--compare":
        return compare(argv[2], argv[3], argv[4] if len(argv) > 4 else "llmat")
    binary = argv[1] if len(argv) > 1 else "build-bench/postcheck"
    pack = argv[2] if len(argv) > 2 else "llmat"
    data = requests(pack)
    cold = []
    for _ in range(COLD_RUNS):
        evict(binary)
        cold.append(run_once(binary, data))
    runs = [run_once(binary, data) for _ in range(RUNS)]
    for name, rows in (("page cache warm", runs),
                       ("cold: host's files evicted", cold)):
        cpu = sorted(r[0] + r[1] for r in rows)
        print(f"start + hello({pack}) + one 280-char check, {name}: wall "
              f"median {statistics.median(r[2] for r in rows):.1f} ms; CPU "
              f"time of the host median {statistics.median(cpu):.1f} ms, min "
              f"{cpu[0]:.1f} ms ({len(rows)} starts; user "
              f"{statistics.median(r[0] for r in rows):.1f} ms, system "
              f"{statistics.median(r[1] for r in rows):.1f} ms; major faults "
              f"{statistics.median(r[3] for r in rows):.0f})")
    print_instructions(binary, data, "the same")
    for name, d in memory(binary, pack):
        print(f"{name:24s} peak RSS {d['VmHWM']:5.1f} MB   own (anon) "
              f"{d['RssAnon']:5.1f} MB (JIT code {d['JIT']:4.1f})   shared "
              f"libraries and binary (file) {d['RssFile']:5.1f} MB   PSS "
              f"{d['Pss']:5.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
