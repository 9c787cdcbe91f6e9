/**
 * The offline plan: runs the program the way `pulumi preview` would load it (Pulumi.yaml -> main, TypeScript loaded by
 * bootstrap.js), with the stack file's config, under the mocks, and reports what the stack will create: a summary,
 * the policy verdicts, the resources, cost, availability, and with --compare the diff against an earlier plan.
 * No cloud account, no Pulumi CLI. Options and exit codes: args.js (`npm run -s plan -- --help`).
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
// Only types from the Pulumi SDK, the mocks and the sections here: they load (about a second) once the stack file has
// been read and checked, so a bad file, a wrong --stack or a bad --compare file fails fast.
import type { Recorder } from "../offline/mocks";
import type { SectionResult } from "./sections";
import { displayPath, listStacks, loadProject, loadStackConfig, REPO_ROOT, StackConfigFile } from "../project";
import { closest } from "../../stacks/config/lib";
import { planProfile } from "./profile";
import { render } from "./render";
import { PlanOptions } from "./args";
import { comparePlans, CompareGraph, compareSections, loadEarlierPlan, predatesInputs } from "./compare";
import { displayInputs } from "./inputs";
import { memoFile, readMemo, writeMemo } from "./memo";
import { usd } from "./money";
import { CeilingStatus, countResources, InferredResource, PlanReport, PlanResource, PlanSummary, Provenance, ReportSection } from "./report";
import { summarize as summarizeProps } from "./summaries";

export const EXIT = { ok: 0, failed: 1, usage: 2, violations: 3 } as const;

/** Runs the program under mocks and collects what it registered, its outputs and its warnings. */
async function runProgram(options: PlanOptions) {
  const project = loadProject();
  const stackFile = loadStackConfig(options.stack, REPO_ROOT, options.configFile);
  const { config, secretKeys, secretPaths, placeholderSecretPaths } = stackFile;
  checkStackFile(options.stack, stackFile);
  const region = config["aws:region"] ?? "us-east-1";
  const warnings: string[] = [
    ...checkNamespaces(stackFile, project.name),
    ...secretPaths.map((k) =>
      placeholderSecretPaths.includes(k)
        ? `${k} is the committed placeholder, which no secrets provider decrypts: \`pulumi config set --secret ${k} <value>\` before \`pulumi up\` (a real preview fails on it)`
        : `${k} is a secret; offline it is a placeholder (the real value is only decrypted by \`pulumi preview\`)`,
    ),
  ];
  const errors: string[] = [];

  const pulumi = await import("@pulumi/pulumi");
  const { resolveDeep, settle, startMocks } = await import("../offline/mocks");
  const { capturePropertyDependencies } = await import("../offline/policy");
  const recorder = await startMocks({ project: project.name, stack: options.stack, region });
  activeRecorder = recorder;
  const propertyDependencies = capturePropertyDependencies();
  pulumi.runtime.setAllConfig(config, secretKeys);
  const log = pulumi.log as unknown as Record<"warn" | "error" | "info", (msg: string) => Promise<void>>;
  log.warn = async (msg) => void warnings.push(msg);
  log.error = async (msg) => void errors.push(msg);
  log.info = async () => undefined;
  const onRejection = (reason: unknown) => errors.push(reason instanceof Error ? reason.message : String(reason));
  process.on("unhandledRejection", onRejection);

  // The SDK takes a formatted stack trace for every promise and resource it makes (runtime/debuggable.js), a third of
  // the program's run time; the plan never shows them (a program's error is reported by its message), so none are
  // taken while the program runs, as the offline engine runs cmd/run with --stack-trace-limit=0.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    // Exactly what the language host does with a CommonJS program: require `main`, call it if it is a function.
    const main = path.resolve(REPO_ROOT, project.main ?? ".");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    let result: unknown;
    try {
      const programExport = require(main);
      result = typeof programExport === "function" ? await programExport() : programExport;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      // The SDK rejects a refused invoke with an empty Error: name what the mocks refused instead of nothing.
      const refused = [...new Set(recorder.unmockedInvokes)];
      if (refused.length > 0) throw new Error(`the program invoked ${refused.join(", ")}, which the mocks don't answer${message ? ` (${message})` : ""}`);
      throw new Error(locateKeys(message, stackFile));
    }
    const outputs = (await resolveDeep(result ?? {})) as Record<string, unknown>;
    await settle();
    for (const token of recorder.unmockedInvokes) errors.push(`the program invoked ${token}, which the mocks don't answer`);
    return { project: project.name, region, profile: planProfile(config), recorder, propertyDependencies, outputs, warnings, errors, stackFile };
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
    process.off("unhandledRejection", onRejection);
  }
}

