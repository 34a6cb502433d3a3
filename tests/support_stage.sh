# support_stage.sh: the start the checking stages share (tests/stages/40,
# 50, 70 and 80). Source it from the repository root:
#   . tests/support_stage.sh
# It sources scripts/lib.sh and sets root (this folder), build (the built
# folder, PC_BUILD_DIR or build, as an absolute path), bin (its postcheck),
# failed=0, scratch (a temporary folder removed when the stage exits), and
# pass/fail, which print a PASS or FAIL line (fail counts it in failed).
# shellcheck shell=bash
. scripts/lib.sh
root=$PWD
build=$(cd "${PC_BUILD_DIR:-build}" && pwd)
bin=$build/postcheck
failed=0
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; failed=$((failed + 1)); }
