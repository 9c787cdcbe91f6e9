import * as aws from "@pulumi/aws";
import * as cloudflare from "@pulumi/cloudflare";
import { StackConfig } from "./config";

/** The cost-allocation tags every taggable resource carries, through the provider's `defaultTags`. */
export function defaultTags(cfg: StackConfig): Record<string, string> {
  return {
    Project: cfg.project,
    Environment: cfg.environment,
    ManagedBy: "pulumi",
    Owner: cfg.tags.owner,
    CostCenter: cfg.tags.costCenter,
    // The stack, for its budget: prod and its failover stack share an account, an Environment and a CostCenter.
    Stack: cfg.stack,
  };
}

/** The providers the program passes to its components. `dr` is the seam for the prod DR-region provider. */
export interface Providers {
  readonly primary: aws.Provider;
  /** The DR region's provider (`credlink:dr.region`), when `credlink:dr.enabled`; same default tags. */
  readonly dr?: aws.Provider;
  /** The Cloudflare provider, only when the edge is Cloudflare or the R2 copy is on (the token is a secret). */
  readonly cloudflare?: cloudflare.Provider;
}

/**
 * An AWS provider's settings in `region`: the default tags, and the stack's one account (`credlink:account.id`). With
 * `allowedAccountIds` the provider checks the caller's account before any call and refuses every other one, so
 * credentials for the wrong environment's account fail the preview instead of changing that account.
 */
export function awsProviderArgs(cfg: StackConfig, region: string): aws.ProviderArgs {
  return { region: region as aws.Region, allowedAccountIds: [cfg.account.id], defaultTags: { tags: defaultTags(cfg) } };
}

/** An explicit provider per region, so no resource ever falls back to the ambient default provider. */
export function createProviders(cfg: StackConfig): Providers {
  const primary = new aws.Provider(`aws-${cfg.region}`, awsProviderArgs(cfg, cfg.region));
  const dr = cfg.dr.enabled ? new aws.Provider(`aws-${cfg.dr.region}`, awsProviderArgs(cfg, cfg.dr.region)) : undefined;
  // Created only when something needs it, so an AWS-only stack never asks for a Cloudflare token.
  const needsCloudflare = cfg.edge.provider === "cloudflare" || cfg.proofs.r2Copy;
  const cf = needsCloudflare && cfg.cloudflareSecrets ? new cloudflare.Provider("cloudflare", { apiToken: cfg.cloudflareSecrets.apiToken }) : undefined;
  return { primary, dr, cloudflare: cf };
}