/**
 * One clear error when a committed stack's file is planned as another committed stack (prod's file with --stack dev),
 * instead of a report of prod's settings under dev's resource names. Any other stack name may plan any file: the
 * rules, usage and ceiling follow from the file's credlink:environment (tools/plan/profile.ts), not from the name.
 */
function checkStackFile(stack: string, file: StackConfigFile): void {
  const owner = /^Pulumi\.(.+)\.yaml$/.exec(path.basename(file.file))?.[1];
  const committed = path.dirname(file.file) === REPO_ROOT && owner !== undefined && listStacks(REPO_ROOT).includes(owner);
  if (!committed || owner === stack || !listStacks(REPO_ROOT).includes(stack)) return;
  throw new Error(`${displayPath(file.file)} is stack ${owner}'s file, but it is planned as --stack ${stack}: use --stack ${owner}`);
}

/**
 * The config namespaces this project reads: its own name, and each Pulumi package it depends on (`aws`, `awsx`,
 * `cloudflare`... from package.json's @pulumi/* dependencies; `pulumi` for the engine's own keys).
 */
export function knownNamespaces(projectName: string, root = REPO_ROOT): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
  const packages = Object.keys(pkg.dependencies ?? {})
    .filter((d) => d.startsWith("@pulumi/"))
    .map((d) => d.slice("@pulumi/".length));
  return [...new Set([projectName, "pulumi", ...packages])].sort();
}

/**
 * A key in a namespace nothing reads is ignored by every program: a typo of a known one (`credlnk:database`) is an
 * error naming it, with the nearest namespace; another unknown one is a warning. Returns the warnings.
 */
function checkNamespaces(file: StackConfigFile, projectName: string): string[] {
  const known = knownNamespaces(projectName);
  const warnings: string[] = [];
  const errors: string[] = [];
  const shown = displayPath(file.file);
  for (const key of Object.keys(file.config)) {
    const namespace = key.slice(0, key.indexOf(":"));
    if (known.includes(namespace)) continue;
    // A key of the project's own file without a namespace was qualified with the project's name: only stack keys reach here.
    const near = closest(namespace, known);
    const where = `${shown}:${file.lines.get(key) ?? "?"}`;
    if (near) errors.push(`${where}: ${key} is in namespace "${namespace}", which nothing reads (did you mean "${near}:${key.slice(namespace.length + 1)}"?); this project reads ${known.join(", ")}`);
    else warnings.push(`${where}: ${key} is in namespace "${namespace}", which nothing in this project reads (it reads ${known.join(", ")})`);
  }
  if (errors.length > 0) throw new Error(errors.join("\n"));
  return warnings;
}

