import * as aws from "@pulumi/aws";
import { StackConfig } from "./config";

/** The cost-allocation tags every taggable resource carries, through the provider's `defaultTags`. */
export function defaultTags(cfg: StackConfig): Record<string, string> {
  return {
    Project: cfg.project,
    Environment: cfg.environment,
    ManagedBy: "pulumi",
    Owner: cfg.tags.owner,
    CostCenter: cfg.tags.costCenter,
  };
}

/** The providers the program passes to its components. `dr` is the seam for the prod DR-region provider. */
export interface Providers {
  readonly primary: aws.Provider;
  /** The DR region's provider (`credlink:dr.region`), when `credlink:dr.enabled`; same default tags. */
  readonly dr?: aws.Provider;
  /**
   * A us-east-1 provider, for what exists only there: the alarm on Route 53's HealthCheckStatus metric. The primary
   * (or DR) provider when that is already us-east-1, else a provider of its own; only when the stack has a domain
   * (`credlink:domain`), the one thing that uses it.
   */
  readonly usEast1?: aws.Provider;
}

export const US_EAST_1 = "us-east-1";

/** An explicit provider per region, so no resource ever falls back to the ambient default provider. */
export function createProviders(cfg: StackConfig): Providers {
  const primary = new aws.Provider(`aws-${cfg.region}`, {
    region: cfg.region as aws.Region,
    defaultTags: { tags: defaultTags(cfg) },
  });
  const dr = cfg.dr.enabled
    ? new aws.Provider(`aws-${cfg.dr.region}`, { region: cfg.dr.region as aws.Region, defaultTags: { tags: defaultTags(cfg) } })
    : undefined;
  const usEast1 =
    cfg.domain === undefined
      ? undefined
      : cfg.region === US_EAST_1
        ? primary
        : dr !== undefined && cfg.dr.region === US_EAST_1
          ? dr
          : new aws.Provider(`aws-${US_EAST_1}`, { region: US_EAST_1, defaultTags: { tags: defaultTags(cfg) } });
  return { primary, dr, usEast1 };
}
