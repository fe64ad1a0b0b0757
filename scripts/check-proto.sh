#!/usr/bin/env bash
# The contract's checks: lint, generated code in sync with the .proto files, and no breaking change
# against the committed baseline image. After an intentional breaking change (before 1.0 only),
# refresh the baseline with: npx buf build -o proto/baseline.binpb
set -euo pipefail
cd "$(dirname "$0")/.."

echo "buf lint"
npx buf lint

echo "buf generate: generated code must match what is committed"
npx buf generate
untracked=$(git ls-files --others --exclude-standard -- sdk/src/gen)
if ! git diff --exit-code --stat -- sdk/src/gen || [ -n "$untracked" ]; then
  echo "sdk/src/gen is out of date: run 'npm run generate' and commit the result" >&2
  [ -z "$untracked" ] || echo "not committed: $untracked" >&2
  exit 1
fi

echo "buf breaking against proto/baseline.binpb"
npx buf breaking --against proto/baseline.binpb
echo "contract checks passed"