/** Appends "(Pulumi.dev.yaml:12)" to each message line that names a config key the stack file sets. */
export function locateKeys(message: string, file: StackConfigFile): string {
  const shown = displayPath(file.file);
  return message
    .split("\n")
    .map((line) => {
      const key = /\b([a-z][a-z0-9-]*:[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)/.exec(line)?.[1];
      if (!key) return line;
      for (let parts = key.split("."); parts.length > 0; parts = parts.slice(0, -1)) {
        const at = file.lines.get(parts.join("."));
        if (at !== undefined) return `${line} (${shown}:${at})`;
      }
      return line;
    })
    .join("\n");
}

function kindOf(r: Recorder["all"][number]): PlanResource["kind"] {
  if (r.type.startsWith("pulumi:providers:")) return "provider";
  if (r.remote) return "remote-component";
  return r.custom ? "resource" : "component";
}

/** Turns the recorder's registrations into report rows, each tied to its nearest enclosing component. */
export function planResources(recorder: Recorder): Omit<PlanResource, "cost">[] {
  const componentOf = (parent: string): string => {
    for (let urn = parent; urn; urn = recorder.byUrnOf(urn)?.parent ?? "") {
      const owner = recorder.byUrnOf(urn);
      if (owner && !owner.custom && !owner.remote) return urn;
    }
    return "";
  };
  const names = new Map<string, string>();
  for (const r of recorder.all) {
    for (const id of [r.id, r.state.id, r.state.arn]) if (typeof id === "string" && id) names.set(id, r.name);
  }
  const nameOfId = (id: string) => names.get(id);
  return recorder.all.map((r) => ({
    urn: r.urn,
    type: r.type,
    name: r.name,
    parent: recorder.byUrnOf(r.parent) ? r.parent : "",
    component: componentOf(r.parent),
    kind: kindOf(r),
    protect: r.protect,
    retainOnDelete: r.retainOnDelete,
    props: summarizeProps({ type: r.type, inputs: r.inputs, state: r.state, nameOfId }),
    inputs: displayInputs(r.inputs),
    ...(r.ignoreChanges?.length ? { ignoreChanges: [...r.ignoreChanges] } : {}),
    inputsHash: createHash("sha256").update(stableJson(r.inputs)).digest("hex"),
  }));
}

/** What awsx's VPC creates inside itself, inferred the way the policies see it (tools/offline/policy.ts). */
async function inferredResources(recorder: Recorder): Promise<InferredResource[]> {
  const { inferAwsxChildren } = await import("../offline/policy");
  return inferAwsxChildren(recorder).map((r) => ({ urn: r.urn, type: r.type, name: r.name, parent: r.parent, id: String(r.id ?? ""), inputs: displayInputs(r.inputs) }));
}

/** Who references whom in this run, and each resource's provider: what carries a replacement on (compare.ts). */
function compareGraph(recorder: Recorder, propertyDependencies: ReadonlyMap<string, Record<string, string[]>>): CompareGraph {
  const deps = new Map<string, Record<string, string[]>>();
  const providers = new Map<string, string>();
  for (const r of recorder.all) {
    deps.set(r.urn, propertyDependencies.get(`${r.type}::${r.name}`) ?? {});
    if (r.provider) providers.set(r.urn, r.provider.slice(0, r.provider.lastIndexOf("::")));
  }
  return { propertyDependencies: deps, providers };
}

/** The version of the plan tool: the repository's package version. */
function toolVersion(): string {
  try {
    return String(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).version ?? "unknown");
  } catch {
    return "unknown";
  }
}

/** The stack file, the commit and the tool a report comes from. */
function provenance(file: StackConfigFile): Provenance {
  const head = spawnSync("git", ["rev-parse", "HEAD"], { cwd: REPO_ROOT, encoding: "utf8" });
  const commit = head.status === 0 && /^[0-9a-f]{40}$/.test(head.stdout.trim()) ? head.stdout.trim() : null;
  return { configFile: displayPath(file.file), commit, tool: "credlink offline plan (tools/plan)", toolVersion: toolVersion() };
}

/** JSON with sorted keys, so equal inputs hash equally whatever order the program set them in. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const pct = (n: number | null) => (n === null ? "n/a" : `${n.toFixed(2)}%`);

/** The stateful resources the diff replaces or deletes (their data is lost unless restored), by name. */
function statefulLosses(cmp: NonNullable<PlanReport["compare"]>): string[] {
  return cmp.changes.filter((c) => c.stateful && (c.action === "replace" || c.action === "delete")).map((c) => c.name);
}

