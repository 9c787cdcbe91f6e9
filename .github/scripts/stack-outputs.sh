#!/usr/bin/env bash
# What a deploy job's later steps, and dev's check job (through the job's outputs), need from the stack, read once with
# the deploy role (which can read the stack's state): the `url` output, credlink:service.healthCheckPath, and where the
# load balancer admits an allowlist (dev) the runner-ingress role and the load balancer's security group (else empty).
# Usage: stack-outputs.sh <stack>. Writes url=, health_path=, runner_ingress_role= and security_group= to $GITHUB_OUTPUT.
set -euo pipefail
stack="${1:-}"
if ! [[ "$stack" =~ ^[A-Za-z0-9_.-]+$ ]]; then
  echo "::error::the stack must be a stack name, got '${stack}'"
  exit 2
fi
outputs="$(pulumi stack output --json --stack "$stack")"
path="$(pulumi config get --path credlink:service.healthCheckPath --stack "$stack" 2>/dev/null || echo /healthz)"
{
  echo "url=$(jq -r '.url // ""' <<<"$outputs")"
  echo "health_path=${path}"
  echo "runner_ingress_role=$(jq -r '.runnerIngressRoleArn // ""' <<<"$outputs")"
  echo "security_group=$(jq -r '.loadBalancerSecurityGroupId // ""' <<<"$outputs")"
} >>"$GITHUB_OUTPUT"
echo "${stack}: $(jq -r '.url // "no url"' <<<"$outputs")${path}"
