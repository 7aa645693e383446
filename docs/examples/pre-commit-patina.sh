#!/bin/sh
# Git pre-commit hook: refuses a commit whose staged content holds a Patina token.
#
# It scans what the commit will contain (the index), not the working tree: a token that was
# staged and then deleted from the file only is still caught, and an edit that is not staged
# does not block. The staged version of every file the commit adds or changes (all but
# deletions) is copied into a temporary directory and scanned there, so the findings name the
# repository's paths.
#
# Install: cp pre-commit-patina.sh .git/hooks/pre-commit && chmod +x .git/hooks/pre-commit
# PATINA is the command to run: by default the project's node_modules/.bin/patina, else
# `patina` on the PATH (a command with arguments works, e.g. PATINA="node /opt/patina/bin/patina.js").
set -eu

top=$(git rev-parse --show-toplevel)
if [ -z "${PATINA:-}" ]; then
  if [ -x "$top/node_modules/.bin/patina" ]; then PATINA="$top/node_modules/.bin/patina"; else PATINA=patina; fi
fi

staged=$(mktemp -d)
trap 'rm -rf "$staged"' EXIT
git diff --cached --name-only -z --diff-filter=d | git checkout-index --stdin -z --prefix="$staged/"

status=0
(cd "$staged" && $PATINA scan .) || status=$?
case $status in
  0) ;;
  1)
    echo "pre-commit: commit refused: remove the tokens above from the staged files and stage them again;" >&2
    echo "pre-commit: revoke any of them that was ever pushed or shared." >&2
    ;;
  *) echo "pre-commit: commit refused: the token scan failed (exit $status)." >&2 ;;
esac
exit "$status"