/** The headline: what terraform's "Plan: X to add" and Infracost's monthly total say, for this stack. */
export function summarize(report: Omit<PlanReport, "summary">): PlanSummary {
  const c = report.cost;
  const kinds = Object.entries(report.counts.byKind).map(([k, n]) => plural(n, k)).join(", ");
  const against = (ceilingUsd: number | null, status: CeilingStatus | null) =>
    ceilingUsd === null ? "no ceiling" : `${status === "unknown" ? "UNKNOWN against" : status === "over" ? "OVER" : "within"} the ${usd(ceilingUsd)} ceiling`;
  const ceiling = against(c.ceilingUsd, c.status);
  const lines = [
    `Plan: stack "${report.stack}" in ${report.region}: ${plural(report.counts.total, "resource")} (${kinds})`,
    `Cost: baseline ${usd(c.baselineUsd)}/month, ${ceiling}${c.unpriced.length ? ` (${c.unpriced.length} unpriced: ${c.unpriced.map((u) => u.resource).join(", ")})` : ""}; usage ${usd(c.usageUsd)}; total ${usd(c.totalUsd)}, ${against(c.totalCeilingUsd, c.totalStatus)}${c.pricedForStackRegion ? "" : ` (${c.priceRegion} prices)`}`,
    `Availability: ${pct(report.availability.compositePct)} composite${report.availability.tiers.length ? ` (${report.availability.tiers.map((t) => `${t.tier} ${t.slaPct}%`).join(", ")})` : ""}${natEgressClause(report.resources)}`,
    `Policy: ${plural(report.policy.counts.mandatory, "mandatory violation")}, ${report.policy.counts.advisory} advisory (${report.policy.policies} policies)`,
  ];
  // A plan at another usage scale says so in its headline.
  const scale = report.usageScale;
  if (scale && scale.factor !== 1) {
    const tasks = scale.tasks ? `; tasks ${scale.tasks.steadyTasks}${scale.tasks.capBinds ? ` (maxCount cap binds: ${scale.tasks.tasksNeeded} needed)` : ""}` : "";
    lines.push(`Usage scale: ${scale.factor}x usage.yml${scale.requestsMillions === null ? "" : ` (${scale.requestsMillions}M requests/month, ${scale.costPerMillionRequestsUsd === null ? "-" : usd(scale.costPerMillionRequestsUsd)} per million)`}${tasks}`);
  }
  const cmp = report.compare;
  if (cmp) {
    const n = cmp.counts;
    const sign = (x: number) => `${x > 0 ? "+" : ""}${usd(x)}`;
    const stateful = statefulLosses(cmp);
    const data = stateful.length ? `; ${stateful.length} holding data replaced or deleted: ${stateful.join(", ")}` : "";
    const ignored = n.ignored ? `; ${n.ignored} changed only in inputs pulumi up ignores` : "";
    lines.push(`Changes against ${cmp.against}: ${n.create} to create, ${n.update} to update, ${n.replace} to replace, ${n.delete} to delete${data}${ignored}; cost ${sign(cmp.costDelta.baselineUsd)}/month baseline, ${sign(cmp.costDelta.totalUsd)} total`);
  }
  return {
    stack: report.stack,
    region: report.region,
    resources: { total: report.counts.total, byKind: report.counts.byKind },
    cost: { baselineUsd: c.baselineUsd, usageUsd: c.usageUsd, totalUsd: c.totalUsd, ceilingUsd: c.ceilingUsd, status: c.status, totalCeilingUsd: c.totalCeilingUsd, totalStatus: c.totalStatus },
    availabilityPct: report.availability.compositePct,
    policy: { mandatory: report.policy.counts.mandatory, advisory: report.policy.counts.advisory },
    compare: cmp
      ? {
          against: cmp.against,
          create: cmp.counts.create,
          update: cmp.counts.update,
          replace: cmp.counts.replace,
          delete: cmp.counts.delete,
          ignored: cmp.counts.ignored,
          statefulLost: statefulLosses(cmp).length,
          baselineDeltaUsd: cmp.costDelta.baselineUsd,
          totalDeltaUsd: cmp.costDelta.totalUsd,
        }
      : null,
    lines,
  };
}

/**
 * Runs the program and builds the report. `errors` mean the program or a section could not run (no report is
 * printed, the exit code is 1); `violations` are mandatory policy violations in a report that is otherwise complete.
 */
export async function buildReport(options: PlanOptions): Promise<{ report?: PlanReport; errors: string[]; violations: string[] }> {
  const earlier = options.compare ? loadEarlierPlan(options.compare) : undefined;
  if (earlier && earlier.stack !== options.stack && !options.compareAnyStack) {
    throw new Error(`--compare ${options.compare} is a plan of stack "${earlier.stack}", not "${options.stack}": a diff across stacks is every difference between them. Add --compare-any-stack if that is what you want`);
  }
  const run = await runProgram(options);
  const errors = [...run.errors];
  if (errors.length > 0) return { errors, violations: [] };
  const rows = planResources(run.recorder);
  const ctx = { stack: options.stack, region: run.region, profile: run.profile, recorder: run.recorder, resources: rows, outputs: run.outputs, propertyDependencies: run.propertyDependencies, usageScale: options.usageScale };
  const sections: ReportSection[] = [];
  const violations: string[] = [];
  const warnings = [...run.warnings];
  let facts: SectionResult["facts"];
  let recovery: SectionResult["recovery"];
  const { SECTION_BUILDERS } = await import("./sections");
  for (const build of SECTION_BUILDERS) {
    const result = await build(ctx);
    sections.push(...result.sections);
    violations.push(...(result.failures ?? []));
    warnings.push(...(result.warnings ?? []));
    facts = result.facts ?? facts;
    recovery = result.recovery ?? recovery;
  }
  if (!facts) return { errors: ["the cost and policy section produced no results"], violations };
  const resources = rows.map((r) => ({ ...r, cost: facts.resourceCosts.get(r.urn) ?? null }));
  const base = {
    schemaVersion: 1 as const,
    provenance: provenance(run.stackFile),
    project: run.project,
    stack: options.stack,
    region: run.region,
    offline: true as const,
    resources,
    inferred: await inferredResources(run.recorder),
    components: facts.components,
    cost: facts.cost,
    lineItems: facts.lineItems,
    availability: facts.availability,
    policy: facts.policy,
    ...(recovery ? { recovery } : {}),
    counts: countResources(resources),
    outputs: run.outputs,
    warnings,
    sections,
    ...(facts.usageScale ? { usageScale: facts.usageScale } : {}),
  };
  // The summary first: a reader of the JSON (or of its first screen) sees the headline before anything else.
  if (!earlier) return { report: { summary: summarize(base), ...base }, errors, violations };
  const compare = comparePlans(earlier, base, path.basename(options.compare as string), compareGraph(run.recorder, run.propertyDependencies));
  const legacy = predatesInputs(earlier)
    ? [`--compare ${path.basename(options.compare as string)} was written by an older plan that recorded no inputs: changes are shown by their display properties, and only a stateful resource's replacement is detected; plan the base again with this version for every input by path`]
    : [];
  const compared = { ...base, warnings: [...legacy, ...base.warnings], compare, sections: [...compareSections(earlier, base, compare), ...sections] };
  return { report: { summary: summarize(compared), ...compared }, errors, violations };
}

