/**
 * Amazon ECS: the cluster, its capacity providers, the service and its task definitions.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html
 */
import { inRegions, place, regional, requestTagged, ServicePermissions } from "./types";

export const ecs: ServicePermissions = {
  service: "ecs",
  reference: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html",
  types: {
    "aws:ecs/cluster:Cluster": {
      create: ["ecs:CreateCluster", "ecs:TagResource"],
      read: ["ecs:DescribeClusters", "ecs:ListTagsForResource"],
      update: ["ecs:UpdateCluster", "ecs:UpdateClusterSettings", "ecs:TagResource", "ecs:UntagResource"],
      delete: ["ecs:DeleteCluster"],
      serviceLinkedRoles: ["ecs.amazonaws.com"],
    },
    "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": {
      create: ["ecs:PutClusterCapacityProviders"],
      read: ["ecs:DescribeClusters"],
      update: ["ecs:PutClusterCapacityProviders"],
      delete: ["ecs:PutClusterCapacityProviders"],
    },
    "aws:ecs/service:Service": {
      // Canary deployments: ECS shifts the listener rule's weights with the infrastructure role passed to it.
      create: ["ecs:CreateService", "ecs:TagResource", "ecs:DescribeServices"],
      read: ["ecs:DescribeServices", "ecs:ListTagsForResource", "ecs:DescribeServiceDeployments", "ecs:ListServiceDeployments"],
      update: ["ecs:UpdateService", "ecs:TagResource", "ecs:UntagResource"],
      delete: ["ecs:UpdateService", "ecs:DeleteService"],
      passRoleTo: ["ecs.amazonaws.com"],
    },
    "aws:ecs/taskDefinition:TaskDefinition": {
      create: ["ecs:RegisterTaskDefinition", "ecs:TagResource"],
      read: ["ecs:DescribeTaskDefinition", "ecs:ListTagsForResource"],
      update: ["ecs:RegisterTaskDefinition", "ecs:DeregisterTaskDefinition", "ecs:TagResource"],
      delete: ["ecs:DeregisterTaskDefinition"],
      passRoleTo: ["ecs-tasks.amazonaws.com"],
    },
  },
  statements: (s, actions) =>
    place(
      "ecs",
      actions,
      [
        // These have no resource-level permissions (Service Authorization Reference: no resource type).
        { sid: "EcsDescribeAndRegister", takes: ["ecs:DescribeTaskDefinition", "ecs:DeregisterTaskDefinition"], resources: () => "*", condition: (x) => ({ StringEquals: inRegions(x) }) },
        { sid: "EcsRegisterTaggedTaskDefinitions", takes: ["ecs:RegisterTaskDefinition", "ecs:CreateCluster"], resources: () => "*", condition: (x) => ({ StringEquals: { ...inRegions(x), ...requestTagged(x) } }) },
        {
          sid: "ThisStacksEcs",
          takes: /^ecs:/,
          resources: (x) => [
            ...regional(x, "ecs", `cluster/${x.prefix}*`),
            ...regional(x, "ecs", `service/${x.prefix}*/*`),
            ...regional(x, "ecs", `task-definition/${x.prefix}:*`),
            ...regional(x, "ecs", `service-deployment/${x.prefix}*/*`),
          ],
        },
      ],
      s,
    ),
};
