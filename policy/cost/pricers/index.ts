/**
 * The pricer registry: type token -> pricer. Each family file exports a `Record<string, Pricer>`; add it to FAMILIES.
 * A type registered twice is an error when this module loads, so no family silently overrides another. A type nobody
 * registered is a lookup miss, which estimateCost lists as unpriced.
 */
import { auditPricers } from "./audit";
import { cicdPricers } from "./cicd";
import { cloudflarePricers } from "./cloudflare";
import { cloudwatchPricers } from "./cloudwatch";
import { costManagementPricers } from "./cost-management";
import { ec2Pricers } from "./ec2";
import { ecrPricers } from "./ecr";
import { ecsPricers } from "./ecs";
import { edgePricers } from "./edge";
import { elasticachePricers } from "./elasticache";
import { freePricers } from "./free";
import { keysAndSecretsPricers } from "./keys-and-secrets";
import { loadBalancerPricers } from "./load-balancer";
import { networkPricers } from "./network";
import { rdsPricers } from "./rds";
import { recoveryPricers } from "./recovery";
import { route53Pricers } from "./route53";
import { s3Pricers } from "./s3";
import type { Pricer } from "./types";

export type { Pricer, PricerContext } from "./types";

const FAMILIES: Readonly<Record<string, Readonly<Record<string, Pricer>>>> = {
  network: networkPricers,
  "load-balancer": loadBalancerPricers,
  ecs: ecsPricers,
  rds: rdsPricers,
  elasticache: elasticachePricers,
  "keys-and-secrets": keysAndSecretsPricers,
  edge: edgePricers,
  cloudwatch: cloudwatchPricers,
  route53: route53Pricers,
  s3: s3Pricers,
  ecr: ecrPricers,
  recovery: recoveryPricers,
  ec2: ec2Pricers,
  "cost-management": costManagementPricers,
  cicd: cicdPricers,
  audit: auditPricers,
  cloudflare: cloudflarePricers,
  free: freePricers,
};

/** Merges the families, refusing a type token two of them register. */
export function registry(families: Readonly<Record<string, Readonly<Record<string, Pricer>>>>): Readonly<Record<string, Pricer>> {
  const owner = new Map<string, string>();
  for (const [family, pricers] of Object.entries(families)) {
    for (const type of Object.keys(pricers)) {
      const other = owner.get(type);
      if (other) throw new Error(`pricers: ${type} is registered by both ${other} and ${family}`);
      owner.set(type, family);
    }
  }
  return Object.assign({}, ...Object.values(families));
}

export const PRICERS = registry(FAMILIES);

/** Types that cost nothing themselves and get no line: providers, components (their children are priced), random values. */
const NO_LINE: Pricer = () => undefined;
const costsNothingItself = (type: string): boolean => type.startsWith("pulumi:providers:") || !type.includes("/") || type.startsWith("random:");

/** The pricer of a type token, or undefined when the model has no price for it. */
export function pricerFor(type: string): Pricer | undefined {
  return PRICERS[type] ?? (costsNothingItself(type) ? NO_LINE : undefined);
}
