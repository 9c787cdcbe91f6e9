/**
 * Runs the offline plan as `npm run plan` runs it: a child process through tools/plan/bootstrap.js. Runs are
 * memoised by arguments for the whole mocha process, so every test file that needs "prod as JSON" shares one run.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import Ajv from "ajv";
import { stringify } from "yaml";
import { loadStackConfig, REPO_ROOT } from "../../tools/project";

export interface PlanRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export const BOOTSTRAP = path.join(REPO_ROOT, "tools/plan/bootstrap.js");

/** Runs the plan once (no memo): for runs whose arguments are unique to one test. */
export function runPlan(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): PlanRun {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  delete env.PULUMI_NODEJS_TRANSPILE_ONLY;
  const result = spawnSync(process.execPath, [BOOTSTRAP, ...args], { cwd: options.cwd ?? REPO_ROOT, env, encoding: "utf8", timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const memo = new Map<string, PlanRun>();

/** The plan with these arguments, run once per mocha process. */
export function plan(...args: string[]): PlanRun {
  const key = JSON.stringify(args);
  if (!memo.has(key)) memo.set(key, runPlan(args));
  return memo.get(key) as PlanRun;
}

/** The parsed JSON report of a run that must have succeeded (exit 0, or `status`). */
export function reportOf(run: PlanRun, status = 0): any {
  if (run.status !== status) throw new Error(`plan exited ${run.status}, expected ${status}:\n${run.stderr}`);
  return JSON.parse(run.stdout);
}

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
export const validatePlan = ajv.compile(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "tools/plan/plan.schema.json"), "utf8")));

/** Schema errors of a report, as "path message" lines ([] when it validates). */
export function schemaErrors(report: unknown): string[] {
  return validatePlan(report) ? [] : (validatePlan.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** A temporary directory, removed with `cleanup()`. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Writes a copy of a committed stack file with `patch` applied to its structured keys; returns the file's path. */
export function writeStackVariant(dir: string, name: string, stack: string, patch: (config: Record<string, any>) => void): string {
  const { config } = loadStackConfig(stack);
  const yaml: Record<string, any> = {};
  for (const [k, v] of Object.entries(config)) yaml[k] = v.startsWith("{") ? JSON.parse(v) : v;
  patch(yaml);
  const file = path.join(dir, name);
  fs.writeFileSync(file, stringify({ config: yaml }));
  return file;
}

/** The cents of a USD amount that is a whole number of cents. */
export const cents = (usd: number): number => Math.round(usd * 100);

/** Runs several plans at once (two at a time: these machines have 2 cores), for a `before` that needs many. */
export async function runPlans(list: readonly (readonly string[])[], concurrency = 2): Promise<PlanRun[]> {
  const results: PlanRun[] = new Array(list.length);
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const i = next++;
      results[i] = await new Promise<PlanRun>((resolve) => {
        const env: NodeJS.ProcessEnv = { ...process.env };
        delete env.PULUMI_NODEJS_TRANSPILE_ONLY;
        const child = spawn(process.execPath, [BOOTSTRAP, ...list[i]], { cwd: REPO_ROOT, env });
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
        child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
        child.on("close", (status) => resolve({ status, stdout, stderr }));
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, list.length) }, worker));
  return results;
}
