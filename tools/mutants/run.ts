/**
 * `npm run mutants`: how many realistic one-line mistakes the tests catch.
 *
 * For each mutation of tools/mutants/mutations.ts (one at a time) it edits one line in a scratch copy of the repository
 * (its own node_modules made of links to this one's, the workspace packages pointing into the copy), runs the test
 * files whose imports reach the mutated file (nearest first, `--bail`: the first failure kills it) and, for the class
 * "pack", the policy pack over every committed stack too. It measures the two nets apart: the tests (every mutation; one
 * the tests don't fail on survives) and the pack (the "pack" mutations; one with no mandatory violation is missed). It
 * prints killed/survived per class, the pack's catches, and a summary line, and exits 1 when either rate is under its
 * threshold.
 *
 * Why not StrykerJS: Stryker generates its own mutants from operators (arithmetic, string literals, conditionals),
 * thousands of them, most in messages and descriptions; it has no way to apply a reviewed list of realistic mistakes
 * ("a dependsOn dropped", "a prod rule loosened") or to count them per class, and no step that runs a policy pack.
 *
 * Options (`npm run mutants -- --help`): --jobs 1|2, --threshold PERCENT, --pack-threshold PERCENT, --only NAME|CLASS
 * (repeatable), --rev REV (the tests and sources of an earlier commit, with this list), --list (what would run, no
 * test), --record LABEL (keep the result in tools/mutants/scores.json and rewrite docs/MUTATION-SCORE.md), --timeout
 * MINUTES (per mutation).
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { REPO_ROOT } from "../project";
import { Mutation, MUTATION_CLASSES, MUTATIONS, MutationClass } from "./mutations";
import { importGraph, testsFor } from "./select";
import { renderScorePage, Score, SCORE_FILE, SCORE_PAGE, ScoreRow } from "./score";

export interface Outcome {
  readonly mutation: Mutation;
  /** What the tests did with it. */
  readonly status: "killed" | "survived" | "timeout" | "error";
  /** What killed it: "<test file>: <test title>". */
  readonly by?: string;
  /** For the class "pack": whether the pack flagged it (a mandatory violation), and the first one. */
  readonly pack?: { readonly status: "caught" | "missed" | "timeout" | "error"; readonly by?: string };
  readonly seconds: number;
  readonly tests: { readonly first: readonly string[]; readonly rest: readonly string[] };
}

const USAGE = `usage: npm run mutants -- [options]
  --jobs N          mutations run side by side, 1 or 2 (default 2: these machines have 2 cores)
  --threshold P     exit 1 when the tests kill fewer than P% of the mutations (default 95)
  --pack-threshold P  exit 1 when the pack catches fewer than P% of the "pack" mutations (default 98)
  --only X          only the mutation named X, or the class X; repeatable
  --rev REV         test the sources and tests of git revision REV (this list and runner)
  --list            print each mutation and the test files it would run; run nothing
  --record LABEL    keep the result as LABEL in ${SCORE_FILE} and rewrite ${SCORE_PAGE}
  --timeout MIN     minutes one mutation's tests may take before it counts as killed by timeout (default 20)
  --no-baseline     skip the first run of the tests on the unmutated copy (it checks they pass)
  --help            this text`;

/** The mutated text: `find` replaced at its (only, or `occurrence`-th) place. Throws naming the file when it doesn't apply. */
export function applyMutation(text: string, mutation: Mutation): string {
  if (mutation.find.includes("\n")) throw new Error(`${mutation.name}: find must be text on one line`);
  const hits: number[] = [];
  for (let at = text.indexOf(mutation.find); at !== -1; at = text.indexOf(mutation.find, at + 1)) hits.push(at);
  const occurrence = mutation.occurrence ?? 1;
  if (mutation.occurrence === undefined && hits.length !== 1) {
    throw new Error(`${mutation.name}: ${mutation.file} has ${hits.length} matches of ${JSON.stringify(mutation.find)}, not exactly one (give an occurrence)`);
  }
  if (hits.length < occurrence) {
    throw new Error(`${mutation.name}: ${mutation.file} has ${hits.length} matches of ${JSON.stringify(mutation.find)}, fewer than occurrence ${occurrence}`);
  }
  const at = hits[occurrence - 1];
  return text.slice(0, at) + mutation.replace + text.slice(at + mutation.find.length);
}

