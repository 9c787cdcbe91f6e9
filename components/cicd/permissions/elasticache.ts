/**
 * Amazon ElastiCache: the Valkey replication group and its subnet group.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticache.html
 */
import { place, regional, ServicePermissions } from "./types";

export const elasticache: ServicePermissions = {
  service: "elasticache",
  reference: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticache.html",
  types: {
    "aws:elasticache/replicationGroup:ReplicationGroup": {
      create: ["elasticache:CreateReplicationGroup", "elasticache:AddTagsToResource", "elasticache:CreateCacheCluster"],
      read: ["elasticache:DescribeReplicationGroups", "elasticache:DescribeCacheClusters", "elasticache:ListTagsForResource", "elasticache:DescribeGlobalReplicationGroups"],
      update: ["elasticache:ModifyReplicationGroup", "elasticache:ModifyReplicationGroupShardConfiguration", "elasticache:IncreaseReplicaCount", "elasticache:DecreaseReplicaCount", "elasticache:AddTagsToResource", "elasticache:RemoveTagsFromResource"],
      // The final snapshot on delete.
      delete: ["elasticache:DeleteReplicationGroup", "elasticache:CreateSnapshot"],
      serviceLinkedRoles: ["elasticache.amazonaws.com"],
      kmsVia: ["elasticache"],
      breakGlassOnly: ["elasticache:DeleteSnapshot"],
    },
    "aws:elasticache/subnetGroup:SubnetGroup": {
      create: ["elasticache:CreateCacheSubnetGroup", "elasticache:AddTagsToResource"],
      read: ["elasticache:DescribeCacheSubnetGroups", "elasticache:ListTagsForResource"],
      update: ["elasticache:ModifyCacheSubnetGroup", "elasticache:AddTagsToResource", "elasticache:RemoveTagsFromResource"],
      delete: ["elasticache:DeleteCacheSubnetGroup"],
    },
  },
  statements: (s, actions) =>
    place(
      "elasticache",
      actions,
      [
        { sid: "ElastiCacheDescribe", takes: /^elasticache:Describe/, resources: () => "*" },
        {
          sid: "ThisStacksCache",
          takes: /^elasticache:/,
          // The default parameter group (default.valkey8) is AWS's; the replication group's nodes are `<id>-00N`.
          resources: (x) => [
            ...["replicationgroup", "cluster", "subnetgroup", "snapshot"].flatMap((kind) => regional(x, "elasticache", `${kind}:${x.prefix}-*`)),
            ...regional(x, "elasticache", "parametergroup:default.*"),
          ],
        },
      ],
      s,
    ),
};
