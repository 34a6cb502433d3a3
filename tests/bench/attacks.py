#!/usr/bin/env python3
"""tests/bench/attacks.py: replays every attack of issue 14 against a built
postcheck and prints, per attack, the time to each reply, the reply's size,
its type/code and the host's peak RSS. It asserts nothing (the regression
tests in tests/test_attacks.py do); it prints figures for the closing note.

Usage: python3 tests/bench/attacks.py BINARY [NAME...]
Each attack runs `BINARY serve` in a fresh process with its own HOME and
XDG_CONFIG_HOME (a temporary folder holding the attack's packs). Printed:
wall-clock time from sending the request to its reply, the host process's
CPU time (user + system, from wait4: unlike wall time it does not grow
when other programs load the machine; it includes start-up and, for
several requests on one host, all of them), the reply's size, peak RSS
(ru_maxrss) and the answer. A reply not seen within TIMEOUT seconds
(PC_ATTACK_TIMEOUT, default 30) is printed as "no reply".
"""
import json
import os
import select
import shutil
import struct
import sys
import tempfile
import time

TIMEOUT = float(os.environ.get("PC_ATTACK_TIMEOUT", "30"))
KB = 1024
MIB = 1024 * 1024


def rule(rid, pid="x", **kw):
    """A pattern rule of pack pid with the keys the format requires."""
    r = {"id": pid + "." + rid, "kind": "pattern", "category": "guidance",
         "severity": "error", "applies_to": ["official", "personal"],
         "clause": "X 1", "quote": "q", "message": "m",
         "examples": {"flag": ["a", "b", "c"], "pass": ["d", "e", "f"]}}
    r.update(kw)
    return r


def pack(pid="x", name="X", rules=None, org="X"):
    return {"format": 1, "id": pid, "name": name, "version": "1",
            "organisation": {"name": org, "names": ["Xorg"]},
            "source": {"title": "t", "file": "f"},
            "rules": rules or [rule("a", pid, terms=["zzzz"])]}


