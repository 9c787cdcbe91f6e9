/**
 * `--compare <earlier.json>`: what changed against an earlier JSON plan of the same stack (e.g. the base branch's),
 * which is what a PR check needs: each resource created, deleted, updated or replaced, the properties that changed,
 * and the cost delta per resource and in total. Numbers are read from the JSON's numeric fields, never parsed back
 * out of display strings.
 *
 * Replacement: for the stateful types (the ones whose replacement loses data) the plan records the inputs whose
 * change forces a new resource (`forceNew` on each resource). The table below lists them; the source is the AWS
 * provider's schema, which @pulumi/aws bridges from terraform-provider-aws: the arguments marked `ForceNew`
 * (internal/service/rds/instance.go, elasticache/replication_group.go, s3/bucket.go, kms/key.go), as listed under
 * "forces new resource" in the Pulumi registry's API docs for aws.rds.Instance, aws.elasticache.ReplicationGroup,
 * aws.s3.Bucket (BucketV2) and aws.kms.Key. Offline there is no provider to ask, so this table is the plan's only
 * source: a type not in it shows updates, never replacements.
 */
import * as fs from "node:fs";
import { CompareFacts, Money, PlanReport, PlanResource, PropValue, PropertyChange, ResourceChange, ReportSection } from "./report";
import { usdCents } from "./money";

export const REPLACE_ON_CHANGE: Readonly<Record<string, readonly string[]>> = {
  "aws:rds/instance:Instance": ["identifier", "engine", "storageEncrypted", "kmsKeyId", "availabilityZone", "username", "dbName", "characterSetName", "timezone", "snapshotIdentifier"],
  "aws:elasticache/replicationGroup:ReplicationGroup": ["replicationGroupId", "atRestEncryptionEnabled", "kmsKeyId", "subnetGroupName", "port", "globalReplicationGroupId"],
  "aws:s3/bucket:Bucket": ["bucket", "bucketPrefix", "objectLockEnabled"],
  "aws:s3/bucketV2:BucketV2": ["bucket", "bucketPrefix", "objectLockEnabled"],
  "aws:kms/key:Key": ["customerMasterKeySpec", "keyUsage", "multiRegion", "customKeyStoreId", "xksKeyId"],
};

/** The replace-on-change inputs of a registration, when its type is in the table and the value is a plain scalar. */
export function forceNewInputs(type: string, inputs: Record<string, unknown>): Record<string, PropValue> | undefined {
  const keys = REPLACE_ON_CHANGE[type];
  if (!keys) return undefined;
  const out: Record<string, PropValue> = {};
  for (const k of keys) {
    const v = inputs[k];
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") out[k] = v;
  }
  return out;
}

export function loadEarlierPlan(file: string): PlanReport {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`--compare ${file}: not a readable JSON plan (${(e as Error).message})`);
  }
  const report = parsed as PlanReport;
  if (!report || !Array.isArray(report.resources) || !Array.isArray(report.sections)) {
    throw new Error(`--compare ${file}: not a plan report (npm run -s plan -- --format json --out FILE)`);
  }
  if (report.schemaVersion !== 1 || !report.cost || typeof report.cost.baselineUsd !== "number") {
    throw new Error(`--compare ${file}: written by an older plan (no schemaVersion 1): plan the base again with this version`);
  }
  return report;
}

const ZERO: Money = { baselineUsd: 0, usageUsd: 0, totalUsd: 0 };
const cents = (n: number) => Math.round(n * 100);
const delta = (before: Money | null | undefined, after: Money | null | undefined): Money => {
  const b = before ?? ZERO;
  const a = after ?? ZERO;
  return { baselineUsd: (cents(a.baselineUsd) - cents(b.baselineUsd)) / 100, usageUsd: (cents(a.usageUsd) - cents(b.usageUsd)) / 100, totalUsd: (cents(a.totalUsd) - cents(b.totalUsd)) / 100 };
};

function propertyChanges(before: PlanResource, after: PlanResource): PropertyChange[] {
  const changes: PropertyChange[] = [];
  const replaceKeys = new Set(REPLACE_ON_CHANGE[after.type] ?? []);
  const bf = before.forceNew ?? {};
  const af = after.forceNew ?? {};
  for (const name of [...new Set([...Object.keys(bf), ...Object.keys(af)])]) {
    if (bf[name] !== af[name]) changes.push({ name, before: bf[name] ?? null, after: af[name] ?? null, replaces: replaceKeys.has(name) });
  }
  for (const name of [...new Set([...Object.keys(before.props), ...Object.keys(after.props)])]) {
    if (before.props[name] !== after.props[name]) changes.push({ name, before: before.props[name] ?? null, after: after.props[name] ?? null, replaces: false });
  }
  if (changes.length === 0 && before.inputsHash !== after.inputsHash) changes.push({ name: "(other inputs)", before: null, after: null, replaces: false });
  return changes;
}

