#!/usr/bin/env bash
# The smoke check after a deploy (issue 13): GET <url><health path> must answer 2xx within ~5 minutes. The URL is the
# stack's `url` output, the path its credlink:service.healthCheckPath. Usage: smoke.sh <stack>; writes `url=` to
# $GITHUB_OUTPUT for the later steps (load test, DAST) and the environment's link.
set -euo pipefail
stack="$1"
url="$(pulumi stack output url --stack "$stack")"
path="$(pulumi config get --path credlink:service.healthCheckPath --stack "$stack" 2>/dev/null || echo /healthz)"
echo "url=${url}" >> "$GITHUB_OUTPUT"
curl --fail --silent --show-error --retry 30 --retry-delay 10 --retry-all-errors --max-time 10 --output /dev/null \
  --write-out "GET ${url}${path}: HTTP %{http_code} in %{time_total}s\n" "${url}${path}"
