/**
 * `--compare <earlier.json>`: what changed against an earlier JSON plan of the same stack (e.g. the base branch's),
 * which is what a PR check needs: each resource created, deleted, updated or replaced, every input that changed by
 * its property path (old -> new, secrets as "[secret]"), and the cost delta per resource and in total. Numbers are read
 * from the JSON's numeric fields, never parsed back out of display strings.
 *
 * Replacement, as `pulumi preview` would show it:
 *  - an input whose change replaces the resource (tools/plan/replacement.ts: the CloudFormation model's
 *    causesReplacement, mapped to the Pulumi type, and the known differences between the providers);
 *  - then everything a replaced resource takes with it: a replaced resource's outputs are new, so every input that
 *    references them (the program's property dependencies, as the engine records them) changes too, and replaces its
 *    resource when that input is replace-on-change (a replaced VPC replaces its security groups, their rules, its
 *    target groups...), and so on; a replaced provider replaces every resource it manages.
 *  - awsx's VPC is a remote component: offline its children never register, so the plan infers them (subnets, route
 *    tables, gateways: tools/offline/policy.ts inferAwsxChildren) and compares them too; they reference each other by id.
 * Replacements and deletions of stateful resources (data: databases, caches, buckets, keys, secrets, repositories,
 * vaults, log groups) lead the report.
 */
import * as fs from "node:fs";
import { displayInputs, flattenInputs, ignored, Json, pathSegments, SECRET, showValue } from "./inputs";
import { usdCents } from "./money";
import { CompareFacts, InferredResource, Money, PlanReport, PropertyChange, PropValue, ReportSection, ResourceChange } from "./report";
import { replacesOnChange } from "./replacement";
import { alarmMetric, METRIC_ALARM, operatorOf } from "./alarms";

/** Types whose replacement or deletion loses data. */
export const STATEFUL_TYPES: ReadonlySet<string> = new Set([
  "aws:rds/instance:Instance",
  "aws:rds/cluster:Cluster",
  "aws:elasticache/replicationGroup:ReplicationGroup",
  "aws:elasticache/cluster:Cluster",
  "aws:elasticache/serverlessCache:ServerlessCache",
  "aws:s3/bucket:Bucket",
  "aws:s3/bucketV2:BucketV2",
  "aws:kms/key:Key",
  "aws:secretsmanager/secret:Secret",
  "aws:ecr/repository:Repository",
  "aws:backup/vault:Vault",
  "aws:cloudwatch/logGroup:LogGroup",
  "aws:dynamodb/table:Table",
  "aws:efs/fileSystem:FileSystem",
  "aws:sqs/queue:Queue",
  "cloudflare:index/r2Bucket:R2Bucket",
]);

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

/** A resource as the diff sees it: the plan's row, or an inferred awsx child. */
interface Node {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parent: string;
  readonly inputs?: Json;
  readonly ignoreChanges?: readonly string[];
  readonly inputsHash?: string;
  readonly props?: Readonly<Record<string, PropValue>>;
  readonly forceNew?: Readonly<Record<string, PropValue>>;
  readonly cost?: Money | null;
  readonly inferred?: boolean;
}

function nodesOf(report: Pick<PlanReport, "resources"> & { readonly inferred?: readonly InferredResource[] }, withInferred: boolean): Node[] {
  return [...report.resources, ...(withInferred ? (report.inferred ?? []).map((r) => ({ ...r, inferred: true })) : [])];
}

/** An earlier plan written before inputs were recorded: changes by display properties, replacements by forceNew only. */
export function predatesInputs(report: Pick<PlanReport, "resources">): boolean {
  return report.resources.some((r) => (r as { inputs?: unknown }).inputs === undefined);
}

/** What the diff needs of the plan being made, beyond its rows: who references whom, and each resource's provider. */
export interface CompareGraph {
  /** Per URN, per top-level input, the URNs of the resources whose outputs it references. */
  readonly propertyDependencies: ReadonlyMap<string, Readonly<Record<string, readonly string[]>>>;
  /** Per URN, the URN of the provider that manages it. */
  readonly providers: ReadonlyMap<string, string>;
}

const fact = (type: string, path: string) => {
  const f = replacesOnChange(type, pathSegments(path));
  return { replacement: f?.replaces ?? "no", source: f?.source };
};

