/**
 * The plan report: what a stack will create, as data. Renderers (render.ts) turn it into a table, JSON or Markdown.
 *
 * Extension point: `sections`. Each later capability (cost, policy verdicts, availability) adds a ReportSection:
 * a titled table with named columns, plus optional notes and a summary line. Renderers print every section the same
 * way, so a new section needs no renderer change.
 */
import type { Autoscaling, TaskScaling } from "../../policy/cost/usage-scale";

/** A property worth showing for a resource: sizes, AZs, encryption, retention. */
export type PropValue = string | number | boolean;

/** A JSON value (a resource's inputs as the report carries them: tools/plan/inputs.ts). */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface PlanResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** URN of the nearest enclosing component, or "" for top-level resources. */
  readonly component: string;
  /** URN of the direct parent, or "" for the stack. */
  readonly parent: string;
  /** "resource" (provider-backed), "component" (ours, local), "remote-component" (e.g. awsx), or "provider". */
  readonly kind: "resource" | "component" | "remote-component" | "provider";
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  /** The few properties that matter, already formatted for display. */
  readonly props: Readonly<Record<string, PropValue>>;
  /**
   * Monthly cost of this resource's own line items (stack-wide usage lines are in `components` only). Null for a
   * resource the model prices at nothing (components, providers, free types) or can't price (`cost.unpriced`).
   */
  readonly cost: Money | null;
  /**
   * Every input as registered, secrets (and values computed from them) as "[secret]" (tools/plan/inputs.ts):
   * --compare diffs them by property path.
   */
  readonly inputs: Json;
  /** The input paths the program told the engine to ignore (ignoreChanges): a change there is no change. */
  readonly ignoreChanges?: readonly string[];
  /** Written by plans before inputs were recorded (the inputs a hand table said replace): read from earlier plans only. */
  readonly forceNew?: Readonly<Record<string, PropValue>>;
  /** SHA-256 of all the resource's inputs, secrets included (stable key order): a change the masked inputs can't show. */
  readonly inputsHash: string;
}

/**
 * A resource the plan infers instead of seeing it registered: awsx's VPC creates its subnets, route tables and
 * gateways inside the remote component, where the mocks can't see them (tools/offline/policy.ts inferAwsxChildren).
 */
export interface InferredResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** The component that creates it. */
  readonly parent: string;
  /** The id the mocks give it, by which its siblings reference it. */
  readonly id: string;
  readonly inputs: Json;
}

/** Where a report comes from. */
export interface Provenance {
  /** The stack file planned, relative to the repository when inside it. */
  readonly configFile: string;
  /** The commit checked out (git rev-parse HEAD), or null outside a git checkout. */
  readonly commit: string | null;
  /** The plan tool and its version (the repository's package version). */
  readonly tool: string;
  readonly toolVersion: string;
}

/** Monthly USD amounts, each a whole number of cents: rows add up to their totals exactly. */
export interface Money {
  readonly baselineUsd: number;
  readonly usageUsd: number;
  readonly totalUsd: number;
}

export type CeilingStatus = "within" | "over" | "unknown";

export interface CostFacts {
  readonly currency: "USD";
  /** The price table's region, and whether it is the stack's (if not, the amounts are approximate). */
  readonly priceRegion: string;
  readonly pricedForStackRegion: boolean;
  readonly hoursPerMonth: number;
  readonly baselineUsd: number;
  readonly usageUsd: number;
  readonly totalUsd: number;
  /** The stack's monthly-cost-within-ceiling value, or null when the policy is disabled. */
  readonly ceilingUsd: number | null;
  /** "unknown" when any resource is unpriced: its cost is not in the totals. Null without a ceiling. */
  readonly status: CeilingStatus | null;
  /** monthly-cost-within-ceiling's totalCeilingUsd (baseline + usage; the budget's amount), or null when disabled. */
  readonly totalCeilingUsd: number | null;
  /** The total against it: "unknown" also when a usage line has no figure. Null without a ceiling. */
  readonly totalStatus: CeilingStatus | null;
  readonly unpriced: readonly { readonly urn: string | null; readonly type: string; readonly resource: string; readonly reason: string }[];
  readonly assumptions: readonly string[];
}

