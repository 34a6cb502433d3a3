#!/usr/bin/env bash
# Stage 25: the built-in policy packs. Lints every pack (validates it and
# runs every example of every rule) and checks that the packs' logo hashes
# are those of the logo images drawn for the tests (host/policies/tools).
set -eu
cd "${PC_ROOT:-.}"
. scripts/lib.sh
command -v python3 >/dev/null || pc_need_packages python3
echo "policies: lint every built-in pack and run its examples"
"${PC_BUILD_DIR:-build}/postcheck" policy lint host/policies/*.json
echo "policies: logo hashes in the packs match the test logo images"
python3 host/policies/tools/check_logos.py .
# The source policies sit beside the repository (../shared/policies) on the
# developers' machines and in CI; elsewhere this check cannot run, and says so.
src=../shared/policies
if [ -d "$src" ]; then
    echo "policies: every rule's quote is word for word from its source policy"
    python3 host/policies/tools/check_quotes.py "$src"
else
    echo "policies: $src not found beside the repository: quote check not run"
fi