/** Each input path that differs, with whether its change replaces the resource. */
function inputChanges(before: Node, after: Node): PropertyChange[] {
  if (before.inputs === undefined || after.inputs === undefined) return legacyChanges(before, after);
  const old = flattenInputs(before.inputs);
  const now = flattenInputs(after.inputs);
  const changes: PropertyChange[] = [];
  const ignore = after.ignoreChanges ?? [];
  for (const path of [...new Set([...old.keys(), ...now.keys()])]) {
    const b = old.has(path) ? (old.get(path) as PropValue | null) : null;
    const a = now.has(path) ? (now.get(path) as PropValue | null) : null;
    if (b === a) continue;
    // pulumi up leaves an ignored input as deployed: shown, but it neither updates nor replaces.
    if (ignored(path, ignore)) {
      changes.push({ name: path, before: b, after: a, replaces: false, replacement: "no", ignored: true });
      continue;
    }
    const { replacement, source } = fact(after.type, path);
    const note = noteFor(before, after, path);
    changes.push({ name: path, before: b, after: a, replaces: replacement === "yes", replacement, ...(source ? { source } : {}), ...(note ? { note } : {}) });
  }
  // Secret inputs are masked on both sides: the hash of all inputs still tells that one changed.
  const masked = [...now.values()].includes(SECRET);
  if (masked && changes.length === 0 && before.inputsHash && after.inputsHash && before.inputsHash !== after.inputsHash) {
    changes.push({ name: "(secret inputs)", before: SECRET, after: SECRET, replaces: false, replacement: "no" });
  }
  return changes;
}

/**
 * An alarm's threshold means nothing without its operator: "fires when FreeableMemory Minimum < threshold" (before ->
 * after when the operator changed too).
 */
function noteFor(before: Node, after: Node, path: string): string | undefined {
  if (after.type !== METRIC_ALARM || (path !== "threshold" && path !== "comparisonOperator")) return undefined;
  const side = (n: Node) => {
    const inputs = (n.inputs ?? {}) as Record<string, any>;
    return `${alarmMetric(inputs)} ${operatorOf(inputs)} threshold`;
  };
  const [b, a] = [side(before), side(after)];
  return `fires when ${b === a ? a : `${b} -> ${a}`}`;
}

/** An earlier plan written before inputs were recorded: its display properties and replace-on-change inputs. */
function legacyChanges(before: Node, after: Node): PropertyChange[] {
  const changes: PropertyChange[] = [];
  const flatAfter = after.inputs === undefined ? new Map<string, PropValue | null>() : flattenInputs(after.inputs);
  for (const [name, value] of Object.entries(before.forceNew ?? {})) {
    const now = flatAfter.has(name) ? flatAfter.get(name) ?? null : null;
    if (after.inputs !== undefined && now !== value) {
      const { replacement, source } = fact(after.type, name);
      changes.push({ name, before: value, after: now, replaces: replacement === "yes", replacement, ...(source ? { source } : {}) });
    }
  }
  // Display properties both plans show (one this version added is no change of the resource).
  const bp = before.props ?? {};
  const ap = after.props ?? {};
  for (const name of Object.keys(bp).filter((k) => k in ap)) {
    if (bp[name] !== ap[name]) changes.push({ name: `(shown) ${name}`, before: bp[name], after: ap[name], replaces: false, replacement: "no" });
  }
  if (changes.length === 0 && before.inputsHash !== after.inputsHash) {
    changes.push({ name: "(inputs: the earlier plan has no inputs to compare)", before: null, after: null, replaces: false, replacement: "no" });
  }
  return changes;
}

/**
 * The inferred awsx children reference each other by id (a route table's vpcId, a NAT gateway's subnet): their
 * dependencies, by value. And each references its component's own dependencies.
 */
function inferredDependencies(nodes: readonly Node[]): Map<string, Record<string, string[]>> {
  const inferred = nodes.filter((n) => n.inferred);
  const byId = new Map<string, string>();
  for (const n of inferred) {
    const id = (n as { id?: string }).id;
    if (id) byId.set(id, n.urn);
  }
  const deps = new Map<string, Record<string, string[]>>();
  for (const n of inferred) {
    const mine: Record<string, string[]> = {};
    for (const [key, value] of Object.entries((n.inputs ?? {}) as Record<string, Json>)) {
      const urn = typeof value === "string" ? byId.get(value) : undefined;
      if (urn && urn !== n.urn) mine[key] = [urn];
    }
    deps.set(n.urn, mine);
  }
  return deps;
}

