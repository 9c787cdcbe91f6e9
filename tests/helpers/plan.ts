/**
 * Runs the offline plan as `npm run plan` runs it: a child process through tools/plan/bootstrap.js.
 *
 * `plan(...)` and `runPlans([...])` are memoised on disk, keyed by the arguments and the content of everything a plan
 * reads (see sourceKey), so the two mocha workers share each run: the first to ask runs it, the other waits for its
 * result. The memo sits in node_modules/.cache/credlink-tests/<source key>/ and is written
 * atomically (a temporary file renamed into place), so a reader never sees half a report; a run that wrote a file
 * (`--out`) is never memoised. `runPlan` runs every time.
 */
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import Ajv from "ajv";
import { stringify } from "yaml";
import { sourceHash } from "../../tools/plan/memo";
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

/** A hash of every file a plan can read and the commit (tools/plan/memo.ts): the disk memo's directory name. */
export const sourceKey = (): string => sourceHash(REPO_ROOT);

const CACHE_ROOT = path.join(REPO_ROOT, "node_modules", ".cache", "credlink-tests");
/** A lock older than this is a run that died: the next asker runs the plan itself. */
const STALE_LOCK_MS = 5 * 60_000;
/** Memo directories of other sources are removed once this old. */
const OLD_MEMO_MS = 60 * 60_000;

let cacheDirMemo: string | undefined;
function cacheDir(): string {
  if (cacheDirMemo) return cacheDirMemo;
  const dir = path.join(CACHE_ROOT, sourceKey());
  fs.mkdirSync(dir, { recursive: true });
  for (const other of fs.readdirSync(CACHE_ROOT)) {
    const full = path.join(CACHE_ROOT, other);
    try {
      if (full !== dir && Date.now() - fs.statSync(full).mtimeMs > OLD_MEMO_MS) fs.rmSync(full, { recursive: true, force: true });
    } catch {
      // Another worker removed it first.
    }
  }
  cacheDirMemo = dir;
  return dir;
}

/** The memo's file for these arguments, or undefined when the run must not be memoised (it writes a file). */
function memoFile(args: readonly string[]): string | undefined {
  if (args.some((a) => a === "--out" || a === "-o" || a.startsWith("--out="))) return undefined;
  const hash = createHash("sha256").update(JSON.stringify(args));
  // A stack file passed by path is part of the key by content, wherever it is.
  for (const arg of args) {
    const file = path.resolve(REPO_ROOT, arg);
    if (arg.includes(".") && fs.existsSync(file) && fs.statSync(file).isFile()) hash.update(fs.readFileSync(file));
  }
  return path.join(cacheDir(), `plan-${hash.digest("hex").slice(0, 24)}.json`);
}

function readMemo(file: string): PlanRun | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as PlanRun;
  } catch {
    return undefined;
  }
}

function writeMemo(file: string, run: PlanRun): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(run));
  fs.renameSync(tmp, file);
}

/** Takes the lock for `file`'s run: true when this process must run it, false when another one is running it. */
function takeLock(file: string): boolean {
  const lock = `${file}.lock`;
  try {
    fs.closeSync(fs.openSync(lock, "wx"));
    return true;
  } catch {
    try {
      if (Date.now() - fs.statSync(lock).mtimeMs > STALE_LOCK_MS) {
        fs.rmSync(lock, { force: true });
        return takeLock(file);
      }
    } catch {
      return takeLock(file);
    }
    return false;
  }
}

const releaseLock = (file: string) => fs.rmSync(`${file}.lock`, { force: true });
const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const memo = new Map<string, PlanRun>();

/** The plan with these arguments, run once for the whole suite (memoised on disk, see above). */
export function plan(...args: string[]): PlanRun {
  const key = JSON.stringify(args);
  const known = memo.get(key);
  if (known) return known;
  const file = memoFile(args);
  let run: PlanRun | undefined;
  while (!run) {
    run = file ? readMemo(file) : undefined;
    if (run) break;
    if (!file || takeLock(file)) {
      try {
        run = runPlan(args);
        if (file) writeMemo(file, run);
      } finally {
        if (file) releaseLock(file);
      }
    } else {
      sleepSync(100);
    }
  }
  memo.set(key, run);
  return run;
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
/** A `secure:` value nothing decrypts offline (as the committed stack files and examples hold their secrets). */
const SECURE_PLACEHOLDER = "v1:placeholder:replace-with-pulumi-config-set-secret";

export function writeStackVariant(dir: string, name: string, stack: string, patch: (config: Record<string, any>) => void): string {
  const { config, secretPaths } = loadStackConfig(stack);
  const yaml: Record<string, any> = {};
  // A secret stays a `secure:` value (as the stack file holds it), or the variant would hold it as plain text.
  for (const [k, v] of Object.entries(config)) yaml[k] = secretPaths.includes(k) ? { secure: SECURE_PLACEHOLDER } : v.startsWith("{") ? JSON.parse(v) : v;
  patch(yaml);
  const file = path.join(dir, name);
  fs.writeFileSync(file, stringify({ config: yaml }));
  return file;
}

/** The cents of a USD amount that is a whole number of cents. */
export const cents = (usd: number): number => Math.round(usd * 100);

/** Runs one plan in a child process, asynchronously. */
function spawnPlan(args: readonly string[]): Promise<PlanRun> {
  return new Promise<PlanRun>((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.PULUMI_NODEJS_TRANSPILE_ONLY;
    const child = spawn(process.execPath, [BOOTSTRAP, ...args], { cwd: REPO_ROOT, env });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** One plan through the disk memo, asynchronously (the memo's rules as for `plan`). */
async function memoisedPlan(args: readonly string[]): Promise<PlanRun> {
  const key = JSON.stringify(args);
  const known = memo.get(key);
  if (known) return known;
  const file = memoFile(args);
  for (;;) {
    const cached = file ? readMemo(file) : undefined;
    if (cached) {
      memo.set(key, cached);
      return cached;
    }
    if (!file || takeLock(file)) {
      try {
        const run = await spawnPlan(args);
        if (file) {
          writeMemo(file, run);
          memo.set(key, run);
        }
        return run;
      } finally {
        if (file) releaseLock(file);
      }
    }
    await sleep(100);
  }
}

/**
 * Runs several plans at once (two at a time: these machines have 2 cores), for a `before` that needs many. Each goes
 * through the disk memo unless it writes a file (`--out`).
 */
export async function runPlans(list: readonly (readonly string[])[], concurrency = 2): Promise<PlanRun[]> {
  const results: PlanRun[] = new Array(list.length);
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const i = next++;
      results[i] = await memoisedPlan(list[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, list.length) }, worker));
  return results;
}