/** The files of the tree to copy: git's tracked and untracked-but-not-ignored files (as they are now), or a revision's. */
function materialise(dir: string, rev: string | undefined): void {
  if (rev) {
    const archive = spawnSync("git", ["archive", "--format=tar", rev], { cwd: REPO_ROOT, maxBuffer: 512 * 1024 * 1024 });
    if (archive.status !== 0) throw new Error(`git archive ${rev} failed: ${archive.stderr.toString()}`);
    const untar = spawnSync("tar", ["-x", "-C", dir], { input: archive.stdout });
    if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr.toString()}`);
    // The runner and its list are this tree's: only the sources and tests come from the revision.
    fs.cpSync(path.join(REPO_ROOT, "tools/mutants"), path.join(dir, "tools/mutants"), { recursive: true });
  } else {
    const listed = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: REPO_ROOT, encoding: "utf8" });
    if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
    for (const file of listed.stdout.split("\0").filter(Boolean)) {
      const from = path.join(REPO_ROOT, file);
      if (!fs.existsSync(from)) continue;
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.copyFileSync(from, path.join(dir, file));
    }
  }
  // node_modules: links to this tree's packages, except the workspaces, which must resolve to the copy's sources.
  const modules = path.join(dir, "node_modules");
  fs.mkdirSync(modules);
  for (const entry of fs.readdirSync(path.join(REPO_ROOT, "node_modules"))) {
    if (entry === "@credlink") continue;
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules", entry), path.join(modules, entry));
  }
  fs.mkdirSync(path.join(modules, "@credlink"));
  for (const workspace of fs.readdirSync(path.join(REPO_ROOT, "node_modules", "@credlink"))) {
    fs.symlinkSync(path.join("..", "..", workspace), path.join(modules, "@credlink", workspace));
  }
}

/**
 * The Node the tests need (24: tests/project.test.ts checks it): npm scripts put the `node` devDependency first on the
 * PATH; run directly on this machine's Node 20, the runner uses that binary too (as tools/lint.js does).
 */
const LOCAL_BIN = path.join(REPO_ROOT, "node_modules", ".bin");
const NODE = Number(process.versions.node.split(".")[0]) < 22 && fs.existsSync(path.join(LOCAL_BIN, "node")) ? path.join(LOCAL_BIN, "node") : process.execPath;

/** Every child process group still running, so an interrupted run stops them. */
const children = new Set<number>();

function killGroup(pid: number): void {
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    /* already gone */
  }
}

function run(command: string, args: readonly string[], cwd: string, timeoutMs: number): Promise<{ code: number | null; output: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    const env = { ...process.env, FORCE_COLOR: "0", PATH: `${LOCAL_BIN}${path.delimiter}${process.env.PATH ?? ""}` };
    const child = spawn(command, args, { cwd, env, detached: true });
    children.add(child.pid as number);
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      // The whole group: mocha, and anything a test spawned.
      killGroup(child.pid as number);
    }, timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      children.delete(child.pid as number);
      resolve({ code, output, timedOut });
    });
  });
}

const MOCHA = path.join(REPO_ROOT, "node_modules", "mocha", "bin", "mocha.js");

/** The first failing test of a mocha JSON report: "<file>: <full title>". */
function firstFailure(reportFile: string): string | undefined {
  try {
    const report = JSON.parse(fs.readFileSync(reportFile, "utf8")) as { failures?: { fullTitle?: string; file?: string }[] };
    const f = report.failures?.[0];
    return f ? `${path.basename(f.file ?? "?")}: ${f.fullTitle ?? "?"}` : undefined;
  } catch {
    return undefined;
  }
}

/** Runs mocha over `tests` in `dir` (serially, stopping at the first failure); `failure` names it. */
async function runTests(dir: string, tests: readonly string[], timeoutMs: number): Promise<{ failure?: string; timedOut: boolean }> {
  const report = path.join(dir, ".mutant-report.json");
  fs.rmSync(report, { force: true });
  const args = ["--no-config", "-r", "ts-node/register/transpile-only", "--extension", "ts", "--timeout", "300000", "--bail", "--reporter", "json", "--reporter-option", `output=${report}`, ...tests];
  const result = await run(NODE, [MOCHA, ...args], dir, timeoutMs);
  if (result.timedOut || result.code === 0) return { timedOut: result.timedOut };
  return { failure: firstFailure(report) ?? result.output.trim().split("\n").slice(-3).join(" "), timedOut: false };
}

async function runMutation(dir: string, mutation: Mutation, tests: Outcome["tests"], timeoutMs: number): Promise<Outcome> {
  const started = Date.now();
  const file = path.join(dir, mutation.file);
  const original = fs.readFileSync(file, "utf8");
  let pack: Outcome["pack"];
  const done = (status: Outcome["status"], by?: string): Outcome => ({ mutation, status, by, ...(pack ? { pack } : {}), seconds: Math.round((Date.now() - started) / 1000), tests });
  fs.writeFileSync(file, applyMutation(original, mutation));
  try {
    if (mutation.class === "pack") {
      // The pack and the tests are measured apart: the pack first, then the tests whatever it found.
      const result = await run(NODE, ["-r", "ts-node/register/transpile-only", "tools/mutants/pack-check.ts"], dir, timeoutMs);
      const lines = result.output.split("\n");
      if (result.timedOut) pack = { status: "timeout" };
      else if (result.code === 0) pack = { status: "missed" };
      else if (result.code === 1) pack = { status: "caught", by: lines.find((l) => /^\[mandatory\]/.test(l)) };
      else pack = { status: "error", by: lines.find((l) => l.startsWith("pack: ")) ?? lines.filter(Boolean).pop() };
    }
    // The nearest and the broad test files first, alone: mocha loads every file it is given before it runs any, so a
    // mutation they kill doesn't pay for loading all the others.
    for (const batch of [tests.first, tests.rest].filter((b) => b.length > 0)) {
      const result = await runTests(dir, batch, timeoutMs);
      if (result.timedOut) return done("timeout", "the tests ran out of time");
      if (result.failure !== undefined) return done("killed", result.failure);
    }
    return done("survived");
  } finally {
    fs.writeFileSync(file, original);
  }
}

function percent(killed: number, total: number): number | null {
  return total === 0 ? null : Math.round((killed / total) * 1000) / 10;
}

/** The tests' kills: killed (timeouts count as killed) and total per class, in MUTATION_CLASSES order, then all. */
export function tally(outcomes: readonly Outcome[]): ScoreRow[] {
  const row = (cls: MutationClass | "all", list: readonly Outcome[]): ScoreRow => {
    const killed = list.filter((o) => o.status === "killed" || o.status === "timeout").length;
    return { class: cls, killed, total: list.length, percent: percent(killed, list.length) };
  };
  return [...MUTATION_CLASSES.map((c) => row(c, outcomes.filter((o) => o.mutation.class === c))), row("all", outcomes)];
}

/** The pack's catches over the "pack" mutations (a timeout counts as caught; an error, where the pack could not run, does not). */
export function packTally(outcomes: readonly Outcome[]): ScoreRow {
  const aimed = outcomes.filter((o) => o.mutation.class === "pack");
  const caught = aimed.filter((o) => o.pack?.status === "caught" || o.pack?.status === "timeout").length;
  return { class: "pack", killed: caught, total: aimed.length, percent: percent(caught, aimed.length) };
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      jobs: { type: "string", default: "2" },
      threshold: { type: "string", default: "95" },
      "pack-threshold": { type: "string", default: "98" },
      only: { type: "string", multiple: true },
      rev: { type: "string" },
      list: { type: "boolean", default: false },
      record: { type: "string" },
      timeout: { type: "string", default: "20" },
      "no-baseline": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const jobs = Number(values.jobs);
  if (jobs !== 1 && jobs !== 2) throw new Error(`--jobs must be 1 or 2 (these machines have 2 cores), got ${values.jobs}`);
  const threshold = Number(values.threshold);
  if (!(threshold >= 0 && threshold <= 100)) throw new Error(`--threshold must be a percentage from 0 to 100, got ${values.threshold}`);
  const packThreshold = Number(values["pack-threshold"]);
  if (!(packThreshold >= 0 && packThreshold <= 100)) throw new Error(`--pack-threshold must be a percentage from 0 to 100, got ${values["pack-threshold"]}`);
  const timeoutMs = Number(values.timeout) * 60_000;
  if (!(timeoutMs > 0)) throw new Error(`--timeout must be a number of minutes, got ${values.timeout}`);
  const only = values.only ?? [];
  const unknown = only.filter((o) => !MUTATIONS.some((mu) => mu.name === o || mu.class === o));
  if (unknown.length > 0) throw new Error(`--only ${unknown.join(", ")}: no mutation or class of that name`);
  const selected = MUTATIONS.filter((mu) => only.length === 0 || only.includes(mu.name) || only.includes(mu.class));

  // What is measured, as it is when the copies are made (the tree may change while the mutations run).
  const head = spawnSync("git", ["rev-parse", "--short", values.rev ?? "HEAD"], { cwd: REPO_ROOT, encoding: "utf8" }).stdout.trim();
  const dirty = !values.rev && spawnSync("git", ["status", "--porcelain"], { cwd: REPO_ROOT, encoding: "utf8" }).stdout.trim() !== "";
  const measured = `${head}${dirty ? " + uncommitted" : ""}`;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "credlink-mutants-"));
  // Interrupted: stop the tests and remove the copies (the repository itself is never edited).
  const stop = (signal: NodeJS.Signals) => {
    for (const pid of children) killGroup(pid);
    fs.rmSync(scratch, { recursive: true, force: true });
    process.stderr.write(`mutants: stopped by ${signal}\n`);
    process.exit(130);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const dirs = Array.from({ length: Math.min(jobs, selected.length) }, (_, i) => path.join(scratch, `copy-${i + 1}`));
  try {
    for (const dir of dirs) {
      fs.mkdirSync(dir);
      materialise(dir, values.rev);
    }
    const graph = importGraph(dirs[0]);
    // Every mutation must apply before any runs: a stale line is a broken list, not a survivor.
    for (const mu of selected) applyMutation(fs.readFileSync(path.join(dirs[0], mu.file), "utf8"), mu);
    const plan = selected.map((mu) => ({ mutation: mu, tests: testsFor(dirs[0], mu.file, graph) }));
    if (values.list) {
      for (const { mutation, tests } of plan) {
        process.stdout.write(`${mutation.class}\t${mutation.name}\t${mutation.file}\t${tests.first.length} + ${tests.rest.length} test files, first: ${tests.first.join(" ")}\n`);
      }
      return 0;
    }
    // The tests must pass on the unmutated copy, or every mutation would look killed.
    if (!values["no-baseline"]) {
      const all = [...new Set(plan.flatMap((p) => [...p.tests.first, ...p.tests.rest]))];
      process.stderr.write(`mutants: first, the ${all.length} test files on the unmutated copy\n`);
      const baseline = await runTests(dirs[0], all, timeoutMs * 2);
      if (baseline.timedOut || baseline.failure !== undefined) {
        throw new Error(`the tests fail without any mutation (${baseline.failure ?? "timed out"}): fix that first, or pass --no-baseline`);
      }
    }
    process.stderr.write(`mutants: ${plan.length} mutations, ${dirs.length} at a time${values.rev ? `, sources and tests of ${values.rev}` : ""}\n`);
    const outcomes: Outcome[] = [];
    let next = 0;
    const worker = async (dir: string) => {
      while (next < plan.length) {
        const { mutation, tests } = plan[next++];
        const outcome = await runMutation(dir, mutation, tests, timeoutMs).catch(
          (e: unknown): Outcome => ({ mutation, status: "error", by: e instanceof Error ? e.message : String(e), seconds: 0, tests }),
        );
        outcomes.push(outcome);
        const packNote = outcome.pack ? ` [pack: ${outcome.pack.status}${outcome.pack.by ? ` <- ${outcome.pack.by}` : ""}]` : "";
        process.stderr.write(`[${outcomes.length}/${plan.length}] ${outcome.status.padEnd(8)} ${mutation.class.padEnd(10)} ${mutation.name} (${outcome.seconds} s)${outcome.by ? ` <- ${outcome.by}` : ""}${packNote}\n`);
      }
    };
    await Promise.all(dirs.map(worker));
    outcomes.sort((a, b) => plan.findIndex((p) => p.mutation === a.mutation) - plan.findIndex((p) => p.mutation === b.mutation));

    const rows = tally(outcomes);
    const packRow = packTally(outcomes);
    process.stdout.write("\nthe tests:\n| class | killed | total | kill rate |\n|---|---|---|---|\n");
    for (const r of rows) process.stdout.write(`| ${r.class} | ${r.killed} | ${r.total} | ${r.percent === null ? "-" : `${r.percent}%`} |\n`);
    const survivors = outcomes.filter((o) => o.status === "survived" || o.status === "error");
    if (survivors.length > 0) {
      process.stdout.write(`\nsurvived the tests:\n${survivors.map((o) => `- [${o.mutation.class}] ${o.mutation.name} (${o.mutation.file})`).join("\n")}\n`);
    }
    const packMisses = outcomes.filter((o) => o.pack !== undefined && (o.pack.status === "missed" || o.pack.status === "error"));
    if (packMisses.length > 0) process.stdout.write(`\nmissed by the pack:\n${packMisses.map((o) => `- ${o.mutation.name} (${o.mutation.file})`).join("\n")}\n`);
    const all = rows[rows.length - 1];
    const pass = (all.percent ?? 0) >= threshold;
    const packPass = packRow.total === 0 || (packRow.percent ?? 0) >= packThreshold;
    process.stdout.write(`\nmutants: the tests killed ${all.killed} of ${all.total} (${all.percent}%), ${all.total - all.killed} survived; threshold ${threshold}%: ${pass ? "met" : "NOT met"}\n`);
    if (packRow.total > 0) process.stdout.write(`mutants: the pack caught ${packRow.killed} of ${packRow.total} aimed at it (${packRow.percent}%); threshold ${packThreshold}%: ${packPass ? "met" : "NOT met"}\n`);

    if (values.record) {
      const score: Score = {
        label: values.record,
        date: new Date().toISOString().slice(0, 10),
        rev: measured,
        mutations: outcomes.length,
        rows,
        survivors: survivors.map((o) => ({ class: o.mutation.class, name: o.mutation.name, file: o.mutation.file })),
        pack: packRow,
        packMisses: packMisses.map((o) => ({ class: o.mutation.class, name: o.mutation.name, file: o.mutation.file })),
      };
      const file = path.join(REPO_ROOT, SCORE_FILE);
      const scores: Score[] = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : [];
      const kept = [...scores.filter((s) => s.label !== score.label), score];
      fs.writeFileSync(file, `${JSON.stringify(kept, null, 2)}\n`);
      fs.writeFileSync(path.join(REPO_ROOT, SCORE_PAGE), renderScorePage(kept));
      process.stderr.write(`mutants: recorded "${score.label}" in ${SCORE_FILE} and ${SCORE_PAGE}\n`);
    }
    return pass && packPass ? 0 : 1;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`mutants: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
