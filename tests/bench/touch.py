#!/usr/bin/env python3
"""touch.py: what one framed check request touches in `postcheck serve`.

Counts, deterministically, the memory a 280-character check request
touches in the host: callgrind's cache simulation (--cache-sim=yes) of
the request's handling (pc_protocol_handle_hint and pc_frame_write,
toggled on), per request, as (the run of N requests - the run of none)
/ N, each run after a hello naming the pack, its warm-up and two checks
(with the warm-up each starts) untimed. A figure for the round trip's
cold caches, which wall-clock time on the shared test VM cannot give.

  --cold: before each of the host's reads of its input, a preloaded read()
          walks a buffer larger than the simulated caches, so each request
          starts with nothing of its own cached, as in a round trip on one
          CPU where the client and the kernel's pipe code run between
          requests: its last-level misses are then the lines it touches
          (data: DLmr + DLmw; code: ILmr), 64 bytes each.
  default: a hot loop, requests back to back (the misses are those of a
          request larger than the first-level caches).

The simulated caches default to one core of the test machine (48 KB 12-way
D1, 32 KB I1, a 1 MB 8-way L2 as the last level; --caches to change).
Prints the totals per request and the functions with the most
first-level data misses. Needs valgrind and a C compiler (for the
preloaded read()); takes about a minute a run (--wait: seconds given to
the warm-up under valgrind).

Usage: python3 tests/bench/touch.py BUILD/postcheck [--cold] [--pack ID]
       [-n N] [--top K]
Standard library only; prints figures and never fails on them.
"""
import argparse
import json
import os
import struct
import subprocess
import tempfile
import time

SHIM = r'''
#define _GNU_SOURCE 1
#include <dlfcn.h>
#include <stdlib.h>
#include <unistd.h>
static ssize_t (*real_read)(int, void *, size_t);
static volatile unsigned char *evict_buf;
#define EVICT (8u << 20)
ssize_t read(int fd, void *b, size_t n)
{
    if (!real_read)
        real_read = (ssize_t (*)(int, void *, size_t))dlsym(RTLD_NEXT,
                                                             "read");
    if (fd == 0) {
        if (!evict_buf)
            evict_buf = malloc(EVICT);
        for (size_t i = 0; evict_buf && i < EVICT; i += 64)
            evict_buf[i] = (unsigned char)i;
    }
    return real_read(fd, b, n);
}
'''

# tests/bench/bench.c's make_post(org, 280, 1): its sentences in its order,
# cut at 280 characters.
SENTENCES = [
    "Great day at %s with the year 4 class! ",
    "Ring me on 07700 900123 or write to jane.doe@example.org. ",
    "So proud of everyone who came to the fair \U0001F389 ",
    "Not sure what the government is thinking with this strike. ",
    "Our caf\u00e9 opens at 9 tomorrow, all welcome. ",
    "Thanks to the volunteers who made it happen. ",
    "Views are my own. ",
]


def make_post(org, chars=280):
    text, k = "", 0
    while len(text.encode()) < chars:
        s = SENTENCES[k % len(SENTENCES)]
        text += s % org if "%s" in s else s
        k += 3
    return text[:chars]


def request(pack, org):
    return json.dumps({"type": "check", "id": 1, "policy": pack,
                       "account": {"kind": "personal", "handle": "@jane"},
                       "site": "x.com", "text": make_post(org),
                       "now": "2026-11-23T10:15:00+00:00"},
                      separators=(",", ":"), ensure_ascii=False).encode()


def frame(body):
    return struct.pack("<I", len(body)) + body


def read_frame(f):
    n = struct.unpack("<I", f.read(4))[0]
    return f.read(n)


def run(a, n, shim, out):
    """Runs the host under callgrind for n timed requests into out."""
    env = dict(os.environ, XDG_CONFIG_HOME="/nonexistent/postcheck-touch")
    if a.cold:
        env["LD_PRELOAD"] = shim
    cmd = (["valgrind", "--tool=callgrind", "--cache-sim=yes",
            "--toggle-collect=pc_protocol_handle_hint",
            "--toggle-collect=pc_frame_write",
            "--callgrind-out-file=" + out] + a.caches.split() +
           [a.binary, "serve"])
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, env=env)
    hello = json.dumps({"type": "hello", "protocol": 1, "id": 0,
                        "policy": a.pack}).encode()
    req = request(a.pack, a.org)
    p.stdin.write(frame(hello))
    p.stdin.flush()
    read_frame(p.stdout)
    time.sleep(a.wait)
    for _ in range(2):
        p.stdin.write(frame(req))
        p.stdin.flush()
        read_frame(p.stdout)
        time.sleep(a.wait)
    for _ in range(n):
        p.stdin.write(frame(req))
        p.stdin.flush()
        read_frame(p.stdout)
    p.stdin.close()
    p.wait()


