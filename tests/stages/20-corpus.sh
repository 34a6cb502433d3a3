#!/usr/bin/env bash
# Stage 20: the labelled corpus (tests/corpus/*.jsonl) through the real
# binary; prints TP FP FN precision recall F1 per category and fails when a
# category is below tests/corpus/thresholds.json.
set -eu
cd "${PC_ROOT:-.}"
. scripts/lib.sh
command -v python3 >/dev/null || pc_need_packages python3
echo "corpus: every post through postcheck serve, scored against its labels"
python3 tests/corpus/run_corpus.py --binary "${PC_BUILD_DIR:-build}/postcheck" --show-errors