export interface ComponentCost extends Money {
  /** "<Type> <name>" of the CredLink component, or "(stack usage)" for stack-wide usage lines. */
  readonly component: string;
}

/**
 * One line of the cost model, in the model's order: every priced, free, usage-dependent and unpriced line the totals
 * are made of (the `cost-by-resource` section shows only the priced and usage-dependent ones, without their type).
 */
export interface CostLine extends Money {
  /** The resource's URN, or null for a stack-wide usage line. */
  readonly urn: string | null;
  readonly type: string;
  /** The resource's logical name, or "(stack)" for a stack-wide usage line. */
  readonly resource: string;
  /** "<Type> <name>" of the CredLink component the resource belongs to, or "(stack usage)". */
  readonly component: string;
  /** What the line is, e.g. "NAT gateway hours". */
  readonly item: string;
  /** "unpriced" lines are not in the totals (cost.unpriced lists them too); "usage-unknown" ones are $0 until usage.yml gives the figure. */
  readonly kind: "priced" | "free" | "unpriced" | "usage-unknown";
  /** How the amount was computed, e.g. "730 h x $0.045/NAT gateway-hour". */
  readonly how: string;
  /** For a line of one term: its quantity (null when usage.yml doesn't give it), unit and unit price; else null. */
  readonly quantity: number | null;
  readonly unit: string | null;
  readonly unitPriceUsd: number | null;
  /** What the amount is made of: each quantity at its unit price (policy/cost/pricers/types.ts CostTerm). */
  readonly terms: readonly { readonly quantity: number | null; readonly unit: string; readonly unitPriceUsd: number }[];
}

export interface AvailabilityFacts {
  /** Product of the tiers' SLAs in percent; null when the stack has none of the request path's tiers. */
  readonly compositePct: number | null;
  readonly tiers: readonly { readonly tier: string; readonly resource: string; readonly slaPct: number; readonly why: string }[];
  readonly missing: readonly string[];
}

export interface PolicyViolation {
  readonly policy: string;
  /** The resource's URN, or null for a stack-wide violation. */
  readonly urn: string | null;
  readonly resource: string;
  readonly level: "mandatory" | "advisory" | "remediate" | "disabled";
  readonly message: string;
}

export interface PolicyFacts {
  readonly pack: string;
  /** The policy config file the levels came from, relative to the repository, or null for the code's defaults. */
  readonly config: string | null;
  readonly policies: number;
  readonly counts: { readonly mandatory: number; readonly advisory: number; readonly remediate: number };
  readonly violations: readonly PolicyViolation[];
}

/** One input that differs between the earlier plan and this one. */
export interface PropertyChange {
  /** The input's property path, e.g. `networkConfiguration.subnets[2]` (or "(secret inputs)", "(provider)"). */
  readonly name: string;
  /** The leaf's value before and after, null when absent; secrets as "[secret]". */
  readonly before: PropValue | null;
  /** Null also when the value is only known once the resource in `knownAfterReplaceOf` is replaced. */
  readonly after: PropValue | null;
  /** True when changing it replaces the resource: `replacement` is "yes". */
  readonly replaces: boolean;
  /** yes: the change replaces the resource; maybe: it may (CloudFormation: conditional); no. */
  readonly replacement: "yes" | "maybe" | "no";
  /** Where the replacement fact comes from (tools/plan/replacement.ts): a CloudFormation property, or a reason. */
  readonly source?: string;
  /** The URN of a replaced resource whose outputs this input references: its new value is known only after that. */
  readonly knownAfterReplaceOf?: string;
  /** What the value means where that is not in the path: an alarm's threshold with the comparison it fires on. */
  readonly note?: string;
  /** In the resource's ignoreChanges: pulumi up leaves it as deployed. */
  readonly ignored?: boolean;
}

