#!/usr/bin/env bash
# The image scan gate (docs/CICD.md, "The scan gate"): waits until the stack's own registry has scanned the image's
# digest, then fails on any CRITICAL or HIGH finding; MEDIUM and below are listed, not failed. Run it with the stack's
# read-only scan role, in the stack's own account: each account's registry scans its own repositories.
#   - ACTIVE: enhanced scanning (Amazon Inspector, the account baseline's registry configuration) has scanned the image
#     and keeps its findings current from then on; COMPLETE: basic scanning has scanned it. Either: read the findings.
#   - PENDING, IN_PROGRESS, or no scan yet (ScanNotFoundException right after the push): wait, polling every
#     ECR_SCAN_POLL_SECONDS (default 15) for at most ECR_SCAN_TIMEOUT_SECONDS (default 900), then fail.
#   - any other status (FAILED, UNSUPPORTED_IMAGE, SCAN_ELIGIBILITY_EXPIRED, FINDINGS_UNAVAILABLE, LIMIT_EXCEEDED,
#     IMAGE_ARCHIVED): the image's findings can't be known, so the gate fails.
# The findings counted: the listed ones when the answer lists them (basic `findings`; enhanced `enhancedFindings` that
# are ACTIVE: a finding suppressed in Inspector is a documented exception, a closed one is fixed), else ECR's summary
# (`findingSeverityCounts`). The AWS CLI follows every page of the list. ECR API reference: DescribeImageScanFindings,
# ImageScanStatus, EnhancedImageScanFinding. (`aws ecr wait image-scan-complete` waits for COMPLETE only, which
# enhanced scanning never reports: it timed out on every image.)
# Usage: ecr-findings.sh <repository name> <digest>
set -euo pipefail
repository="${1:-}"
digest="${2:-}"
if ! [[ "$digest" =~ ^sha256:[0-9a-f]{64}$ ]]; then
  echo "::error::the image digest must be sha256:<64 lowercase hex digits>, got '${digest}'"
  exit 2
fi
if ! [[ "$repository" =~ ^[a-z0-9]+([._-][a-z0-9]+)*$ ]]; then
  echo "::error::the repository must be an ECR repository name (lowercase letters, digits, '.', '_', '-'), got '${repository}'"
  exit 2
fi
timeout="${ECR_SCAN_TIMEOUT_SECONDS:-900}"
poll="${ECR_SCAN_POLL_SECONDS:-15}"
deadline=$((SECONDS + timeout))
errors="$(mktemp)"
trap 'rm -f "$errors"' EXIT

while :; do
  if answer="$(aws ecr describe-image-scan-findings --repository-name "$repository" --image-id "imageDigest=${digest}" --output json 2>"$errors")"; then
    status="$(jq -r '.imageScanStatus.status // "PENDING"' <<<"$answer")"
  elif grep -q ScanNotFoundException "$errors"; then
    status="NOT_STARTED"
  else
    cat "$errors" >&2
    echo "::error::could not read the scan of ${repository}@${digest} (see the error above)"
    exit 1
  fi
  case "$status" in
    ACTIVE | COMPLETE) break ;;
    PENDING | IN_PROGRESS | NOT_STARTED) ;;
    *)
      description="$(jq -r '.imageScanStatus.description // ""' <<<"$answer")"
      echo "::error::the scan of ${repository}@${digest} is ${status} (${description}): its findings can't be known, so the image does not pass the gate"
      exit 1
      ;;
  esac
  if ((SECONDS >= deadline)); then
    echo "::error::${repository}@${digest} was not scanned within ${timeout}s (last status ${status}): is the registry scanning it (the account baseline's credlink-* filter)?"
    exit 1
  fi
  echo "scan of ${repository}@${digest}: ${status}; waiting ${poll}s"
  sleep "$poll"
done

counts="$(jq -c '
  .imageScanFindings as $f
  | if ($f.findings != null or $f.enhancedFindings != null) then
      [($f.findings // [])[], (($f.enhancedFindings // [])[] | select((.status // "ACTIVE") == "ACTIVE"))]
      | reduce .[] as $x ({}; .[$x.severity // "UNDEFINED"] += 1)
    else ($f.findingSeverityCounts // {}) end' <<<"$answer")"
echo "scan of ${repository}@${digest}: ${status}; findings by severity: ${counts}"
blocking="$(jq '(.CRITICAL // 0) + (.HIGH // 0)' <<<"$counts")"
if [ "$blocking" -gt 0 ]; then
  echo "::error::${repository}@${digest} has ${blocking} critical or high finding(s): fix the image, or suppress a finding in Inspector with its reason, before deploying"
  exit 1
fi
echo "no critical or high finding: the image passes the gate"
