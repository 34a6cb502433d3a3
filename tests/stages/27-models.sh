#!/usr/bin/env bash
# Stage 27: the trained models are reproducible. Rebuilds
# host/policies/models/*.model from their labelled data with the built
# host's features (scripts/train-models --check) and compares with the
# committed files: identical, or every weight within the stated tolerance.
# Needs the public datasets beside the repository (../shared/datasets);
# elsewhere it says so and passes, as the quote check does.
set -eu
cd "${PC_ROOT:-.}"
if [ ! -d ../shared/datasets ]; then
    echo "models: ../shared/datasets not found beside the repository: not rebuilt"
    exit 0
fi
bash scripts/train-models --check