export interface ResourceChange {
  /** "ignore": every changed input is one pulumi up ignores (ignoreChanges): no change is applied. */
  readonly action: "create" | "delete" | "update" | "replace" | "ignore";
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** Its replacement or deletion loses data (compare.ts STATEFUL_TYPES). */
  readonly stateful: boolean;
  /** An inferred awsx child (see InferredResource). */
  readonly inferred?: boolean;
  readonly properties: readonly PropertyChange[];
  /** Change in this resource's monthly cost (after - before), USD. */
  readonly costDelta: Money;
}

export interface CompareFacts {
  /** The earlier plan's file, as given. */
  readonly against: string;
  readonly baseStack: string;
  readonly counts: {
    readonly create: number;
    readonly update: number;
    readonly replace: number;
    readonly delete: number;
    readonly unchanged: number;
    /** Resources changed only in inputs pulumi up ignores (action "ignore"). */
    readonly ignored: number;
    /** How many of the changes are of inferred awsx children. */
    readonly inferred: number;
  };
  readonly costDelta: Money;
  readonly changes: readonly ResourceChange[];
}

/** The headline every format prints first. */
export interface PlanSummary {
  readonly stack: string;
  readonly region: string;
  readonly resources: { readonly total: number; readonly byKind: Readonly<Record<string, number>> };
  /** The totals and each against its ceiling, as CostFacts has them. */
  readonly cost: Pick<CostFacts, "baselineUsd" | "usageUsd" | "totalUsd" | "ceilingUsd" | "status" | "totalCeilingUsd" | "totalStatus">;
  readonly availabilityPct: number | null;
  readonly policy: { readonly mandatory: number; readonly advisory: number };
  readonly compare: {
    readonly against: string;
    readonly create: number;
    readonly update: number;
    readonly replace: number;
    readonly delete: number;
    /** Changed only in inputs pulumi up ignores. */
    readonly ignored: number;
    /** Stateful resources replaced or deleted: their data is lost unless restored. */
    readonly statefulLost: number;
    readonly baselineDeltaUsd: number;
    readonly totalDeltaUsd: number;
  } | null;
  /** The same, as the lines the table and Markdown formats print first. */
  readonly lines: readonly string[];
}

export interface ReportSection {
  readonly id: string;
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly PropValue[])[];
  /** Lines printed under the table (assumptions, sources). */
  readonly notes?: readonly string[];
  /** One line that sums the section up (e.g. a total). */
  readonly summary?: string;
  /** A long, detailed table: the Markdown report collapses it under <details> to keep PR comments short. */
  readonly detail?: boolean;
}

export interface PlanReport {
  /** The headline every format prints first (first in the JSON too). */
  readonly summary: PlanSummary;
  /** Bumped on any incompatible change to this shape; tools/plan/plan.schema.json describes it. */
  readonly schemaVersion: 1;
  readonly provenance: Provenance;
  readonly project: string;
  readonly stack: string;
  readonly region: string;
  /** Always true: nothing here talked to AWS. */
  readonly offline: true;
  readonly resources: readonly PlanResource[];
  /** What awsx's VPC creates inside itself, inferred (InferredResource). */
  readonly inferred: readonly InferredResource[];
  readonly components: readonly ComponentCost[];
  readonly cost: CostFacts;
  /** Every line of the cost model, in its order. */
  readonly lineItems: readonly CostLine[];
  readonly availability: AvailabilityFacts;
  readonly policy: PolicyFacts;
  /** Present with --compare. */
  readonly compare?: CompareFacts;
  /** RPO and RTO per data store and failure, derived from the registrations. */
  readonly recovery?: RecoveryFacts;
  readonly counts: {
    readonly total: number;
    readonly byKind: Readonly<Record<string, number>>;
    readonly byType: Readonly<Record<string, number>>;
  };
  /** The program's exported stack outputs. */
  readonly outputs: Readonly<Record<string, unknown>>;
  /** Warnings the program logged (e.g. a dev stack without a domain serving HTTP only), and the plan's own. */
  readonly warnings: readonly string[];
  readonly sections: readonly ReportSection[];
  /** Usage at --usage-scale, cost per million requests, and the cost curve at 1x, 10x, 100x. */
  readonly usageScale?: UsageScaleFacts;
}