/** The diff between an earlier plan and this one, by URN. */
export function comparePlans(before: PlanReport, after: Pick<PlanReport, "resources" | "cost">, label: string): CompareFacts {
  const old = new Map(before.resources.map((r) => [r.urn, r]));
  const now = new Map(after.resources.map((r) => [r.urn, r]));
  const changes: ResourceChange[] = [];
  let unchanged = 0;
  for (const r of after.resources) {
    const was = old.get(r.urn);
    if (!was) {
      changes.push({ action: "create", urn: r.urn, type: r.type, name: r.name, properties: [], costDelta: delta(null, r.cost) });
      continue;
    }
    const properties = propertyChanges(was, r);
    if (properties.length === 0) {
      unchanged++;
      continue;
    }
    changes.push({ action: properties.some((p) => p.replaces) ? "replace" : "update", urn: r.urn, type: r.type, name: r.name, properties, costDelta: delta(was.cost, r.cost) });
  }
  for (const r of before.resources) {
    if (!now.has(r.urn)) changes.push({ action: "delete", urn: r.urn, type: r.type, name: r.name, properties: [], costDelta: delta(r.cost, null) });
  }
  const count = (a: ResourceChange["action"]) => changes.filter((c) => c.action === a).length;
  return {
    against: label,
    baseStack: before.stack,
    counts: { create: count("create"), update: count("update"), replace: count("replace"), delete: count("delete"), unchanged },
    costDelta: delta(before.cost, after.cost),
    changes,
  };
}

const SYMBOL = { create: "+", delete: "-", update: "~", replace: "+-" } as const;
const signed = (usdAmount: number) => (cents(usdAmount) === 0 ? "" : `${usdAmount > 0 ? "+" : ""}${usdCents(cents(usdAmount))}`);
const show = (v: PropValue | null) => (v === null ? "(none)" : String(v));

/** Display tables for the diff: the per-resource changes and the cost by component, before and after. */
export function compareSections(before: PlanReport, after: Pick<PlanReport, "components" | "cost">, facts: CompareFacts): ReportSection[] {
  const oldC = new Map(before.components.map((c) => [c.component, c]));
  const nowC = new Map(after.components.map((c) => [c.component, c]));
  const componentRows = [...new Set([...nowC.keys(), ...oldC.keys()])]
    .map((c) => {
      const b = oldC.get(c) ?? ZERO;
      const a = nowC.get(c) ?? ZERO;
      return [c, usdCents(cents(b.baselineUsd)), usdCents(cents(a.baselineUsd)), signed(a.baselineUsd - b.baselineUsd) || "$0.00", usdCents(cents(b.totalUsd)), usdCents(cents(a.totalUsd)), signed(a.totalUsd - b.totalUsd) || "$0.00"];
    })
    .filter((r) => r[3] !== "$0.00" || r[6] !== "$0.00");
  const d = facts.costDelta;
  const n = facts.counts;
  return [
    {
      id: "compare-resources",
      title: `Changes against ${facts.against} (stack "${facts.baseStack}")`,
      columns: ["ACTION", "TYPE", "NAME", "CHANGES", "COST/MONTH"],
      rows: facts.changes.map((c) => [
        `${SYMBOL[c.action]} ${c.action}`,
        shortType(c.type),
        c.name,
        c.properties.map((p) => `${p.name}: ${show(p.before)} -> ${show(p.after)}${p.replaces ? " (forces replacement)" : ""}`).join("; "),
        signed(c.costDelta.totalUsd),
      ]),
      summary: `${n.create} to create, ${n.update} to update, ${n.replace} to replace, ${n.delete} to delete, ${n.unchanged} unchanged`,
    },
    {
      id: "compare-cost",
      title: `Cost change against ${facts.against}`,
      columns: ["COMPONENT", "BASELINE BEFORE", "BASELINE AFTER", "CHANGE", "TOTAL BEFORE", "TOTAL AFTER", "CHANGE"],
      rows: [
        ...componentRows,
        ["TOTAL", usdCents(cents(before.cost.baselineUsd)), usdCents(cents(after.cost.baselineUsd)), signed(d.baselineUsd) || "$0.00", usdCents(cents(before.cost.totalUsd)), usdCents(cents(after.cost.totalUsd)), signed(d.totalUsd) || "$0.00"],
      ],
      summary: `Baseline ${usdCents(cents(before.cost.baselineUsd))} -> ${usdCents(cents(after.cost.baselineUsd))} (${signed(d.baselineUsd) || "$0.00"}/month); total ${usdCents(cents(before.cost.totalUsd))} -> ${usdCents(cents(after.cost.totalUsd))} (${signed(d.totalUsd) || "$0.00"}/month)`,
    },
  ];
}

/** "aws:s3/bucketPolicy:BucketPolicy" -> "s3.BucketPolicy"; "credlink:data:Database" -> "data.Database". */
export function shortType(type: string): string {
  const m = /^([^:]+):([^:/]+)(?:\/[^:]+)?:(.+)$/.exec(type);
  if (!m) return type;
  const [, pkg, mod, name] = m;
  if (pkg === "pulumi" && mod === "providers") return `provider.${name}`;
  if (pkg === "aws" || pkg === "credlink") return `${mod}.${name}`;
  return `${pkg}.${mod}.${name}`;
}
