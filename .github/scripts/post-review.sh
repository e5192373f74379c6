#!/usr/bin/env bash
# The writing half of the spec review: posts the review that a pull
# request's read-only run uploaded (DIR holds `spec-review.md` and
# `pr-number`) as the pull request's one review comment. What the artifact
# says is a fork's to write, so it is checked, never run: the number must be
# a pull request whose head is HEAD_SHA (the run's own commit), the review
# must start with the marker, and one too large for a comment is cut, with a
# note pointing to the run.
# Usage: post-review.sh DIR HEAD_SHA   (GH_REPO and GH_TOKEN set)
set -euo pipefail
dir="$1"
head_sha="$2"
marker='<!-- xone-spec-review -->'
# GitHub refuses comments over 65,536 characters; leave room for the note.
max_bytes=60000
fail() { echo "error: $*" >&2; exit 1; }

[ -f "$dir/spec-review.md" ] && [ -f "$dir/pr-number" ] ||
  fail "the review artifact is missing (expected spec-review.md and pr-number in $dir)"
pr="$(tr -d '[:space:]' < "$dir/pr-number")"
[[ "$pr" =~ ^[0-9]{1,10}$ ]] || fail "the artifact's pull request number is not a number"
actual="$(gh api "repos/$GH_REPO/pulls/$pr" --jq .head.sha)"
[ "$actual" = "$head_sha" ] ||
  fail "pull request #$pr's head is $actual, not the reviewed commit $head_sha: not posting"
[ "$(head -n 1 "$dir/spec-review.md")" = "$marker" ] || fail "the review does not start with its marker"

body="$dir/spec-review.md"
size="$(wc -c < "$body")"
if [ "$size" -gt "$max_bytes" ]; then
  cut_body="$(mktemp)"
  trap 'rm -f "$cut_body"' EXIT
  head -c "$max_bytes" "$body" > "$cut_body"
  printf '\n\n---\nThe review is %s bytes, too long for a comment: cut here. The whole of it is the `spec-review` artifact of the Spec review run.\n' "$size" >> "$cut_body"
  body="$cut_body"
fi
"$(dirname "$0")/upsert-comment.sh" "$pr" "$body"