export interface CurvePoint {
  readonly factor: number;
  readonly requestsMillions: number | null;
  readonly baselineUsd: number;
  readonly usageUsd: number;
  readonly totalUsd: number;
  readonly costPerMillionRequestsUsd: number | null;
  /** Tasks autoscaling reaches (null without a service), and whether maxCount holds it below what it needs. */
  readonly steadyTasks: number | null;
  readonly tasksNeeded: number | null;
  readonly capBinds: boolean;
}

/** What the JSON report carries as `usageScale` (built by sections/usage-scale.ts). */
export interface UsageScaleFacts {
  /** --usage-scale (1 = usage.yml as committed). */
  readonly factor: number;
  /** Requests a month at this factor (usage.yml traffic.requestsMillions x factor), or null when usage.yml has none. */
  readonly requestsMillions: number | null;
  readonly costPerMillionRequestsUsd: number | null;
  /** The service's autoscaling as deployed, or null when the stack has no autoscaled service. */
  readonly autoscaling: Autoscaling | null;
  readonly tasks: TaskScaling | null;
  /** Usage figures the scaling table doesn't classify (kept as they are). */
  readonly unclassified: readonly string[];
  /** Per component at this factor: its total and its share per million requests. */
  readonly components: readonly { readonly component: string; readonly totalUsd: number; readonly perMillionRequestsUsd: number | null }[];
  /** The plan at 1x, 10x and 100x. */
  readonly curve: readonly CurvePoint[];
  /** Resources whose size the model holds fixed at every factor (their capacity is not modelled). */
  readonly fixed: readonly string[];
}

/** Counts by kind and by type. */
export function countResources(resources: readonly PlanResource[]): PlanReport["counts"] {
  const byKind: Record<string, number> = {};
  const byType: Record<string, number> = {};
  for (const r of resources) {
    byKind[r.kind] = (byKind[r.kind] ?? 0) + 1;
    byType[r.type] = (byType[r.type] ?? 0) + 1;
  }
  const sortedByType = Object.fromEntries(Object.entries(byType).sort(([a], [b]) => a.localeCompare(b)));
  return { total: resources.length, byKind, byType: sortedByType };
}

// --- Recovery: what one failure of one data store costs ---
/** How much data (RPO) and how much time (RTO) one failure of one data store costs, in minutes. */
export interface RecoveryObjective {
  /** "PostgreSQL", "Proof bucket", "Cache". */
  readonly store: string;
  /** The registration's logical name. */
  readonly resource: string;
  /** What fails: "instance or AZ", "deleted or corrupted data", "region". */
  readonly scenario: string;
  /** Data lost, at most, in minutes (0: none). */
  readonly rpoMinutes: number;
  /** Time until the data serves again, in minutes (an estimate: see `how`). */
  readonly rtoMinutes: number;
  /** The mechanism, and where the numbers come from. */
  readonly how: string;
}

/** One step of the region failover runbook, with its minutes and where they come from. */
export interface FailoverStep {
  readonly step: string;
  readonly minutes: number;
  /** False for a step that runs while a longer one does (it adds nothing to the RTO). */
  readonly criticalPath: boolean;
  readonly source: string;
}

/** The region failover: its RTO (the critical path's sum), RPO, whether the pilot light stands, and its steps. */
export interface FailoverFacts {
  readonly rtoMinutes: number;
  readonly rpoMinutes: number;
  readonly targetMinutes: number;
  readonly pilotLight: boolean;
  readonly steps: readonly FailoverStep[];
}

export interface RecoveryFacts {
  readonly objectives: readonly RecoveryObjective[];
  /** Present where the stack takes part in a region failover (a primary that replicates, or the failover stack). */
  readonly failover?: FailoverFacts;
}