def costs(path):
    """The run's events, their totals, and each function's own costs."""
    names, fns, events, totals = {}, {}, [], []
    cur, after_call = None, False
    with open(path) as f:
        for line in f:
            if line.startswith("events:"):
                events = line.split()[1:]
            elif line.startswith(("summary:", "totals:")):
                totals = [int(x) for x in line.split()[1:]]
            elif line.startswith(("fn=", "cfn=")):
                key, _, rest = line.partition("=")
                ref, _, name = rest.strip().partition(" ")
                if ref.startswith("(") and name:
                    names[ref] = name
                name = names.get(ref, ref) if ref.startswith("(") else ref
                if key == "fn":
                    cur = name
            elif line.startswith("calls="):
                after_call = True
            elif line[:1].isdigit() or line[:1] in "+-*":
                if after_call:
                    after_call = False  # a call's inclusive cost
                    continue
                v = [int(x) for x in line.split()[1:]]
                row = fns.setdefault(cur, [0] * len(events))
                for i, x in enumerate(v):
                    row[i] += x
    return events, dict(zip(events, totals)), fns


def main():
    ap = argparse.ArgumentParser(
        description="Cache misses and lines touched per framed 280-character "
                    "check request in `postcheck serve` (callgrind).")
    ap.add_argument("binary", help="the postcheck binary")
    ap.add_argument("--pack", default="llmat")
    ap.add_argument("--org", default="LLMAT",
                    help="the pack's organisation name, for the post")
    ap.add_argument("-n", type=int, default=5, help="requests measured")
    ap.add_argument("--cold", action="store_true",
                    help="evict the simulated caches before each request")
    ap.add_argument("--wait", type=float, default=12,
                    help="seconds for a warm-up under valgrind")
    ap.add_argument("--top", type=int, default=20)
    ap.add_argument("--caches",
                    default="--D1=49152,12,64 --I1=32768,8,64 "
                            "--LL=1048576,8,64")
    a = ap.parse_args()
    if a.n < 1:
        ap.error("-n must be 1 or more (the figures are per request)")
    runs = []
    with tempfile.TemporaryDirectory(prefix="pc-touch-") as tmp:
        shim = os.path.join(tmp, "evict.so")
        with open(os.path.join(tmp, "evict.c"), "w") as f:
            f.write(SHIM)
        subprocess.check_call(["cc", "-O2", "-shared", "-fPIC", "-o", shim,
                               os.path.join(tmp, "evict.c"), "-ldl"])
        for n in (0, a.n):
            out = os.path.join(tmp, "cg.%d" % n)
            run(a, n, shim, out)
            runs.append(costs(out))
    (ev, t0, f0), (_, t1, f1) = runs
    at = {k: i for i, k in enumerate(ev)}
    per = {k: (t1[k] - t0.get(k, 0)) / a.n for k in t1}
    print("%s, %s caches, per request (%d requests less none):" %
          (a.pack, "cold" if a.cold else "warm", a.n))
    print("  instructions %.0f, data reads %.0f, writes %.0f" %
          (per["Ir"], per["Dr"], per["Dw"]))
    print("  D1 misses %.0f (read %.0f, write %.0f), I1 misses %.0f" %
          (per["D1mr"] + per["D1mw"], per["D1mr"], per["D1mw"], per["I1mr"]))
    print("  LL misses: data %.0f (%.0f KB), code %.0f (%.0f KB)" %
          (per["DLmr"] + per["DLmw"], (per["DLmr"] + per["DLmw"]) / 16,
           per["ILmr"], per["ILmr"] / 16))
    rows = []
    for name in set(f0) | set(f1):
        v0 = f0.get(name, [0] * len(ev))
        v1 = f1.get(name, [0] * len(ev))
        rows.append((name, [(x - y) / a.n for x, y in zip(v1, v0)]))

    def d1(d):
        return d[at["D1mr"]] + d[at["D1mw"]]
    rows.sort(key=lambda r: -d1(r[1]))
    print("%-40s %8s %8s %8s %8s %8s" % ("function (own)", "Ir", "Dr+Dw",
                                         "D1 miss", "DL miss", "IL miss"))
    for name, d in rows[:a.top]:
        print("%-40s %8.0f %8.0f %8.0f %8.0f %8.0f" % (
            name[:40], d[at["Ir"]], d[at["Dr"]] + d[at["Dw"]], d1(d),
            d[at["DLmr"]] + d[at["DLmw"]], d[at["ILmr"]]))


if __name__ == "__main__":
    main()