class Host:
    """One `postcheck serve` process with its own folders."""

    def __init__(self, binary, packs=None, setup=None):
        self.dir = tempfile.mkdtemp(prefix="pc-attack-")
        pdir = os.path.join(self.dir, "xdg", "postcheck", "policies")
        os.makedirs(pdir)
        for fname, p in (packs or {}).items():
            with open(os.path.join(pdir, fname), "w") as f:
                json.dump(p, f)
        if setup:
            setup(pdir)
        env = dict(os.environ, HOME=self.dir,
                   XDG_CONFIG_HOME=os.path.join(self.dir, "xdg"))
        env.pop("POSTCHECK_LOG", None)
        r_in, self.w = os.pipe()
        self.r, w_out = os.pipe()
        self.errf = open(os.path.join(self.dir, "stderr"), "w+")
        self.pid = os.fork()
        if self.pid == 0:
            os.dup2(r_in, 0)
            os.dup2(w_out, 1)
            os.dup2(self.errf.fileno(), 2)
            os.execve(binary, [binary, "serve"], env)
        os.close(r_in)
        os.close(w_out)
        self.buf = b""
        self.rss_kb = None
        self.cpu_s = None
        self.status = None

    def send(self, obj=None, raw=None):
        data = raw if raw is not None else json.dumps(obj).encode()
        frame = struct.pack("=I", len(data)) + data
        try:
            while frame:
                n = os.write(self.w, frame[:65536])
                frame = frame[n:]
        except BrokenPipeError:
            return False
        return True

    def send_header(self, length, body=b""):
        try:
            os.write(self.w, struct.pack("=I", length) + body)
        except BrokenPipeError:
            return False
        return True

    def reply(self, timeout=TIMEOUT):
        """(seconds, size, parsed reply) or (None, 0, None) on timeout/EOF."""
        t0 = time.monotonic()
        while True:
            if len(self.buf) >= 4:
                n = struct.unpack("=I", self.buf[:4])[0]
                if len(self.buf) >= 4 + n:
                    body = self.buf[4:4 + n]
                    self.buf = self.buf[4 + n:]
                    return time.monotonic() - t0, n, json.loads(body)
            left = timeout - (time.monotonic() - t0)
            if left <= 0:
                return None, 0, None
            ready, _, _ = select.select([self.r], [], [], left)
            if not ready:
                continue
            chunk = os.read(self.r, 1 << 20)
            if not chunk:
                return None, 0, None
            self.buf += chunk

    def ask(self, obj=None, raw=None, timeout=TIMEOUT):
        t0 = time.monotonic()
        if not self.send(obj, raw):
            return None, 0, None
        _, size, rep = self.reply(timeout)
        return (time.monotonic() - t0 if rep is not None else None), size, rep

    def close(self):
        """Closes stdin, reaps the host (killed if it lingers), records
        exit status and peak RSS (KiB)."""
        try:
            os.close(self.w)
        except OSError:
            pass
        deadline = time.monotonic() + TIMEOUT
        while True:
            pid, status, ru = os.wait4(self.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                os.kill(self.pid, 9)
                pid, status, ru = os.wait4(self.pid, 0)
                break
            time.sleep(0.02)
        self.status = status
        self.rss_kb = ru.ru_maxrss
        self.cpu_s = ru.ru_utime + ru.ru_stime
        os.close(self.r)
        self.errf.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def alive(self):
        pid, _, _ = os.wait4(self.pid, os.WNOHANG)
        return pid == 0


def check(text, policy="x", **kw):
    req = {"type": "check", "id": 1, "policy": policy,
           "account": {"kind": "personal", "handle": "@me"},
           "site": "x.com", "text": text}
    req.update(kw)
    return req


def what(rep):
    if rep is None:
        return "no reply"
    if rep.get("type") == "error":
        return "error %s" % rep.get("code")
    if rep.get("type") == "result":
        lim = rep.get("limited") or []
        extra = " limited=%s" % ",".join(
            "%s:%s" % (x["rule"], x["why"]) for x in lim) if lim else ""
        return "result %d findings truncated=%s%s" % (
            len(rep.get("findings", [])), rep.get("truncated"), extra)
    return rep.get("type", "?")


def line(name, t, size, rep, h, note=""):
    ts = "%.3f s" % t if t is not None else "no reply"
    print("%-34s %10s %7.2f s %9d B  %7.1f MB  %s%s" % (
        name, ts, h.cpu_s or 0, size, (h.rss_kb or 0) / 1024.0, what(rep),
        ("  " + note) if note else ""))
    sys.stdout.flush()


def one(binary, name, req, packs=None, setup=None, note=""):
    h = Host(binary, packs, setup)
    t, size, rep = h.ask(req)
    h.close()
    line(name, t, size, rep, h, note)


def a_quadratic(b):
    p = pack(rules=[rule("q", patterns=[r"\w(?=\w*+!)|\w"])])
    for n in (64 * KB, 256 * KB, MIB - 200):
        one(b, "quadratic-pattern %dK" % (n // KB), check("a" * n),
            {"x.json": p})


def a_near_sentence(b):
    p = pack(rules=[rule("n", terms=["a"], near={"terms": ["b"],
                                                 "window": 10000,
                                                 "sentence": True})])
    for n in (64 * KB, MIB - 200):
        one(b, "near-sentence %dK" % (n // KB), check("a b " * (n // 4)),
            {"x.json": p})


def crafted(policy, n):
    """Posts built to stress a built-in pack's mentions, not_mentions,
    near windows and address detectors."""
    names = {"alt": "ALT alt text ", "ala": "ALA American Library "
             "Association ", "llmat": "LLMAT ",
             "learning-alliance": "Learning Alliance parents ",
             "society": "the Society "}
    unit = names.get(policy, "x ") + "idiot 12 High Street pupils. "
    return (unit * (n // len(unit) + 1))[:n]


def a_builtin(b):
    for pol in ("alt", "ala", "llmat", "learning-alliance", "society"):
        for n in (64 * KB, MIB - 300):
            one(b, "built-in %s %dK" % (pol, n // KB),
                check(crafted(pol, n), policy=pol))


def a_policies(b):
    big = pack(name="N" * (1200 * KB))
    h = Host(b, {"x.json": big})
    t, size, rep = h.ask({"type": "policies", "id": 1})
    h.close()
    line("policies 1.2MB name", t, size, rep, h)
    many = {"p%04d.json" % i: pack(pid="p%04d" % i, name="P" * 400)
            for i in range(3000)}
    h = Host(b, many)
    r1 = h.ask({"type": "policies", "id": 1}, timeout=120)
    r2 = h.ask({"type": "hello", "protocol": 1, "id": 2})
    h.close()
    line("policies 3000 packs", *r1, h)
    line("hello 3000 packs", *r2, h)


def a_big_id(b):
    big = "i" * (MIB - 100)
    h = Host(b)
    r1 = h.ask({"type": "hello", "protocol": 1, "id": big})
    r2 = h.ask({"type": "check", "id": big[:-80], "policy": "llmat",
                "account": {"kind": "official"}, "text": "hi"})
    h.close()
    line("hello id ~1MiB", *r1, h)
    line("check id ~1MiB", *r2, h)


def a_too_large(b):
    h = Host(b)
    t0 = time.monotonic()
    h.send_header(MIB + 1, b"{" + b" " * (MIB - 1) + b"}")
    _, size, rep = h.reply()
    t = time.monotonic() - t0
    r2 = h.ask(check("mail me at jane.smith@gmail.com", policy="llmat"))
    h.close()
    line("text over 1MiB", t, size, rep, h)
    line("  next request, same host", *r2, h)


def a_attachments(b):
    atts = [{"kind": "image", "name": "p%d.jpg" % i} for i in range(65)]
    one(b, "65 attachments", check("hi LLMAT", policy="llmat",
                                   attachments=atts))


def a_emails(b):
    unit = "a%d@b.co "
    parts, n, i = [], 0, 0
    while n < MIB - 400:
        s = unit % (i % 100000)
        parts.append(s)
        n += len(s)
        i += 1
    one(b, "1MiB of %d emails" % i, check("".join(parts), policy="llmat"))


def a_match_limit(b):
    one(b, "dm me @ + 200000 letters", check("dm me @" + "a" * 200000,
                                               policy="learning-alliance"))
    p = pack(rules=[rule("m", patterns=[r"(a|aa)+$"])])
    one(b, "user rule at match limit", check("a" * 5000 + "b"),
        {"x.json": p})


def a_fifo(b):
    def fifo(d):
        os.mkfifo(os.path.join(d, "fifo.json"))
        os.symlink("/dev/stdin", os.path.join(d, "stdin.json"))
    one(b, "FIFO + /dev/stdin link", {"type": "hello", "protocol": 1,
                                      "id": 1}, {"x.json": pack()}, fifo)


def a_nul(b):
    h = Host(b)
    out = []
    for name, req in (
            ("policy llmat\\0zzz", check("hi", policy="llmat\0zzz")),
            ("account.kind NUL", check("hi", policy="llmat",
                                       account={"kind": "official\0x"})),
            ("attachment kind NUL", check("hi", policy="llmat", attachments=[
                {"kind": "image\0x"}])),
            ("dhash NUL", check("hi", policy="llmat", attachments=[
                {"kind": "image", "dhash": "0123456789abcdef\0"}])),
            ("now 2025-02-29", check("hi", policy="llmat",
                                     now="2025-02-29T10:00:00+00:00")),
            ("now trailing junk", check("hi", policy="llmat",
                                        now="2026-11-23T10:15:00+00:00junk"))):
        out.append((name,) + h.ask(req))
    h.close()
    for o in out:
        line(*o, h)


def a_locked(b):
    p = pack(pid="llmat", rules=[rule("a", "llmat", terms=["zzzz"])])
    text = "Call 07700 900123 or jane.smith@gmail.com about LLMAT"
    h = Host(b, {"llmat.json": p})
    out = []
    for locked in (False, True):
        req = check(text, policy="llmat")
        if locked:
            req["locked"] = True
        out.append(("user llmat, locked=%s" % locked,) + h.ask(req))
    h.close()
    for o in out:
        line(*o, h)


def a_writable(b):
    def open_up(d):
        os.chmod(d, 0o777)
    h = Host(b, {"x.json": pack()}, open_up)
    t, size, rep = h.ask({"type": "policies", "id": 1})
    h.close()
    ids = [p["id"] for p in (rep or {}).get("policies", [])]
    line("world-writable pack folder", t, size, rep, h,
         "its pack x %s" % ("accepted" if "x" in ids else "refused"))


ATTACKS = {
    "quadratic": a_quadratic, "near": a_near_sentence, "builtin": a_builtin,
    "policies": a_policies, "id": a_big_id, "too-large": a_too_large,
    "attachments": a_attachments, "emails": a_emails,
    "match-limit": a_match_limit, "fifo": a_fifo, "nul": a_nul,
    "locked": a_locked, "writable": a_writable,
}


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    binary = os.path.abspath(sys.argv[1])
    names = sys.argv[2:] or list(ATTACKS)
    print("%-34s %10s %9s %11s  %10s  %s" % ("attack", "time", "host CPU",
                                              "reply", "peak RSS", "answer"))
    for n in names:
        ATTACKS[n](binary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