/** The diff between an earlier plan and this one, by URN; `graph` (this run's references) carries replacements on. */
export function comparePlans(
  before: Pick<PlanReport, "resources" | "cost" | "stack"> & { readonly inferred?: readonly InferredResource[] },
  after: Pick<PlanReport, "resources" | "cost"> & { readonly inferred?: readonly InferredResource[] },
  label: string,
  graph?: CompareGraph,
): CompareFacts {
  // Inferred children are compared only when both plans infer them: an earlier plan without them would show every
  // one as created.
  const withInferred = before.inferred !== undefined && after.inferred !== undefined;
  const oldNodes = nodesOf(before, withInferred);
  const newNodes = nodesOf(after, withInferred);
  const old = new Map(oldNodes.map((r) => [r.urn, r]));
  const now = new Map(newNodes.map((r) => [r.urn, r]));
  const changes = new Map<string, ResourceChange>();
  let unchanged = 0;
  const change = (action: ResourceChange["action"], r: Node, properties: PropertyChange[], costDelta: Money): ResourceChange => ({
    action,
    urn: r.urn,
    type: r.type,
    name: r.name,
    stateful: STATEFUL_TYPES.has(r.type),
    ...(r.inferred ? { inferred: true } : {}),
    properties,
    costDelta,
  });
  for (const r of newNodes) {
    const was = old.get(r.urn);
    if (!was) {
      changes.set(r.urn, change("create", r, [], delta(null, r.cost)));
      continue;
    }
    let properties = inputChanges(was, r);
    // A remote component whose children both plans infer: the children carry the replacement, not the component
    // (which only stands for its VPC when the earlier plan has no inferred children).
    const childrenInferred = (nodes: readonly Node[]) => nodes.some((n) => n.inferred && n.parent === r.urn);
    if (r.type.startsWith("awsx:") && childrenInferred(oldNodes) && childrenInferred(newNodes)) {
      properties = properties.map((p) => ({ ...p, replaces: false, replacement: "no" as const, source: "a component: its inferred children carry the change" }));
    }
    if (properties.length > 0) changes.set(r.urn, change(actionOf(properties), r, properties, delta(was.cost, r.cost)));
  }

  // Replacement carries on to whatever references a replaced resource, until nothing new is replaced.
  const deps = new Map<string, Readonly<Record<string, readonly string[]>>>([...(graph?.propertyDependencies ?? new Map()), ...inferredDependencies(newNodes)]);
  const replaced = () => new Set([...changes.values()].filter((c) => c.action === "replace").map((c) => c.urn));
  // A remote component whose inferred VPC is replaced has new outputs (its vpcId, its subnet ids).
  const withComponents = (set: Set<string>) => {
    for (const urn of [...set]) {
      const n = now.get(urn);
      if (n?.inferred && n.type === "aws:ec2/vpc:Vpc") set.add(n.parent);
    }
    return set;
  };
  let frontier = withComponents(replaced());
  const seen = new Set<string>();
  while (frontier.size > 0) {
    for (const urn of frontier) seen.add(urn);
    for (const r of newNodes) {
      if (!old.has(r.urn) || changes.get(r.urn)?.action === "create") continue;
      const added: PropertyChange[] = [];
      for (const [input, urns] of Object.entries(deps.get(r.urn) ?? {})) {
        const cause = urns.find((u) => frontier.has(u) && u !== r.urn);
        if (!cause) continue;
        const existing = changes.get(r.urn)?.properties ?? [];
        if (existing.some((p) => p.name === input || p.name.startsWith(`${input}.`) || p.name.startsWith(`${input}[`))) {
          continue;
        }
        const { replacement, source } = fact(r.type, input);
        const flat = r.inputs === undefined ? undefined : flattenInputs({ [input]: (r.inputs as Record<string, Json>)[input] ?? null });
        const shown = flat && flat.size === 1 ? [...flat.values()][0] : flat ? `${flat.size} values` : null;
        added.push({ name: input, before: shown ?? null, after: null, replaces: replacement === "yes", replacement, ...(source ? { source } : {}), knownAfterReplaceOf: cause });
      }
      const providerUrn = graph?.providers.get(r.urn);
      if (providerUrn && frontier.has(providerUrn)) {
        added.push({ name: "(provider)", before: null, after: null, replaces: true, replacement: "yes", source: "a replaced provider replaces every resource it manages", knownAfterReplaceOf: providerUrn });
      }
      if (added.length === 0) continue;
      const prior = changes.get(r.urn);
      const properties = [...(prior?.properties ?? []), ...added];
      const was = old.get(r.urn) as Node;
      changes.set(r.urn, change(actionOf(properties), r, properties, prior?.costDelta ?? delta(was.cost, r.cost)));
    }
    frontier = new Set([...withComponents(replaced())].filter((u) => !seen.has(u)));
  }

  for (const r of newNodes) if (old.has(r.urn) && !changes.has(r.urn)) unchanged++;
  for (const r of oldNodes) {
    if (!now.has(r.urn)) changes.set(r.urn, change("delete", r, [], delta(r.cost, null)));
  }
  const list = [...changes.values()];
  // How far down a chain of replacements each change is: 0 for a change of its own inputs.
  const depth = new Map<string, number>();
  const depthOf = (c: ResourceChange, guard = 0): number => {
    const known = depth.get(c.urn);
    if (known !== undefined) return known;
    const causes = c.properties.filter((p) => p.knownAfterReplaceOf).map((p) => changes.get(p.knownAfterReplaceOf as string));
    const own = c.properties.some((p) => !p.knownAfterReplaceOf && (p.replaces || c.action !== "replace"));
    const d = own || causes.length === 0 || guard > 50 ? 0 : 1 + Math.min(...causes.map((x) => (x ? depthOf(x, guard + 1) : 0)));
    depth.set(c.urn, d);
    return d;
  };
  const order = new Map(list.map((c, i) => [c.urn, i]));
  list.sort((a, b) => byWeight(a, b) || depthOf(a) - depthOf(b) || (order.get(a.urn) as number) - (order.get(b.urn) as number));
  const count = (a: ResourceChange["action"]) => list.filter((c) => c.action === a).length;
  const inferred = list.filter((c) => c.inferred).length;
  return {
    against: label,
    baseStack: before.stack,
    counts: { create: count("create"), update: count("update"), replace: count("replace"), delete: count("delete"), ignored: count("ignore"), unchanged, inferred },
    costDelta: delta(before.cost, after.cost),
    changes: list,
  };
}

