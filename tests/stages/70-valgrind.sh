#!/usr/bin/env bash
# 70-valgrind.sh: issue 6. valgrind memcheck (--leak-check=full) over the
# text, framing and request-reading tests, the protocol tests that drive
# the binary (children traced), and `postcheck serve` answering a conversation
# of corpus posts plus broken frames. Each must report 0 errors and 0
# definite or possible leaks (valgrind's --error-exitcode), and the
# conversation must get one valid JSON reply per request.
# Env: PC_ROOT, PC_BUILD_DIR (built). Exit 0 only if everything passed.
set -u
cd "${PC_ROOT:-$(dirname "$0")/../..}"
. tests/support_stage.sh
pc_need_packages valgrind perl

vg=(valgrind --tool=memcheck --leak-check=full
    --errors-for-leak-kinds=definite,possible --error-exitcode=99
    --trace-children=yes --trace-children-skip='*/sh,*/bash,*/env'
    --child-silent-after-fork=yes)
export XDG_CONFIG_HOME=$scratch/config HOME=$scratch/home
mkdir -p "$XDG_CONFIG_HOME" "$HOME"

# Runs one command under memcheck; name is what the result line says.
check() {
    local name=$1 log=$scratch/$1.vg
    shift
    "${vg[@]}" --log-file="$log.%p" "$@" >"$scratch/$name.out" 2>&1
    local rc=$?
    local errs leaks
    errs=$(cat "$log".* | sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' |
           awk '{s += $1} END {print s + 0}')
    leaks=$(cat "$log".* | grep -E '(definitely|possibly) lost: [1-9]' | head -3)
    if [ "$rc" -ne 99 ] && [ "$errs" -eq 0 ] && [ -z "$leaks" ]; then
        pass "$name: 0 errors, 0 leaks ($(ls "$log".* | wc -l) processes)"
        return 0
    fi
    fail "$name: exit $rc, $errs errors ${leaks:+, $leaks}"
    grep -hE -A12 '^==[0-9]+== (Invalid|Conditional|Use of|Mismatched|[0-9,]+ bytes in)' \
        "$log".* | head -60
    return 1
}

# test_protocol and test_protocol_result (in-process handler) are left out:
# their allocation-failure sweep and 1 MB truncation take over 7 minutes under
# memcheck; the same code runs below in the binary, and under ASan in stage 60.
# test_json_read_protocol checks the one-pass request reader against jansson.
for t in test_text test_frame test_serve test_json_read_protocol test_protocol_check; do
    [ -x "$build/tests/$t" ] || { fail "$t: not built"; continue; }
    check "$t" "$build/tests/$t"
done

# A conversation: corpus posts as check requests, hello, policies, and
# broken requests (bad JSON, bad UTF-8, deep nesting), ending at EOF.
perl tests/fuzz/seeds.pl "$scratch/seeds" >/dev/null
perl -e '
    my @f;
    for my $i (0 .. 39) {
        local $/; open my $h, "<:raw", "$ARGV[0]/frame/stream-$i" or die; push @f, <$h>;
    }
    my $frame = sub { pack("L", length $_[0]) . $_[0] };
    push @f, $frame->("{not json"), $frame->("{\"type\":\"check\",\"text\":\"\xff\"}"),
             $frame->(("[" x 5000) . ("]" x 5000)), $frame->("{\"type\":\"hello\",\"id\":9}");
    print @f;' "$scratch/seeds" >"$scratch/talk.bin"
want=$(perl -e 'local $/; my $s = <STDIN>; my $n = 0;
    while (length $s >= 4) { my $l = unpack("L", $s); $s = substr($s, 4 + $l); $n++ }
    print $n' <"$scratch/talk.bin")

count_replies() {
    perl -MJSON::PP -e 'local $/; my $s = <STDIN>; my $n = 0;
        while (length $s >= 4) {
            my $l = unpack("L", $s); my $j = substr($s, 4, $l); $s = substr($s, 4 + $l);
            my $o = eval { JSON::PP->new->utf8->decode($j) };
            die "reply $n is not JSON\n" unless ref $o eq "HASH" && defined $o->{type};
            die "reply $n over 1 MB\n" if $l > 1048576;
            $n++;
        }
        print $n' <"$1"
}

if check serve-conversation sh -c '"$1" serve <"$2" >"$3"' sh "$bin" \
        "$scratch/talk.bin" "$scratch/replies.bin"; then
    got=$(count_replies "$scratch/replies.bin")
    if [ "$got" = "$want" ]; then
        pass "serve: $want requests, $got valid JSON replies"
    else
        fail "serve: $want requests but $got valid replies"
    fi
fi

# An over-long frame ends the session (after a too-large reply): the
# exit path must be as clean as the end-of-input one.
perl -e 'print pack("L", 16) . "{\"type\":\"hello\"}" . pack("L", 0x7fffffff) . "x"' \
    >"$scratch/big.bin"
check serve-too-large sh -c '"$1" serve <"$2" >"$3"; [ $? -eq 1 ]' sh "$bin" \
    "$scratch/big.bin" "$scratch/big-replies.bin"

echo "70-valgrind: $failed failed"
[ "$failed" -eq 0 ]
