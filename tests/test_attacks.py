#!/usr/bin/env python3
"""tests/test_attacks.py: every attack of issue 14 (SECURITY.md) replayed
against the built binary through `postcheck serve`, asserting what the
user relies on: each request answered, with the right reply or error
code, replies within the browsers' 1 MiB, memory bounded, and the host
still serving afterwards. No wall-clock assertions: the times are printed
by tests/bench/attacks.py.

Usage: python3 tests/test_attacks.py BINARY [--sanitized] [unittest options]
(--sanitized: the binary runs under ASan, whose memory is not the host's:
peak RSS is then not checked.)
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "bench"))
import attacks  # noqa: E402
from attacks import Host, check, pack, rule, KB, MIB  # noqa: E402

BINARY = None
SANITIZED = False
MAX_REPLY = MIB
MAX_RSS_KB = 64 * 1024
# Generous: a reply that does not come within this is a hang, not a slow
# machine (the aims are 1 s at 64 KB, 2 s at 1 MiB; see the benchmark).
attacks.TIMEOUT = 120


def policy_ids(h):
    _, size, rep = h.ask({"type": "policies", "id": 1})
    assert rep and rep["type"] == "policies", rep
    assert size <= MAX_REPLY
    return {p["id"]: p for p in rep["policies"]}


class Base(unittest.TestCase):
    def host(self, packs=None, setup=None):
        h = Host(BINARY, packs, setup)
        self.addCleanup(lambda: h.status is None and h.close())
        return h

    def answered(self, h, req, code=None):
        """Sends req; asserts a reply within the limit (an error reply
        with code, when given) and returns it."""
        _, size, rep = h.ask(req)
        self.assertIsNotNone(rep, "no reply")
        self.assertLessEqual(size, MAX_REPLY)
        if code:
            self.assertEqual(rep["type"], "error", rep)
            self.assertEqual(rep["code"], code, rep)
        return rep

    def still_serving(self, h):
        rep = self.answered(h, check("mail jane.smith@gmail.com",
                                     policy="llmat"))
        self.assertEqual(rep["type"], "result")
        self.assertTrue(rep["findings"], "the host stopped finding things")


class Attacks(Base):

    # Strict request fields.
    def test_nul_in_identifiers_is_bad_request(self):
        h = self.host()
        for req in (check("hi", policy="llmat\0zzz"),
                    check("hi", policy="llmat",
                          account={"kind": "official\0x"}),
                    check("hi", policy="llmat",
                          account={"kind": "official", "handle": "@a\0b"}),
                    check("hi", policy="llmat",
                          attachments=[{"kind": "image\0x"}]),
                    check("hi", policy="llmat", attachments=[
                        {"kind": "image", "dhash": "0123456789abcdef\0"}]),
                    {"type": "hello\0x", "id": 1},
                    {"type": "hello", "policy": "llmat\0", "id": 1}):
            self.answered(h, req, "bad-request")
        self.still_serving(h)

    def test_now_must_be_a_real_time(self):
        h = self.host()
        for now in ("2025-02-29T10:00:00+00:00", "2026-11-23T10:15:00junk",
                    "2026-11-23T10:15:00+00:00x", "2026-13-01T10:00",
                    "2026-11-23T24:00", " 2026-11-23T10:15", "2026-1-23T10:15",
                    "2026-11-23T10:15:61"):
            self.answered(h, check("hi", policy="llmat", now=now),
                          "bad-request")
        for now in ("2024-02-29T10:00:00+00:00", "2026-11-23T10:15",
                    "2026-11-23T10:15:00Z", "2026-11-23T10:15:00.123-05:00"):
            rep = self.answered(h, check("hi", policy="llmat", now=now))
            self.assertEqual(rep["type"], "result", now)

    # Reply size.
    def test_oversize_id_is_bad_request_with_null_id(self):
        h = self.host()
        big = "i" * (MIB - 100)
        rep = self.answered(h, {"type": "hello", "protocol": 1, "id": big},
                            "bad-request")
        self.assertIsNone(rep["id"])
        rep = self.answered(h, check("hi", policy="llmat", id=big[:300]),
                            "bad-request")
        self.assertIsNone(rep["id"])
        rep = self.answered(h, check("hi", policy="llmat", id="i" * 256))
        self.assertEqual(rep["id"], "i" * 256)
        self.still_serving(h)

    def test_huge_pack_name_is_refused_at_load(self):
        h = self.host({"x.json": pack(name="N" * (1200 * KB)),
                       "y.json": pack(pid="y", name="Y" * 200),
                       "z.json": pack(pid="z", org="Z" * 201)})
        ids = policy_ids(h)
        self.assertNotIn("x", ids)
        self.assertIn("y", ids)
        self.assertNotIn("z", ids)

    def test_thousands_of_packs_fit_the_reply(self):
        many = {"p%04d.json" % i: pack(pid="p%04d" % i, name="P" * 200)
                for i in range(300)}
        h = self.host(many)
        ids = policy_ids(h)
        self.assertIn("p0000", ids)
        self.assertEqual(sum(1 for i in ids if i.startswith("p")), 100)
        rep = self.answered(h, {"type": "hello", "protocol": 1, "id": 2})
        self.assertEqual(rep["type"], "hello")

    # Packs are files.
    def test_fifo_and_links_out_of_the_folder_are_not_read(self):
        def setup(d):
            os.mkfifo(os.path.join(d, "fifo.json"))
            os.symlink("/dev/stdin", os.path.join(d, "stdin.json"))
            os.symlink("/dev/zero", os.path.join(d, "zero.json"))
            os.symlink("x.json", os.path.join(d, "alias.json"))
        h = self.host({"x.json": pack()}, setup)
        rep = self.answered(h, {"type": "hello", "protocol": 1, "id": 1})
        self.assertIn("x", rep["policies"])
        self.still_serving(h)

    def test_world_writable_folder_and_file_are_refused(self):
        h = self.host({"x.json": pack()}, lambda d: os.chmod(d, 0o777))
        self.assertNotIn("x", policy_ids(h))

        def file_open(d):
            os.chmod(os.path.join(d, "y.json"), 0o666)
        h = self.host({"x.json": pack(), "y.json": pack(pid="y")}, file_open)
        ids = policy_ids(h)
        self.assertIn("x", ids)
        self.assertNotIn("y", ids)

    def test_user_folder_linking_to_a_writable_folder_is_refused(self):
        def relink(d):
            target = os.path.join(os.path.dirname(d), "shared")
            os.rename(d, target)
            os.chmod(target, 0o777)
            os.symlink(target, d)
        h = self.host({"x.json": pack()}, relink)
        self.assertNotIn("x", policy_ids(h))

    def test_locked_policy_is_served_by_the_trusted_pack(self):
        text = "Call 07700 900123 or jane.smith@gmail.com about LLMAT"
        h = self.host({"llmat.json": pack(pid="llmat", rules=[
            rule("a", "llmat", terms=["zzzz"])])})
        self.assertEqual(policy_ids(h)["llmat"]["source"], "user")
        rep = self.answered(h, check(text, policy="llmat"))
        self.assertEqual(rep["findings"], [])
        req = check(text, policy="llmat")
        req["locked"] = True
        rep = self.answered(h, req)
        self.assertTrue(rep["findings"], "the user's copy served a lock")
        req = check(text, policy="x", locked=True)
        h2 = self.host({"x.json": pack()})
        self.answered(h2, req, "unknown-policy")
        req["locked"] = "yes"
        self.answered(h2, req, "bad-request")


class Install(unittest.TestCase):
    """install and doctor refuse a binary others could replace."""

    def run_cli(self, binary, home, *args):
        import subprocess
        env = dict(os.environ, HOME=home,
                   XDG_CONFIG_HOME=os.path.join(home, ".config"))
        return subprocess.run([binary] + list(args), capture_output=True,
                              text=True, env=env, timeout=120)

    def test_world_writable_binary_or_folder_is_refused(self):
        import shutil
        import tempfile
        top = tempfile.mkdtemp(prefix="pc-install-")
        self.addCleanup(shutil.rmtree, top, True)
        home = os.path.join(top, "home")
        bindir = os.path.join(top, "bin")
        os.makedirs(home)
        os.makedirs(bindir)
        exe = os.path.join(bindir, "postcheck")
        shutil.copy2(BINARY, exe)
        args = ("install", "--browser", "chromium")
        for mode_dir, mode_exe in ((0o777, 0o755), (0o755, 0o777)):
            os.chmod(bindir, mode_dir)
            os.chmod(exe, mode_exe)
            r = self.run_cli(exe, home, *args)
            self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
            self.assertIn("every user on this machine can write", r.stderr)
        os.chmod(bindir, 0o755)
        os.chmod(exe, 0o755)
        r = self.run_cli(exe, home, *args)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        r = self.run_cli(exe, home, "doctor", "--browser", "chromium")
        self.assertNotIn("every user on this machine can write", r.stdout)
        os.chmod(bindir, 0o777)
        r = self.run_cli(exe, home, "doctor", "--browser", "chromium")
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("problem: every user on this machine can write",
                      r.stdout)


class Budget(Base):
    """Time: every check answers, and a rule cut short is listed."""

    def limited(self, rep):
        return {x["rule"]: x["why"] for x in rep.get("limited", [])}

    def test_quadratic_user_pattern_is_cut_and_said(self):
        h = self.host({"x.json": pack(rules=[
            rule("q", patterns=[r"\w(?=\w*+!)|\w"]),
            rule("z", terms=["zzzz"])])})
        for n in (64 * KB, MIB - 200):
            rep = self.answered(h, check("a" * (n - 5) + " zzzz"))
            self.assertEqual(rep["type"], "result")
            self.assertEqual(self.limited(rep), {"x.q": "time"})
            # The slow rule does not silence the others.
            self.assertEqual([f["rule"] for f in rep["findings"]], ["x.z"])
        self.still_serving(h)

    def test_lint_refuses_a_pattern_over_budget(self):
        h = self.host()
        path = os.path.join(h.dir, "q.json")
        with open(path, "w") as f:
            import json
            json.dump(pack(rules=[rule("q", patterns=[r"\w(?=\w*+!)|\w"],
                                       examples={"flag": ["a", "b", "c"],
                                                 "pass": ["!", "?", "."]}),
                                  rule("n", terms=["a"], near={
                                      "terms": ["b"], "window": 10000,
                                      "sentence": True},
                                      examples={"flag": ["a b", "b a", "a, b"],
                                                "pass": ["a. b", "a", "b"]})
                                  ]), f)
        import subprocess
        r = subprocess.run([BINARY, "policy", "lint", path],
                           capture_output=True, text=True, timeout=300)
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("x.q: needs more than its time budget", r.stdout)
        self.assertNotIn("x.n: needs more", r.stdout)
        self.assertIn("1 rules over their time budget", r.stdout)

    def test_near_sentence_wide_window_is_linear_and_right(self):
        h = self.host({"x.json": pack(rules=[
            rule("n", terms=["a"], near={"terms": ["b"], "window": 10000,
                                         "sentence": True})])})
        rep = self.answered(h, check("a b " * (16 * KB)))
        self.assertEqual(self.limited(rep), {})
        self.assertTrue(rep["truncated"])
        # Same sentence or not, within the window or not.
        for text, want in (("a and b", [0]), ("a. b", []), ("b. a", []),
                           ("b\na", []), ("b, a. b", [3]),
                           ("a" + " x" * 4000 + " b", [0]),
                           ("a" + " x" * 6000 + " b", []),
                           ("b" + " x" * 6000 + " a" + " x" * 4000 + " b",
                            [12002])):
            rep = self.answered(h, check(text))
            self.assertEqual([f["start"] for f in rep["findings"]], want,
                             text[:20])

    def test_builtin_packs_on_crafted_posts_answer(self):
        h = self.host()
        for pol in ("alt", "ala", "llmat", "learning-alliance", "society"):
            for n in (64 * KB, MIB - 300):
                rep = self.answered(h, check(attacks.crafted(pol, n),
                                             policy=pol))
                self.assertEqual(rep["type"], "result", pol)
                self.assertTrue(rep["findings"], pol)

    def test_match_limit_is_reported_not_silent(self):
        h = self.host({"x.json": pack(rules=[
            rule("m", patterns=[r"(a|aa)+$"])])})
        # "dm me" is the rule's match; its near search then runs over
        # the handle and hits the limit. (A rule whose match finds
        # nothing runs no near search, so cannot be cut short there; and
        # a near pattern is skipped when the post lacks what any match of
        # it needs: " class" gives it that.)
        rep = self.answered(h, check("dm me @" + "a" * 200000 + " class",
                                     policy="learning-alliance"))
        self.assertEqual(self.limited(rep).get(
            "learning-alliance.contact-children"), "match-limit")
        rep = self.answered(h, check("a" * 5000 + "b"))
        self.assertEqual(self.limited(rep), {"x.m": "match-limit"})

    def test_too_large_frame_is_answered_and_host_serves_on(self):
        h = self.host()
        for extra in (1, 3 * MIB):
            h.send_header(MIB + extra, b"{" + b" " * (MIB + extra - 2) + b"}")
            _, size, rep = h.reply()
            self.assertIsNotNone(rep)
            self.assertEqual(rep["code"], "too-large")
            self.still_serving(h)

    def test_65_attachments_refused_host_serves_on(self):
        h = self.host()
        atts = [{"kind": "image", "name": "p%d.jpg" % i} for i in range(65)]
        self.answered(h, check("hi", policy="llmat", attachments=atts),
                      "bad-request")
        self.still_serving(h)

    def test_many_findings_bounded_memory(self):
        parts, n, i = [], 0, 0
        while n < MIB - 400:
            s = "a%d@b.co " % (i % 100000)
            parts.append(s)
            n += len(s)
            i += 1
        h = self.host()
        rep = self.answered(h, check("".join(parts), policy="llmat"))
        self.assertEqual(rep["type"], "result")
        self.assertTrue(rep["truncated"])
        self.assertGreater(len(rep["findings"]), 1000)
        h.close()
        if not SANITIZED:
            self.assertLessEqual(h.rss_kb, MAX_RSS_KB)


def main():
    global BINARY
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    global SANITIZED
    BINARY = os.path.abspath(sys.argv.pop(1))
    # CMake passes an empty argument when the build is not sanitized.
    SANITIZED = "--sanitized" in sys.argv
    sys.argv = [a for a in sys.argv if a not in ("", "--sanitized")]
    unittest.main(verbosity=2)


if __name__ == "__main__":
    sys.exit(main())
