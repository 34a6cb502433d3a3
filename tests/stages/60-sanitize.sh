#!/usr/bin/env bash
# 60-sanitize.sh: issue 6. Builds the whole host and its tests again with
# AddressSanitizer + UndefinedBehaviorSanitizer (gcc, -DPC_SANITIZE=ON) in
# a separate folder (PC_BUILD_DIR-sanitize), runs every ctest there (leak
# checking on), then replays the fuzz targets' seed corpora and every
# crash regression in tests/fuzz/regressions/ through the same code.
# Env: PC_ROOT, PC_BUILD_DIR. Exit 0 only if everything passed.
set -u
cd "${PC_ROOT:-$(dirname "$0")/../..}"
build="${PC_BUILD_DIR:-build}-sanitize"
failed=0
pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; failed=$((failed + 1)); }

. scripts/lib.sh
pc_need_packages gcc cmake perl libcmocka-dev

# Every program this stage runs: all targets but the benchmark programs
# (tests/bench: pc_bench*, pc_echo_host, pc_logo_bench, pc_vision_tool),
# which neither ctest nor the fuzz replay starts.
targets() {
    cmake --build "$build" --target help | sed -n 's/^\.\.\. \([^ ]*\).*/\1/p' |
        grep -vE '\.(o|i|s)$' |
        grep -vxE 'all|clean|depend|edit_cache|install(/.*)?|list_install_components|package(_source)?|rebuild_cache|test' |
        grep -vxE 'pc_bench.*|pc_echo_host|pc_logo_bench|pc_vision_tool'
}

echo "60-sanitize: building with ASan+UBSan in $build"
if ! cmake -S . -B "$build" -DCMAKE_C_COMPILER=gcc -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DPC_SANITIZE=ON -DPC_FUZZ=ON >/dev/null ||
   ! cmake --build "$build" -j "$(nproc)" --target $(targets) >/dev/null 2>"$build.log"; then
    cat "$build.log" 2>/dev/null | tail -20
    fail "sanitizer build"
    exit 1
fi
pass "sanitizer build"

# Any ASan/UBSan report fails the process; leaks are reported at exit.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

echo "60-sanitize: ctest under ASan+UBSan"
if ctest --test-dir "$build" --output-on-failure -j "$(nproc)" >"$build/ctest.log" 2>&1; then
    pass "ctest: $(grep -E 'tests passed' "$build/ctest.log")"
else
    grep -E 'tests passed|Failed|\*\*\*|ERROR: AddressSanitizer|runtime error' "$build/ctest.log" | head -30
    fail "ctest under sanitizers"
fi

echo "60-sanitize: fuzz seeds and crash regressions under ASan+UBSan"
seeds=$build/seeds
rm -rf "$seeds"
perl tests/fuzz/seeds.pl "$seeds" >/dev/null || fail "seed generation"
for t in frame protocol pack text prefilter image; do
    [ -x "$build/tests/fuzz/fuzz_$t" ] || continue
    inputs=("$seeds/$t")
    [ -d "tests/fuzz/regressions/$t" ] && inputs+=("tests/fuzz/regressions/$t")
    if out=$("$build/tests/fuzz/fuzz_$t" "${inputs[@]}" 2>&1); then
        pass "fuzz_$t replay: $(echo "$out" | tail -1 | sed 's/.*: //')"
    else
        echo "$out" | grep -E 'ERROR|runtime error|invariant|SUMMARY' | head -10
        fail "fuzz_$t replay"
    fi
done

echo "60-sanitize: $failed failed"
[ "$failed" -eq 0 ]
