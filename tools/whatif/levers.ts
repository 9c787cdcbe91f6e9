/**
 * Dev's cost levers: the choices dev makes that prod does not, each with the value the key would have without it and
 * the cost line items it moves. examples/dev-without-levers.yaml is dev with every lever undone (its keys come from
 * this list, so the two can't drift), and the `levers` block of docs/COST.md prices each lever as the difference of
 * its line items between that plan and dev's own.
 */
export interface CostLever {
  /** What the lever is, as the table names it. */
  readonly name: string;
  /** The keys as they would be without the lever (dotted paths below the namespace key). */
  readonly without: Readonly<Record<string, unknown>>;
  /** Whether a cost line item belongs to this lever: the component's type (e.g. "Network") and the item's name. */
  readonly moves: (component: string, item: string) => boolean;
}

const isKey = (item: string) => item.startsWith("KMS customer managed key");

/** In order: the first lever whose `moves` accepts a line item owns it. */
export const DEV_LEVERS: readonly CostLever[] = [
  {
    name: "one NAT instance instead of a NAT gateway",
    without: { "credlink:network.natGateways": "single" },
    moves: (component, item) => component === "Network" && !isKey(item),
  },
  {
    name: "Fargate Spot for the service",
    without: { "credlink:service.capacityProvider": "FARGATE" },
    moves: (component, item) => component === "Service" && item.startsWith("Fargate"),
  },
  {
    name: "no WAF: an ingress allowlist instead",
    without: { "credlink:edge.waf.enabled": true, "credlink:service.allowedCidrs": ["0.0.0.0/0"] },
    moves: (component) => component === "Firewall",
  },
  {
    name: "one shared customer managed key instead of one per store",
    without: { "credlink:kms.keyPerStore": true },
    moves: (_component, item) => isKey(item),
  },
  {
    name: "the lean operations level: no dashboard, SLO alarms or tier alarms",
    without: { "credlink:ops.level": "full" },
    moves: (component) => component === "Dashboard" || component === "Slo" || component === "Alarms",
  },
  {
    name: "no GuardDuty runtime monitoring (dev's cluster opts out of the agent)",
    without: { "credlink:account.runtimeMonitoring": true },
    moves: (component, item) => component === "Baseline" && item.startsWith("GuardDuty runtime monitoring"),
  },
  {
    name: "no tamper alerts (dev pages nobody; the trail still records every event)",
    without: { "credlink:audit.tamperAlerts": true },
    moves: (component) => component === "TamperAlerts",
  },
];
