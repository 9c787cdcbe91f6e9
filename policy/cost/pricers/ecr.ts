/** ECR: repositories cost their storage (the stack-wide ECR usage line); replication costs the replicas' storage and transfer. */
import { T } from "../../lib/types";
import { PRICES } from "../prices";
import { free } from "./free";
import type { Pricer } from "./types";

/**
 * Private registry replication: nothing for the rule itself; each replicated image is stored again in the DR region
 * (ECR storage) and transferred there (data transfer to another region), both usage (usage.yml `ecr`).
 */
const replicationConfiguration: Pricer = (r, ctx) => {
  ctx.push(r, "ECR replication configuration", 0, 0, "free: the rule itself; the replicas' storage and transfer are usage", "free");
  ctx.usageLine(r, "ECR replicated image storage (DR region)", ctx.usage?.ecr?.replicatedStorageGb, "GB-month", PRICES.ecrGbMonth);
  ctx.usageLine(r, "ECR replication transfer to the DR region", ctx.usage?.ecr?.replicatedTransferGb, "GB", PRICES.interRegionTransferGb);
};

export const ecrPricers: Readonly<Record<string, Pricer>> = {
  [T.ecrRepository]: (r, ctx) => ctx.push(r, "ECR repository", 0, 0, "charged by storage: see the stack's ECR usage line", "free"),
  "aws:ecr/lifecyclePolicy:LifecyclePolicy": free("free"),
  "aws:ecr/repositoryPolicy:RepositoryPolicy": free("free"),
  "aws:ecr/replicationConfiguration:ReplicationConfiguration": replicationConfiguration,
  "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate": free("a template; the replicas it creates are priced on the replication configuration"),
};