/** replace when one change replaces, update when one applies, ignore when pulumi up ignores every one. */
function actionOf(properties: readonly PropertyChange[]): ResourceChange["action"] {
  if (properties.some((p) => p.replaces)) return "replace";
  return properties.every((p) => p.ignored) ? "ignore" : "update";
}

/** Order of the changes: stateful replacements and deletions first, then other replacements, deletions, creations, updates. */
const WEIGHT = { replace: 1, delete: 2, create: 3, update: 4, ignore: 5 } as const;
function byWeight(a: ResourceChange, b: ResourceChange): number {
  const lead = (c: ResourceChange) => (c.stateful && (c.action === "replace" || c.action === "delete") ? 0 : WEIGHT[c.action]);
  return lead(a) - lead(b);
}

const SYMBOL = { create: "+", delete: "-", update: "~", replace: "+-", ignore: "=" } as const;
const signed = (usdAmount: number) => (cents(usdAmount) === 0 ? "" : `${usdAmount > 0 ? "+" : ""}${usdCents(cents(usdAmount))}`);

/** "awsx.ec2.Vpc credlink-prod" for a URN: names repeat across types, so the type comes with it. */
export function resourceLabel(urn: string): string {
  const parts = urn.split("::");
  const type = (parts[2] ?? "").split("$").pop() ?? "";
  return `${shortType(type)} ${parts[3] ?? urn}`;
}

/** One changed input as a diff line: "path: old -> new", with what replaces. */
export function showChange(p: PropertyChange, nameOf: (urn: string) => string = resourceLabel): string {
  if (p.knownAfterReplaceOf) {
    const what = p.name === "(provider)" ? "its provider" : p.name;
    return `${what}: known after ${nameOf(p.knownAfterReplaceOf)} is replaced${p.replacement === "yes" ? " (forces replacement)" : p.replacement === "maybe" ? " (may force replacement)" : ""}`;
  }
  const tail = p.ignored ? " (ignoreChanges: pulumi up leaves it as deployed)" : p.replacement === "yes" ? " (forces replacement)" : p.replacement === "maybe" ? " (may force replacement)" : "";
  return `${p.name}: ${showValue(p.before)} -> ${showValue(p.after)}${p.note ? ` (${p.note})` : ""}${tail}`;
}

/** At most this many changed inputs per resource in the display tables; the JSON's compare.changes has them all. */
export const CHANGES_SHOWN = 12;

/** A resource's changed inputs as one cell: the replacing ones first, at most CHANGES_SHOWN. */
function changeList(properties: readonly PropertyChange[], nameOf: (urn: string) => string): string {
  // What replaces first, then the rest in path order, prose (descriptions) last.
  const rank = (p: PropertyChange) => (p.replaces ? 0 : /escription$/i.test(p.name) ? 2 : 1);
  const ordered = [...properties].sort((a, b) => rank(a) - rank(b));
  const shown = ordered.slice(0, CHANGES_SHOWN).map((p) => showChange(p, nameOf));
  const more = ordered.length - shown.length;
  return [...shown, ...(more > 0 ? [`(+${more} more inputs: the JSON report's compare.changes)`] : [])].join("; ");
}

