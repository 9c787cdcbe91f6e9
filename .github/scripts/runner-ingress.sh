#!/usr/bin/env bash
# Opens an allowlisted load balancer (dev's) to this runner for the length of the job, and closes it again
# (docs/CICD.md, "Dev ingress allowlist and CI"). Run with the stack's runner-ingress role, which may authorize and revoke
# ingress on that one security group only (credlink:cicd:RunnerIngress).
#   open:  first revokes what an earlier, cancelled run left (every rule this script describes), then admits this
#          runner's IPv4 address as a /32 on 80 and 443, the load balancer's listener ports, each rule described
#          "github-actions-runner run <run id>";
#   close: revokes every rule this script described, whichever run added it. Idempotent: with nothing to revoke it
#          does nothing, so it runs in an `if: always()` step and again at the next open.
# The office allowlist (credlink:service.allowedCidrs) is Pulumi's, described otherwise: never touched here.
# Usage: SECURITY_GROUP_ID=sg-... runner-ingress.sh open|close (GITHUB_RUN_ID names the rules).
set -euo pipefail
action="${1:-}"
group="${SECURITY_GROUP_ID:-}"
run_id="${GITHUB_RUN_ID:-}"
prefix="github-actions-runner"
if ! [[ "$group" =~ ^sg-[0-9a-f]{8,17}$ ]]; then
  echo "::error::SECURITY_GROUP_ID must be a security group id (sg-<hex>), got '${group}'"
  exit 2
fi

# The ingress rules of the group this script added (by their description), one id per line.
ours() {
  aws ec2 describe-security-group-rules --filters "Name=group-id,Values=${group}" --output json |
    jq -r --arg p "$prefix" '.SecurityGroupRules[] | select(.IsEgress == false and ((.Description // "") | startswith($p))) | .SecurityGroupRuleId'
}

revoke_ours() {
  local ids
  ids="$(ours | tr '\n' ' ')"
  if [ -z "${ids// /}" ]; then
    echo "${group}: no runner rule to revoke"
    return 0
  fi
  # shellcheck disable=SC2086 # one argument per rule id
  aws ec2 revoke-security-group-ingress --group-id "$group" --security-group-rule-ids $ids >/dev/null
  echo "${group}: revoked ${ids}"
}

case "$action" in
  open)
    if ! [[ "$run_id" =~ ^[0-9]+$ ]]; then
      echo "::error::GITHUB_RUN_ID must be the run's number, got '${run_id}'"
      exit 2
    fi
    address="$(curl --fail --silent --show-error --max-time 10 https://checkip.amazonaws.com | tr -d '[:space:]')"
    if ! [[ "$address" =~ ^(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}$ ]]; then
      echo "::error::this runner's public IPv4 address could not be read (got '${address}')"
      exit 1
    fi
    revoke_ours
    permissions="$(jq -nc --arg cidr "${address}/32" --arg d "${prefix} run ${run_id}" '[80, 443] | map({IpProtocol: "tcp", FromPort: ., ToPort: ., IpRanges: [{CidrIp: $cidr, Description: $d}]})')"
    errors="$(mktemp)"
    if ! aws ec2 authorize-security-group-ingress --group-id "$group" --ip-permissions "$permissions" >/dev/null 2>"$errors"; then
      # The same address and ports already admitted by a rule this script did not add: the runner gets in anyway.
      if ! grep -q "InvalidPermission.Duplicate" "$errors"; then
        cat "$errors" >&2
        exit 1
      fi
      echo "${group}: ${address}/32 is already admitted by another rule"
    fi
    rm -f "$errors"
    echo "${group}: admits ${address}/32 on 80 and 443 until this job closes it"
    ;;
  close)
    revoke_ours
    ;;
  *)
    echo "::error::usage: runner-ingress.sh open|close"
    exit 2
    ;;
esac