/** The mock recorder of the run in progress, for the diagnosis when the program never finishes. */
let activeRecorder: Recorder | undefined;

/**
 * A program that awaits something that never settles (e.g. an invoke the mocks refused: the SDK never resolves the
 * outputs that depend on it) empties the event loop without ever returning. Node would then exit 0 with no report;
 * this makes that a failure that says what it knows.
 */
function failIfTheProgramNeverFinishes(stack: string): () => void {
  const onBeforeExit = () => {
    process.off("beforeExit", onBeforeExit);
    const refused = activeRecorder?.unmockedInvokes ?? [];
    const why = refused.length ? `it invoked ${[...new Set(refused)].join(", ")}, which the mocks don't answer` : "a promise the program awaits never settled";
    console.error(`plan: stack "${stack}" failed: the program stopped before it finished (${why}); no report was written`);
    process.exitCode = EXIT.failed;
  };
  process.on("beforeExit", onBeforeExit);
  return () => process.off("beforeExit", onBeforeExit);
}

/** Runs the plan with options already checked by args.js (paths resolved by bootstrap.js). Returns the exit code. */
export async function main(options: PlanOptions): Promise<number> {
  const finished = failIfTheProgramNeverFinishes(options.stack);
  try {
    // The test suite's memo (CREDLINK_PLAN_MEMO, tools/plan/memo.ts): a plan already made is only rendered again.
    const memo = memoFile(options, REPO_ROOT);
    const cached = readMemo(memo);
    const { report, errors, violations } = cached ? { ...cached, errors: [] as string[] } : await buildReport(options);
    if (!cached && report && errors.length === 0) writeMemo(memo, { report, violations });
    if (errors.length > 0 || !report) {
      console.error(`plan: stack "${options.stack}" failed:\n  - ${errors.join("\n  - ")}`);
      return EXIT.failed;
    }
    const text = render(report, options.format, { wide: options.wide, budget: options.maxChars });
    if (options.out) {
      // bootstrap.js checked the directory before the plan ran.
      fs.writeFileSync(options.out, text);
      console.error(`plan: wrote the ${options.format} report of stack "${options.stack}" to ${options.out}`);
    } else {
      process.stdout.write(text);
    }
    if (violations.length > 0) {
      console.error(`plan: stack "${options.stack}" violates ${violations.length} mandatory polic${violations.length === 1 ? "y" : "ies"}:\n  - ${violations.join("\n  - ")}`);
      return EXIT.violations;
    }
    return EXIT.ok;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    console.error(`plan: stack "${options.stack}" failed: ${message}`);
    return EXIT.failed;
  } finally {
    finished();
  }
}

/** The summary's word on egress through NAT instances: off the request path, what a failure means is in the availability section. */
function natEgressClause(resources: readonly { type: string; name: string }[]): string {
  const n = resources.filter((r) => r.type === "aws:autoscaling/group:Group" && /-nat-\d+$/.test(r.name)).length;
  if (n === 0) return "";
  return `; egress: ${n} NAT instance${n === 1 ? "" : "s"}`;
}

