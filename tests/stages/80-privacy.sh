#!/usr/bin/env bash
# 80-privacy.sh: issue 6. With the most verbose logging (POSTCHECK_LOG=debug)
# the host is sent posts carrying a unique marker, in every field a post
# has (text, handle, display name, attachment name and alt text), in
# requests that succeed, that find things, and that fail (bad JSON, bad
# UTF-8, bad request, unknown policy, over-long frame). The marker must not
# appear on stderr nor in any file under the scratch HOME / XDG folders /
# TMPDIR. Then `postcheck serve` and browser mode run under strace: no
# socket, no connect, and no file opened for writing, created, renamed or
# removed.
# Env: PC_ROOT, PC_BUILD_DIR (built). Exit 0 only if everything passed.
set -u
cd "${PC_ROOT:-$(dirname "$0")/../..}"
. tests/support_stage.sh
pc_need_packages strace perl

# The host sees only this sandbox: HOME, XDG folders and TMPDIR inside it,
# with the protocol test pack as a user pack so checks find things.
box=$scratch/box
mkdir -p "$box/home" "$box/config/postcheck/policies" "$box/data" "$box/cache" \
    "$box/state" "$box/run" "$box/tmp" "$scratch/in"
cp tests/cases/protocol/packs/pctest.json "$box/config/postcheck/policies/"
export HOME=$box/home XDG_CONFIG_HOME=$box/config XDG_DATA_HOME=$box/data \
    XDG_CACHE_HOME=$box/cache XDG_STATE_HOME=$box/state XDG_RUNTIME_DIR=$box/run \
    TMPDIR=$box/tmp POSTCHECK_LOG=debug
chrome_id=$(sed -n 's/.*"chrome_extension_id": *"\([^"]*\)".*/\1/p' manifests/ids.json)

marker="Zq7Privacy$(date +%s)x$$"
# Frames: check requests with the marker in every field, for every pack
# and both account kinds, plus failing requests that carry it.
perl -MJSON::PP -e '
    my ($m, @packs) = @ARGV;
    my $j = JSON::PP->new->canonical;
    my $frame = sub { pack("L", length $_[0]) . $_[0] };
    my @texts = ("$m", "our password is $m and the secret plan",
                 "Email $m\@example.org or call 07700 900123 about $m",
                 "LLMAT staff $m are rubbish, views are my own", "${m}\x{1F600}\x{301}");
    my $id = 0;
    for my $p (@packs, "pctest", "no-such-$m") {
        for my $kind ("official", "personal") {
            for my $t (@texts) {
                print $frame->($j->utf8->encode({type => "check", id => "$m-" . $id++,
                    policy => $p, account => {kind => $kind, handle => "\@$m",
                    display_name => "Name $m"}, site => "x.com", text => $t,
                    attachments => [{kind => "image", name => "$m.png", alt => "pupils $m",
                                     dhash => "00ff00ff00ff00ff"}],
                    now => "2026-11-23T10:15:00+00:00"}));
            }
        }
    }
    print $frame->("{\"type\":\"check\",\"text\":\"$m");
    print $frame->("{\"type\":\"check\",\"policy\":\"pctest\",\"text\":\"$m\xff\"}");
    print $frame->("{\"type\":\"$m\",\"$m\":1}");
    print $frame->("{\"type\":\"check\",\"policy\":\"pctest\",\"text\":[\"$m\"]}");
    print pack("L", 0x7ffffff0) . "$m";
' "$marker" $(ls host/policies/*.json | xargs -n1 basename | sed 's/\.json$//') \
    >"$scratch/in/talk.bin"
if ! grep -q "$marker" "$scratch/in/talk.bin"; then
    fail "could not build the requests"; exit 1
fi

run_host() { # name args...: runs the host on the conversation
    local name=$1; shift
    "$@" <"$scratch/in/talk.bin" >"$scratch/in/$name.out" 2>"$scratch/in/$name.err"
    echo $? >"$scratch/in/$name.rc"
}
run_host serve "$bin" serve
run_host chrome "$bin" "chrome-extension://$chrome_id/"
run_host firefox "$bin" /some/where/org.postcheck.host.json "postcheck@postcheck.invalid"
POSTCHECK_LOG=debug "$bin" check --policy pctest "password $marker" \
    >"$scratch/in/cli.out" 2>"$scratch/in/cli.err"

for name in serve chrome firefox; do
    replies=$(perl -e 'local $/; my $s = <STDIN>; my $n = 0;
        while (length $s >= 4) { my $l = unpack("L", $s); $s = substr($s, 4 + $l); $n++ }
        print $n' <"$scratch/in/$name.out")
    if [ "$replies" -gt 20 ] && [ "$(cat "$scratch/in/$name.rc")" = 1 ]; then
        pass "$name: $replies replies, ended by the over-long frame"
    else
        fail "$name: $replies replies, exit $(cat "$scratch/in/$name.rc")"
    fi
    if grep -q "debug" "$scratch/in/$name.err"; then
        pass "$name: debug logging was on ($(wc -l <"$scratch/in/$name.err") stderr lines)"
    else
        fail "$name: no debug lines on stderr: is POSTCHECK_LOG=debug honoured?"
    fi
done
for f in serve chrome firefox cli; do
    if grep -qa "$marker" "$scratch/in/$f.err"; then
        fail "$f: post text reached stderr:"
        grep -a "$marker" "$scratch/in/$f.err" | head -3
    else
        pass "$f: no post text on stderr"
    fi
done
if grep -q "$marker" "$scratch/in/serve.out"; then
    pass "the marker did reach the replies (so the check above means something)"
else
    fail "the marker is not even in the replies: the test sends nothing useful"
fi
leaked=$(grep -rla "$marker" "$box" 2>/dev/null)
if [ -z "$leaked" ]; then
    pass "no file under HOME, XDG folders or TMPDIR holds post text ($(find "$box" -type f | wc -l) files there)"
else
    fail "post text written to: $leaked"
fi

# strace: no network, and nothing opened for writing, created or removed.
sys='trace=network,open,openat,openat2,creat,truncate,ftruncate,rename,renameat,renameat2,unlink,unlinkat,mkdir,mkdirat,link,symlink'
for mode in serve chrome; do
    if [ "$mode" = serve ]; then args=(serve); else args=("chrome-extension://$chrome_id/"); fi
    strace -f -qq -e "$sys" -o "$scratch/in/$mode.strace" "$bin" "${args[@]}" \
        <"$scratch/in/talk.bin" >/dev/null 2>&1
    t=$scratch/in/$mode.strace
    net=$(grep -E '(socket|connect|bind|sendto|sendmsg)\(' "$t" | head -3)
    writes=$(grep -E 'open(at2?)?\(.*O_(WRONLY|RDWR|CREAT|TRUNC)|creat\(|truncate\(|rename|unlink|mkdir|link\(' "$t" |
             grep -v ' = -1 ' | head -5)
    opened=$(grep -cE 'open(at)?\(' "$t")
    if [ "$opened" -eq 0 ]; then
        fail "$mode: strace recorded nothing (is ptrace allowed here?)"
        continue
    fi
    if [ -z "$net" ]; then pass "$mode: no socket or connect ($(wc -l <"$t") calls traced)"
    else fail "$mode: network calls: $net"; fi
    if [ -z "$writes" ]; then pass "$mode: no file written, created or removed ($opened opens, all read-only)"
    else fail "$mode: writes files: $writes"; fi
done

echo "80-privacy: $failed failed"
[ "$failed" -eq 0 ]
