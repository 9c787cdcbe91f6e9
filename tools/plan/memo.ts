/**
 * The test suite's memo of plan reports: with CREDLINK_PLAN_MEMO set to a directory (tests/helpers/hooks.js sets it
 * for every plan the tests start, the docs' recipes included), a plan whose inputs were planned before reuses that
 * report and only renders it: the table, JSON and Markdown of one plan share one program run. Unset (any other use),
 * nothing is read or written.
 *
 * The key is everything the report depends on: the content of every file a plan reads (the program, the components,
 * the pack, the tools, the examples, the stack files, the lockfile), the commit (the report's provenance names it), the
 * Node binary, the options that change the report (stack, stack file, --compare's file, --usage-scale), and the
 * content of the files those name. Reports are written atomically (a temporary file renamed into place), so a reader
 * never sees half of one; two processes planning the same thing at once both plan, and the last write wins.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { PlanOptions } from "./args";
import type { PlanReport } from "./report";

/** What a plan reads besides its options: these directories, and the root's stack, package and tsconfig files. */
const SOURCE_DIRS = ["stacks", "components", "policy", "tools", "examples"];
const SOURCE_FILES = /^(Pulumi(\..+)?\.yaml|package(-lock)?\.json|tsconfig\.json)$/;
const SKIP = new Set(["node_modules", "bin"]);

function listSources(dir: string, out: string[]): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name) || entry.name.startsWith(".")) continue;
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) listSources(file, out);
    else if (entry.isFile()) out.push(file);
  }
}

const memos = new Map<string, string>();

/**
 * A hash of every file a plan can read under `root`, the commit checked out, the Node binary and the environment
 * variables the plan reads (20 hex digits). The test helpers key their own memo with it too.
 */
export function sourceHash(root: string): string {
  const known = memos.get(root);
  if (known) return known;
  const files: string[] = [];
  for (const dir of SOURCE_DIRS) if (fs.existsSync(path.join(root, dir))) listSources(path.join(root, dir), files);
  for (const name of fs.readdirSync(root)) if (SOURCE_FILES.test(name)) files.push(path.join(root, name));
  const hash = createHash("sha256");
  for (const file of files.sort()) hash.update(`${path.relative(root, file)}\0`).update(fs.readFileSync(file)).update("\0");
  const head = spawnSync("git", ["rev-parse", "HEAD"], { cwd: root, encoding: "utf8" });
  hash.update(`${head.status === 0 ? head.stdout.trim() : "no-git"}\0${process.execPath}\0${process.version}`);
  hash.update(`\0PULUMI_NODEJS_TSCONFIG_PATH=${process.env.PULUMI_NODEJS_TSCONFIG_PATH ?? ""}`);
  const digest = hash.digest("hex").slice(0, 20);
  memos.set(root, digest);
  return digest;
}

/** What a plan produced: its report and its mandatory violations (the exit code follows from them). */
export interface MemoEntry {
  readonly report: PlanReport;
  readonly violations: readonly string[];
}

/** The memo file for these options under CREDLINK_PLAN_MEMO, or undefined when the memo is off. */
export function memoFile(options: PlanOptions, root: string): string | undefined {
  const dir = process.env.CREDLINK_PLAN_MEMO;
  if (!dir) return undefined;
  const hash = createHash("sha256").update(sourceHash(root));
  const file = (p: string | undefined) => (p && fs.existsSync(p) ? createHash("sha256").update(fs.readFileSync(p)).digest("hex") : "-");
  const parts = [options.stack, options.configFile ?? "-", file(options.configFile), options.compare ? path.basename(options.compare) : "-", file(options.compare), String(options.compareAnyStack), String(options.usageScale), String(options.typecheck)];
  hash.update(parts.join("\0"));
  return path.join(dir, `report-${hash.digest("hex").slice(0, 24)}.json`);
}

export function readMemo(file: string | undefined): MemoEntry | undefined {
  if (!file) return undefined;
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as MemoEntry;
  } catch {
    return undefined;
  }
}

export function writeMemo(file: string | undefined, entry: MemoEntry): void {
  if (!file) return;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(entry));
    fs.renameSync(tmp, file);
  } catch {
    // A memo that can't be written only costs the next run its time.
  }
}
