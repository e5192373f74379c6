#!/usr/bin/env bash
# Posts BODY_FILE as the pull request's spec review comment, or updates the
# one posted before (found by the marker on its first line), so a pull
# request has one review comment however often it is pushed to.
# Usage: upsert-comment.sh PR_NUMBER BODY_FILE   (GH_REPO and GH_TOKEN set)
set -euo pipefail
pr="$1"
body="$2"
marker='<!-- xone-spec-review -->'
existing="$(gh api --paginate "repos/$GH_REPO/issues/$pr/comments" \
  --jq ".[] | select(.body | startswith(\"$marker\")) | .id" | head -n 1)"
if [ -n "$existing" ]; then
  gh api --method PATCH "repos/$GH_REPO/issues/comments/$existing" -F "body=@$body" > /dev/null
  echo "updated comment $existing"
else
  gh api --method POST "repos/$GH_REPO/issues/$pr/comments" -F "body=@$body" > /dev/null
  echo "posted a new comment"
fi
