/**
 * Amazon ECR: the stack's repository and its DR-region replica (`repository/<prefix>` in each of the stack's regions),
 * their lifecycle policies, and (in the stack that owns the account baseline) the registry's scanning configuration;
 * the replication configuration is a registry singleton too.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerregistry.html
 */
import { place, regional, ServicePermissions } from "./types";

export const ecr: ServicePermissions = {
  service: "ecr",
  reference: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerregistry.html",
  types: {
    "aws:ecr/repository:Repository": {
      create: ["ecr:CreateRepository", "ecr:TagResource", "ecr:PutImageScanningConfiguration", "ecr:PutImageTagMutability"],
      read: ["ecr:DescribeRepositories", "ecr:ListTagsForResource"],
      update: ["ecr:PutImageScanningConfiguration", "ecr:PutImageTagMutability", "ecr:TagResource", "ecr:UntagResource"],
      // forceDelete (dev) deletes the images with the repository.
      delete: ["ecr:DeleteRepository", "ecr:BatchDeleteImage"],
      // KMS encryption: ECR creates a grant for the repository with the caller's permissions.
      kmsVia: ["ecr"],
    },
    "aws:ecr/lifecyclePolicy:LifecyclePolicy": {
      create: ["ecr:PutLifecyclePolicy"],
      read: ["ecr:GetLifecyclePolicy"],
      update: ["ecr:PutLifecyclePolicy"],
      delete: ["ecr:DeleteLifecyclePolicy"],
    },
    "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration": {
      create: ["ecr:PutRegistryScanningConfiguration"],
      read: ["ecr:GetRegistryScanningConfiguration"],
      update: ["ecr:PutRegistryScanningConfiguration"],
      delete: ["ecr:PutRegistryScanningConfiguration"],
    },
    "aws:ecr/replicationConfiguration:ReplicationConfiguration": {
      create: ["ecr:PutReplicationConfiguration"],
      read: ["ecr:DescribeRegistry"],
      update: ["ecr:PutReplicationConfiguration"],
      delete: ["ecr:PutReplicationConfiguration"],
      serviceLinkedRoles: ["replication.ecr.amazonaws.com"],
    },
  },
  statements: (s, actions) =>
    place(
      "ecr",
      actions,
      [
        { sid: "EcrDescribe", takes: ["ecr:DescribeRepositories", "ecr:DescribeRegistry", "ecr:GetRegistryScanningConfiguration"], resources: () => "*" },
        // Registry settings are account singletons: only in the stack that owns the account baseline.
        { sid: "EcrRegistrySettings", takes: /Registry|ReplicationConfiguration/, resources: (x) => regional(x, "ecr", "registry/*"), omit: !s.ownsAccountBaseline },
        { sid: "ThisStacksRepository", takes: /^ecr:/, resources: (x) => regional(x, "ecr", `repository/${x.prefix}*`) },
      ],
      s,
    ),
};

