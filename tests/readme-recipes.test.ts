/**
 * Every plan recipe in the docs works exactly as written: the command lines of the ```sh block after the
 * `<!-- recipes: ... -->` marker of docs/PLAN.md run in order, through a shell, from the repository root (their files
 * go to .plan/, which git ignores). Each must exit 0 and leave its output: stdout, or the file it names with --out.
 * And every `npm run plan` command README.md or docs/ mentions is one the plan accepts, with npm's banner silenced.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { docFiles } from "../tools/docs/generate";
import { parseCommandLine } from "../tools/plan/args";
import { REPO_ROOT } from "../tools/project";

/** The page that holds the recipes block. */
export const RECIPES_PAGE = "docs/PLAN.md";

/** The command lines of the recipes block, in order. */
export function readmeRecipes(readme: string): string[] {
  const marker = readme.indexOf("<!-- recipes:");
  if (marker < 0) throw new Error(`${RECIPES_PAGE} has no <!-- recipes: --> marker`);
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(marker));
  if (!block) throw new Error("no ```sh block after the recipes marker");
  return block[1].split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
}

function sh(line: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.PULUMI_NODEJS_TRANSPILE_ONLY;
    const child = spawn("sh", ["-c", line], { cwd: REPO_ROOT, env });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

describe("plan recipes (docs/PLAN.md)", () => {
  const recipes = readmeRecipes(fs.readFileSync(path.join(REPO_ROOT, RECIPES_PAGE), "utf8"));
  const results: { status: number | null; stdout: string; stderr: string }[] = [];
  before(async () => {
    fs.rmSync(path.join(REPO_ROOT, ".plan"), { recursive: true, force: true });
    // The first recipe writes the base the others compare against; the rest run two at a time (2 cores).
    results.push(await sh(recipes[0]));
    for (let i = 1; i < recipes.length; i += 2) results.push(...(await Promise.all(recipes.slice(i, i + 2).map(sh))));
  });

  it("GIVEN the plan page THEN its recipes block has the four plan recipes, each with npm run -s", () => {
    // The first makes the directory its --out writes to (the plan refuses --out into a missing directory).
    expect(recipes.map((r) => r.replace(/^mkdir -p \.plan && /, "").startsWith("npm run -s plan -- "))).to.deep.equal([true, true, true, true]);
  });

  it("GIVEN each recipe run as written THEN it exits 0 and writes its output", () => {
    const outcome = recipes.map((line, i) => {
      const out = /--out (\S+)/.exec(line)?.[1];
      const wrote = out ? fs.existsSync(path.join(REPO_ROOT, out)) && fs.statSync(path.join(REPO_ROOT, out)).size > 0 : results[i].stdout.trim().length > 0;
      return { line, status: results[i].status, wrote, stderr: results[i].status === 0 ? "" : results[i].stderr };
    });
    expect(outcome).to.deep.equal(recipes.map((line) => ({ line, status: 0, wrote: true, stderr: "" })));
  });

  it("GIVEN the jq recipes THEN they print true (the JSON on stdout is whole and starts with the report, no npm banner)", () => {
    expect(recipes.flatMap((line, i) => (line.includes("| jq") ? [results[i].stdout] : []))).to.deep.equal(["true\n", "true\n"]);
  });
});

describe("plan commands in README.md and docs/", () => {
  const pages = docFiles().map((file) => fs.readFileSync(path.join(REPO_ROOT, file), "utf8")).join("\n");
  /** Every `npm run ... plan ...` command the pages mention, up to a pipe, a redirect, a comment or a backtick. */
  const commands = [...pages.matchAll(/npm run(?: -s)? plan(?![:\w-])[^`|>#\n]*/g)].map((m) => m[0].trim());

  it("GIVEN every plan command the pages mention THEN each silences npm's banner with -s", () => {
    expect(commands.filter((c) => !/^npm run (-s plan|plan -s)\b/.test(c))).to.deep.equal([]);
  });

  it("GIVEN every plan command the pages mention THEN its arguments are ones the plan accepts", () => {
    const rejected = commands.flatMap((c) => {
      const args = c.split(" -- ")[1]?.trim().split(/\s+/) ?? [];
      try {
        parseCommandLine(args);
        return [];
      } catch (e) {
        return [`${c}: ${(e as Error).message}`];
      }
    });
    expect({ commands: commands.length > 15, rejected }).to.deep.equal({ commands: true, rejected: [] });
  });
});
