/**
 * The composite availability of the request path (ALB -> Fargate service -> RDS and ElastiCache), from the
 * services' SLAs: a serial system is up only when every tier is, so the composite is the product of the tiers' SLAs.
 * S3 (the proof store) and Route 53 are reported beside it: proofs are written asynchronously and DNS is 100%.
 */
import { getOr, tryGet } from "../lib/rules";
import { LOAD_BALANCER_TYPES, T } from "../lib/types";
import { SLAS } from "./prices";

export interface TierAvailability {
  readonly tier: "ALB" | "Fargate" | "RDS" | "ElastiCache" | "Cloudflare";
  readonly resource: string;
  readonly slaPct: number;
  readonly why: string;
}

export interface Availability {
  readonly tiers: readonly TierAvailability[];
  /** Product of the tiers' SLAs, in percent; undefined when the stack has none of the tiers. */
  readonly compositePct?: number;
  /** Tiers of the request path the stack does not (yet) have. */
  readonly missing: readonly string[];
  readonly source: string;
}

interface Res {
  readonly type: string;
  readonly name: string;
  readonly props: Record<string, any>;
}

const count = (props: Record<string, any>, ...path: string[]): number | undefined => {
  const got = tryGet(props, ...path);
  return got.known && Array.isArray(got.value) ? got.value.length : undefined;
};

export function compositeAvailability(resources: readonly Res[]): Availability {
  const tiers: TierAvailability[] = [];
  for (const r of resources) {
    if (LOAD_BALANCER_TYPES.includes(r.type) && getOr(r.props, ["loadBalancerType"], "application") === "application") {
      const azs = count(r.props, "subnets") ?? count(r.props, "subnetMappings") ?? 0;
      tiers.push(azs >= 2
        ? { tier: "ALB", resource: r.name, slaPct: SLAS.albMultiAz, why: `${azs} AZs` }
        : { tier: "ALB", resource: r.name, slaPct: SLAS.albSingleAz, why: azs ? "one AZ" : "AZ count unknown: one AZ assumed" });
    } else if (r.type === T.ecsService) {
      const desired = Number(getOr(r.props, ["desiredCount"], 0));
      const subnets = count(r.props, "networkConfiguration", "subnets") ?? 0;
      tiers.push(desired >= 2 && subnets >= 2
        ? { tier: "Fargate", resource: r.name, slaPct: SLAS.fargateMultiAz, why: `${desired} tasks across ${subnets} subnets` }
        : { tier: "Fargate", resource: r.name, slaPct: SLAS.rdsSingleAz, why: `${desired} task(s) in ${subnets} subnet(s): the 99.99% SLA needs tasks in 2+ AZs; 99.5% assumed` });
    } else if (r.type === T.rdsInstance) {
      const multiAz = getOr(r.props, ["multiAz"], false) === true;
      tiers.push({ tier: "RDS", resource: r.name, slaPct: multiAz ? SLAS.rdsMultiAz : SLAS.rdsSingleAz, why: multiAz ? "Multi-AZ" : "single-AZ" });
    } else if (r.type === "credlink:edge:Cloudflare") {
      // Cloudflare in front is one more serial tier. Business (and Enterprise) carry a 100% SLA; Free and Pro
      // have none (cloudflare.com/plans/faq), so the edge is counted as 100% there too, as an assumption.
      const plan = String(getOr(r.props, ["plan"], "Pro"));
      tiers.push(
        plan === "Business"
          ? { tier: "Cloudflare", resource: r.name, slaPct: SLAS.cloudflareBusiness, why: "Business plan: 100% uptime SLA (cloudflare.com/business-sla)" }
          : { tier: "Cloudflare", resource: r.name, slaPct: 100, why: `${plan} plan: no SLA (cloudflare.com/plans/faq); counted as 100%, an assumption, not a commitment` },
      );
    } else if (r.type === T.cacheReplicationGroup) {
      const multiAz = getOr(r.props, ["multiAzEnabled"], false) === true && getOr(r.props, ["automaticFailoverEnabled"], false) === true;
      tiers.push({ tier: "ElastiCache", resource: r.name, slaPct: multiAz ? SLAS.elasticacheMultiAz : SLAS.elasticacheSingleAz, why: multiAz ? "Multi-AZ with automatic failover" : "no Multi-AZ failover" });
    }
  }
  const missing = (["ALB", "Fargate", "RDS", "ElastiCache"] as const).filter((t) => !tiers.some((x) => x.tier === t));
  const compositePct = tiers.length ? Math.round(tiers.reduce((a, t) => a * (t.slaPct / 100), 1) * 1e6) / 1e4 : undefined;
  return { tiers, compositePct, missing, source: SLAS.source };
}
