/**
 * `npm run docs`: every figure and sample in README.md and docs/ that comes from the plan is a generated block,
 *
 *   <!-- generated: NAME ARGS... -->
 *   (written by this command: never edit it by hand)
 *   <!-- /generated -->
 *
 * and this command rewrites them all: it writes the what-if example stack files, plans every stack file the blocks
 * name (`npm run plan -- ... --format json`, child processes, two at a time: each plan once, however many blocks read
 * it), and renders each block with its generator (tools/docs/blocks.ts). `npm run docs -- --check` writes nothing and
 * exits 1 naming every stale block, stale example and figure written outside a block (tools/docs/figures.ts).
 * tests/whatif.test.ts (the blocks, from the plan runs it shares) and tests/docs.test.ts (the figures) fail the same way.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../project";
import { syncExamples } from "../whatif/generate";
import { GENERATORS, PlanArgs, PlanLookup, plansOf } from "./blocks";
import { strayFigures } from "./figures";
import { findBlocks } from "./markers";

/** The command that rewrites the blocks, as error messages name it. */
export const DOCS_COMMAND = "npm run docs";

/** README.md and every Markdown file under docs/, as repository paths. */
export function docFiles(root = REPO_ROOT): string[] {
  const out = ["README.md"];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith(".md")) out.push(rel);
    }
  };
  if (fs.existsSync(path.join(root, "docs"))) walk("docs");
  return out;
}

const key = (args: PlanArgs) => JSON.stringify(args);

/** Every plan run the blocks of these files read, once each. */
export function plansNeeded(files: readonly string[], root = REPO_ROOT): PlanArgs[] {
  const seen = new Map<string, PlanArgs>();
  for (const file of files) {
    for (const block of findBlocks(fs.readFileSync(path.join(root, file), "utf8"), file)) {
      let plans: PlanArgs[];
      try {
        plans = plansOf(block.name, block.args);
      } catch (e) {
        throw new Error(`${file}:${block.line}: <!-- generated: ${[block.name, ...block.args].join(" ")} -->: ${(e as Error).message}`);
      }
      for (const p of plans) seen.set(key(p), p);
    }
  }
  return [...seen.values()];
}

/** The text with every block rendered from the plans. */
export function renderBlocks(text: string, plan: PlanLookup, file = "text"): string {
  let out = "";
  let at = 0;
  for (const block of findBlocks(text, file)) {
    let body: string;
    try {
      body = GENERATORS[block.name].render(block.args, plan);
    } catch (e) {
      throw new Error(`${file}:${block.line}: <!-- generated: ${[block.name, ...block.args].join(" ")} -->: ${(e as Error).message}`);
    }
    out += `${text.slice(at, block.from)}${body}\n`;
    at = block.to;
  }
  return out + text.slice(at);
}

/** "file:line NAME ARGS" of each block whose body differs from what its generator renders now. */
export function staleBlocks(files: readonly string[], plan: PlanLookup, root = REPO_ROOT): string[] {
  const stale: string[] = [];
  for (const file of files) {
    const text = fs.readFileSync(path.join(root, file), "utf8");
    const fresh = findBlocks(renderBlocks(text, plan, file), file);
    findBlocks(text, file).forEach((block, i) => {
      if (block.body !== fresh[i].body) stale.push(`${file}:${block.line} ${[block.name, ...block.args].join(" ")}`);
    });
  }
  return stale;
}

/** Runs the plans as `npm run plan` would, two at a time; a plan over its ceiling (exit 3) still has its report. */
export async function runPlans(list: readonly PlanArgs[], root = REPO_ROOT): Promise<PlanLookup> {
  const reports = new Map<string, unknown>();
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const args = list[next++];
      process.stderr.write(`docs: npm run -s plan -- ${args.join(" ")}\n`);
      const { status, stdout, stderr } = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        const env: NodeJS.ProcessEnv = { ...process.env };
        delete env.PULUMI_NODEJS_TRANSPILE_ONLY;
        const child = spawn(process.execPath, [path.join(root, "tools/plan/bootstrap.js"), ...args], { cwd: root, env });
        let out = "";
        let err = "";
        child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
        child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
        child.on("close", (code) => resolve({ status: code, stdout: out, stderr: err }));
      });
      if (status !== 0 && !(status === 3 && stdout.trim().startsWith("{"))) throw new Error(`npm run -s plan -- ${args.join(" ")} exited ${status}:\n${stderr}`);
      reports.set(key(args), JSON.parse(stdout));
    }
  };
  await Promise.all([worker(), worker()]);
  return lookup(reports);
}

/** A PlanLookup over reports keyed by their arguments; asking for a plan nobody ran is an error. */
export function lookup(reports: ReadonlyMap<string, unknown>): PlanLookup {
  return (args) => {
    if (!reports.has(key(args))) throw new Error(`no plan was run for ${args.join(" ")}`);
    return reports.get(key(args));
  };
}

/** Reports keyed for `lookup`, from arguments and their parsed reports. */
export function reportsByArgs(pairs: readonly (readonly [PlanArgs, unknown])[]): Map<string, unknown> {
  return new Map(pairs.map(([args, report]) => [key(args), report]));
}

async function main(argv: string[]): Promise<number> {
  const check = argv.includes("--check");
  const unknown = argv.filter((a) => a !== "--check");
  if (unknown.length) {
    process.stderr.write(`docs: unknown argument(s) ${unknown.join(" ")}; usage: ${DOCS_COMMAND} [-- --check]\n`);
    return 2;
  }
  const staleExamples = syncExamples(!check);
  const files = docFiles();
  const plan = await runPlans(plansNeeded(files));
  const stale = [...staleExamples];
  for (const file of files) {
    const full = path.join(REPO_ROOT, file);
    const before = fs.readFileSync(full, "utf8");
    const after = renderBlocks(before, plan, file);
    if (after === before) continue;
    stale.push(...staleBlocks([file], plan));
    if (!check) fs.writeFileSync(full, after);
  }
  const strays = files.flatMap((file) => strayFigures(fs.readFileSync(path.join(REPO_ROOT, file), "utf8"), file));
  for (const s of strays) process.stderr.write(`docs: ${s}\n`);
  if (check) {
    process.stderr.write(stale.length ? `docs: stale: ${stale.join(", ")} (run ${DOCS_COMMAND})\n` : "docs: every generated block is up to date\n");
    return stale.length || strays.length ? 1 : 0;
  }
  process.stderr.write(stale.length ? `docs: wrote ${stale.join(", ")}\n` : "docs: already up to date\n");
  return strays.length ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e) => {
      process.stderr.write(`docs: ${e instanceof Error ? e.message : e}\n`);
      process.exitCode = 1;
    },
  );
}
