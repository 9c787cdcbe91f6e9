#!/usr/bin/env bash
# The image scan gate (issue 13; the failure policy is in the README, "The scan job"): waits for ECR's scan of the
# image, then fails on any CRITICAL or HIGH finding, from ECR's scan and, where the account has Amazon Inspector
# enhanced scanning, from Inspector's active findings for the digest. MEDIUM and below are listed, not failed.
# Usage: ecr-findings.sh <repository name> <digest>.
set -euo pipefail
repository="$1"
digest="$2"
aws ecr wait image-scan-complete --repository-name "$repository" --image-id "imageDigest=${digest}"
counts="$(aws ecr describe-image-scan-findings --repository-name "$repository" --image-id "imageDigest=${digest}" \
  --query 'imageScanFindings.findingSeverityCounts' --output json)"
echo "ECR scan of ${repository}@${digest}: ${counts}"
blocking="$(jq '[.CRITICAL // 0, .HIGH // 0] | add' <<<"${counts:-null}")"
inspector=0
if filter="$(jq -n --arg d "$digest" '{ecrImageHash: [{comparison: "EQUALS", value: $d}], findingStatus: [{comparison: "EQUALS", value: "ACTIVE"}], severity: [{comparison: "EQUALS", value: "CRITICAL"}, {comparison: "EQUALS", value: "HIGH"}]}')" \
  && found="$(aws inspector2 list-findings --filter-criteria "$filter" --query 'length(findings)' --output text 2>/dev/null)"; then
  inspector="$found"
  echo "Inspector: ${inspector} active critical/high findings"
else
  echo "Inspector: not enabled for this account or not readable; ECR's scan decides"
fi
if [ "$blocking" -gt 0 ] || [ "$inspector" -gt 0 ]; then
  echo "::error::${repository}@${digest} has critical or high findings (ECR: ${blocking}, Inspector: ${inspector}); fix or document an exception before deploying"
  exit 1
fi
