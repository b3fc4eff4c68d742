#!/usr/bin/env bash
# Writes each case's reports as cophealth wrote them before the privacy stage (commit 18513e0):
# the outputs the attacks in docs/privacy.md were made on. PrivacyAttackTests audits them under
# the rules of that commit (the attacks succeed) and the same data under today's rules (they fail).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(git -C "$here" rev-parse --show-toplevel)
old=$(mktemp -d)
git -C "$root" worktree add --detach "$old" 18513e0 >/dev/null
trap 'git -C "$root" worktree remove --force "$old"' EXIT
swift build --package-path "$old" --product cophealth >/dev/null
for case in withheld-score one-answer practice-score; do
  rm -rf "$here/$case/before"
  "$old/.build/debug/cophealth" report "$here/$case" --out "$here/$case/out" >/dev/null 2>&1
  mv "$here/$case/out/$case" "$here/$case/before"
  rm -rf "$here/$case/out" "$here/$case/before/scorecard.txt" "$here/$case/before/scorecard.html"
done
