#!/usr/bin/env bash
# Sets credlink:service.image of a stack for this deploy, in the runner's copy of Pulumi.<stack>.yaml only:
#   - with IMAGE_DIGEST (workflow_dispatch input or repository_dispatch payload): that digest in the stack's own ECR
#     repository (the application's pipeline pushes the same image to each stack's repository; a digest is the same
#     everywhere);
#   - without one (a push to main changes the infrastructure, not the app): the image the service runs now, so a
#     deploy never rolls the service back to the committed placeholder.
# Usage: set-image.sh <stack>. Writes `image=<reference>` to $GITHUB_OUTPUT.
set -euo pipefail
stack="$1"
digest="${IMAGE_DIGEST:-}"
if [ -n "$digest" ]; then
  if ! [[ "$digest" =~ ^sha256:[0-9a-f]{64}$ ]]; then
    echo "::error::the image digest must be sha256:<64 lowercase hex digits>, got '${digest}'"
    exit 1
  fi
  image="$(pulumi stack output repositoryUrl --stack "$stack")@${digest}"
else
  cluster="$(pulumi stack output clusterName --stack "$stack")"
  service="$(pulumi stack output serviceName --stack "$stack")"
  taskdef="$(aws ecs describe-services --cluster "$cluster" --services "$service" --query 'services[0].taskDefinition' --output text)"
  image="$(aws ecs describe-task-definition --task-definition "$taskdef" --query "taskDefinition.containerDefinitions[?name=='app'].image | [0]" --output text)"
  if [ -z "$image" ] || [ "$image" = "None" ]; then
    echo "::error::no image digest was given and the ${stack} service runs no image yet: deploy a digest (workflow_dispatch) or bootstrap the stack by hand (README, \"Before the first pulumi up\")"
    exit 1
  fi
fi
pulumi config set --path credlink:service.image "$image" --stack "$stack"
echo "image=${image}" >> "$GITHUB_OUTPUT"
echo "credlink:service.image of ${stack} is ${image}"
