/**
 * The offline plan: runs the program the way `pulumi preview` would load it (Pulumi.yaml -> main -> ts-node with the
 * project's tsconfig, registered by bootstrap.js), with the stack file's config, under the test suite's mocks, and
 * prints what the stack will create. No cloud account, no Pulumi CLI.
 *
 *   npm run plan                                   # dev, as a table
 *   npm run plan -- --stack prod --format json
 *   npm run plan -- --stack prod --config-file my-what-if.yaml
 *   npm run plan -- --stack prod --format markdown --compare base-plan.json   # a PR comment
 *
 * Exit codes: 0 planned; 1 the config or the program failed; 2 bad command line; 3 planned, but a mandatory policy
 * is violated (the report is still printed, the violations go to stderr).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { Recorder, resolveDeep, settle, startMocks } from "../offline/mocks";
import { loadProject, loadStackConfig, REPO_ROOT } from "../project";
import { render } from "./render";
import { PlanOptions } from "./args";
import { capturePropertyDependencies } from "../offline/policy";
import { compareSections, loadEarlierPlan } from "./compare";
import { countResources, PlanReport, PlanResource, ReportSection } from "./report";
import { SECTION_BUILDERS } from "./sections";
import { summarize } from "./summaries";

export const EXIT = { ok: 0, failed: 1, usage: 2, violations: 3 } as const;

/** Runs the program under mocks and collects what it registered, its outputs and its warnings. */
async function runProgram(options: PlanOptions) {
  const project = loadProject();
  const { config, secretKeys } = loadStackConfig(options.stack, REPO_ROOT, options.configFile);
  const region = config["aws:region"] ?? "us-east-1";
  const warnings: string[] = secretKeys.map(
    (k) => `${k} is a secret; offline it is a placeholder (the real value is only decrypted by \`pulumi preview\`)`,
  );
  const errors: string[] = [];

  const recorder = await startMocks({ project: project.name, stack: options.stack, region });
  const propertyDependencies = capturePropertyDependencies();
  pulumi.runtime.setAllConfig(config, secretKeys);
  const log = pulumi.log as unknown as Record<"warn" | "error" | "info", (msg: string) => Promise<void>>;
  log.warn = async (msg) => void warnings.push(msg);
  log.error = async (msg) => void errors.push(msg);
  log.info = async () => undefined;
  const onRejection = (reason: unknown) => errors.push(reason instanceof Error ? reason.message : String(reason));
  process.on("unhandledRejection", onRejection);

  try {
    // Exactly what the language host does with a CommonJS program: require `main`, call it if it is a function.
    const main = path.resolve(REPO_ROOT, project.main ?? ".");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const programExport = require(main);
    const result = typeof programExport === "function" ? await programExport() : programExport;
    const outputs = (await resolveDeep(result ?? {})) as Record<string, unknown>;
    await settle();
    for (const token of recorder.unmockedInvokes) errors.push(`the program invoked ${token}, which the mocks don't answer`);
    return { project: project.name, region, recorder, propertyDependencies, outputs, warnings, errors };
  } finally {
    process.off("unhandledRejection", onRejection);
  }
}

function kindOf(r: Recorder["all"][number]): PlanResource["kind"] {
  if (r.type.startsWith("pulumi:providers:")) return "provider";
  if (r.remote) return "remote-component";
  return r.custom ? "resource" : "component";
}

/** Turns the recorder's registrations into report rows, each tied to its nearest enclosing component. */
export function planResources(recorder: Recorder): PlanResource[] {
  const componentOf = (parent: string): string => {
    for (let urn = parent; urn; urn = recorder.byUrnOf(urn)?.parent ?? "") {
      const owner = recorder.byUrnOf(urn);
      if (owner && !owner.custom && !owner.remote) return urn;
    }
    return "";
  };
  return recorder.all.map((r) => ({
    urn: r.urn,
    type: r.type,
    name: r.name,
    parent: recorder.byUrnOf(r.parent) ? r.parent : "",
    component: componentOf(r.parent),
    kind: kindOf(r),
    protect: r.protect,
    retainOnDelete: r.retainOnDelete,
    props: summarize({ type: r.type, inputs: r.inputs, state: r.state }),
  }));
}

/**
 * Runs the program and builds the report. `errors` mean the program or a section could not run (no report is
 * printed); `violations` are mandatory policy violations in a report that is otherwise complete.
 */
export async function buildReport(options: PlanOptions): Promise<{ report: PlanReport; errors: string[]; violations: string[] }> {
  const earlier = options.compare ? loadEarlierPlan(options.compare) : undefined;
  const run = await runProgram(options);
  const resources = planResources(run.recorder);
  const ctx = { stack: options.stack, region: run.region, recorder: run.recorder, resources, outputs: run.outputs, propertyDependencies: run.propertyDependencies };
  const sections: ReportSection[] = [];
  const errors = [...run.errors];
  const violations: string[] = [];
  const warnings = [...run.warnings];
  if (errors.length === 0) {
    for (const build of SECTION_BUILDERS) {
      const result = await build(ctx);
      sections.push(...result.sections);
      violations.push(...(result.failures ?? []));
      warnings.push(...(result.warnings ?? []));
    }
  }
  const report: PlanReport = {
    project: run.project,
    stack: options.stack,
    region: run.region,
    offline: true,
    resources,
    counts: countResources(resources),
    outputs: run.outputs,
    warnings,
    sections,
  };
  if (earlier) {
    return { report: { ...report, sections: [...compareSections(earlier, report, options.compare as string), ...sections] }, errors, violations };
  }
  return { report, errors, violations };
}

/** Runs the plan with options already checked by args.js (paths resolved by bootstrap.js). Returns the exit code. */
export async function main(options: PlanOptions): Promise<number> {
  try {
    const { report, errors, violations } = await buildReport(options);
    if (errors.length > 0) {
      console.error(`plan: stack "${options.stack}" failed:\n  - ${errors.join("\n  - ")}`);
      return EXIT.failed;
    }
    const text = render(report, options.format, { wide: options.wide });
    if (options.out) {
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
  }
}
