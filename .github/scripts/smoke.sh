#!/usr/bin/env bash
# The smoke check after a deploy: GET <url><health path> must answer 2xx within ~5 minutes. SMOKE_URL is the stack's
# `url` output and HEALTH_PATH its credlink:service.healthCheckPath (stack-outputs.sh reads both, while the job can
# still read the stack); both are validated before curl sees them.
# Usage: SMOKE_URL=... HEALTH_PATH=... smoke.sh
set -euo pipefail
url="${SMOKE_URL:-}"
path="${HEALTH_PATH:-/healthz}"
if ! [[ "$url" =~ ^https?://[A-Za-z0-9.-]+(:[0-9]+)?$ ]]; then
  echo "::error::SMOKE_URL must be the stack's url output (http(s)://<host>), got '${url}'"
  exit 2
fi
if ! [[ "$path" =~ ^/[A-Za-z0-9._~/-]*$ ]]; then
  echo "::error::HEALTH_PATH must be a path starting with '/', got '${path}'"
  exit 2
fi
curl --fail --silent --show-error --retry 30 --retry-delay 10 --retry-all-errors --max-time 10 --output /dev/null \
  --write-out "GET ${url}${path}: HTTP %{http_code} in %{time_total}s\n" "${url}${path}"
