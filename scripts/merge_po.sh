#!/usr/bin/env bash
# During a git merge with conflicts in .po/.mo files: take the union of both sides'
# translations (ours first), then re-extract and compile. Usage: scripts/merge_po.sh BRANCH
set -euo pipefail
branch=$1
for po in $(git diff --name-only --diff-filter=U | grep '\.po$'); do
  git show "HEAD:$po" > /tmp/ours.po
  git show "$branch:$po" > /tmp/theirs.po
  msgcat --use-first /tmp/ours.po /tmp/theirs.po -o "$po"
done
make messages >/dev/null
git add $(git diff --name-only --diff-filter=U | grep -E '\.(po|mo)$') 2>/dev/null || true
.venv/bin/python scripts/po.py missing