/** Why a replaced resource is replaced, in a few words. */
function replacedBecause(c: ResourceChange, nameOf: (urn: string) => string): string {
  const direct = c.properties.filter((p) => p.replaces && !p.knownAfterReplaceOf);
  if (direct.length > 0) return direct.map((p) => showChange(p, nameOf)).join("; ");
  const carried = c.properties.filter((p) => p.replaces && p.knownAfterReplaceOf);
  return carried.map((p) => `${p.name === "(provider)" ? "its provider" : p.name} references ${nameOf(p.knownAfterReplaceOf as string)}, which is replaced`).join("; ");
}

/** Display tables for the diff: what is replaced or deleted (first), every change, and the cost by component. */
export function compareSections(before: Pick<PlanReport, "components" | "cost">, after: Pick<PlanReport, "components" | "cost">, facts: CompareFacts): ReportSection[] {
  const oldC = new Map(before.components.map((c) => [c.component, c]));
  const nowC = new Map(after.components.map((c) => [c.component, c]));
  const componentRows = [...new Set([...nowC.keys(), ...oldC.keys()])]
    .map((c) => {
      const b = oldC.get(c) ?? ZERO;
      const a = nowC.get(c) ?? ZERO;
      return [c, usdCents(cents(b.baselineUsd)), usdCents(cents(a.baselineUsd)), signed(a.baselineUsd - b.baselineUsd) || "$0.00", usdCents(cents(b.totalUsd)), usdCents(cents(a.totalUsd)), signed(a.totalUsd - b.totalUsd) || "$0.00"];
    })
    .filter((r) => r[3] !== "$0.00" || r[6] !== "$0.00");
  const nameOf = resourceLabel;
  const d = facts.costDelta;
  const n = facts.counts;
  const losing = facts.changes.filter((c) => c.action === "replace" || (c.action === "delete" && c.stateful));
  const stateful = losing.filter((c) => c.stateful);
  const inferredNote = "inferred: awsx creates it inside the VPC component, where the mocks can't see it; a real preview lists it";
  return [
    {
      id: "compare-replacements",
      title: `Replaced or deleted with data: ${losing.length === 0 ? "nothing" : `${stateful.length} stateful, ${losing.length - stateful.length} other`}`,
      columns: ["ACTION", "DATA", "TYPE", "NAME", "WHY"],
      rows: losing.map((c) => [
        `${SYMBOL[c.action]} ${c.action}`,
        c.stateful ? "STATEFUL" : "",
        `${shortType(c.type)}${c.inferred ? " (inferred)" : ""}`,
        c.name,
        c.action === "delete" ? "no longer in the program" : replacedBecause(c, nameOf),
      ]),
      summary:
        losing.length === 0
          ? "No resource is replaced, and no stateful one deleted"
          : `${n.replace} replaced${stateful.length ? `, ${stateful.length} of them (or deleted) holding data: ${stateful.map((c) => c.name).join(", ")}` : ""}: each is destroyed and created again${stateful.length ? ", and a stateful one loses its data unless it is restored" : ""}`,
      ...(losing.some((c) => c.inferred) ? { notes: [inferredNote] } : {}),
    },
    {
      id: "compare-resources",
      title: `Changes against ${facts.against} (stack "${facts.baseStack}")`,
      columns: ["ACTION", "TYPE", "NAME", "CHANGES", "COST/MONTH"],
      rows: facts.changes.map((c) => [
        `${SYMBOL[c.action]} ${c.action}`,
        `${shortType(c.type)}${c.inferred ? " (inferred)" : ""}`,
        c.name,
        changeList(c.properties, nameOf),
        signed(c.costDelta.totalUsd),
      ]),
      summary: `${n.create} to create, ${n.update} to update, ${n.replace} to replace, ${n.delete} to delete, ${n.unchanged} unchanged${n.ignored ? `; ${n.ignored} changed only in inputs pulumi up ignores` : ""}${n.inferred ? ` (${n.inferred} of the changes inferred inside awsx's VPC)` : ""}`,
      ...(n.inferred ? { notes: [inferredNote] } : {}),
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

/** The inputs as the report carries them (see inputs.ts). */
export { displayInputs };
