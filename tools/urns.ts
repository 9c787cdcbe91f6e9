/**
 * `npm run urns`: the URN fixtures. For each committed stack (Pulumi.<stack>.yaml) and each stack file in examples/,
 * the sorted list of every URN the program registers under the mock harness, one line each, in
 * tests/fixtures/urns/<name>.txt. tests/urns.test.ts holds the program to them: a URN that changes is a resource
 * Pulumi deletes and creates again (a database, a bucket, a key), so a move or a refactor must leave every list as is.
 *
 * When a change is meant to add, remove or rename resources (a rename also needs `aliases`), regenerate the fixtures
 * with `npm run urns` and review their diff in the pull request. `npm run urns -- --check` only compares: it lists the
 * stale fixtures and exits 1.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { runProgram } from "./offline/program";
import type { Recorder } from "./offline/mocks";
import { listStacks, REPO_ROOT } from "./project";
import { exampleFiles } from "./whatif/generate";

export const URN_FIXTURES = path.join(REPO_ROOT, "tests", "fixtures", "urns");

/** One program whose URNs are pinned: a stack, with its committed config or an examples/ file's. */
export interface UrnProgram {
  /** The fixture's name: the stack ("prod"), or "example-" and the example's file name without .yaml. */
  readonly name: string;
  readonly stack: string;
  /** The stack file it runs with, from the repository root; absent for the committed Pulumi.<stack>.yaml. */
  readonly configFile?: string;
}

/** Every committed stack, then every examples/*.yaml variant (the order the what-if table lists them). */
export function urnPrograms(root = REPO_ROOT): UrnProgram[] {
  return [
    ...listStacks(root).map((stack) => ({ name: stack, stack })),
    ...exampleFiles(root).map((e) => ({ name: `example-${e.file.replace(/\.yaml$/, "")}`, stack: e.stack, configFile: e.rel })),
  ];
}

/** What a fixture holds: every registration's URN, sorted, one a line (a duplicate URN shows twice). */
export function renderUrns(recorder: Recorder): string {
  return `${recorder.all
    .map((r) => r.urn)
    .sort()
    .join("\n")}\n`;
}

export function fixtureFile(program: UrnProgram): string {
  return path.join(URN_FIXTURES, `${program.name}.txt`);
}

/** Runs `program` under the mocks and renders its URN list. */
export async function programUrns(program: UrnProgram): Promise<string> {
  const run = await runProgram(program.stack, {}, program.configFile && path.join(REPO_ROOT, program.configFile));
  return renderUrns(run.recorder);
}

/** Writes (or, with `check`, only compares) every fixture; returns the stale ones' paths. */
async function main(argv: string[]): Promise<number> {
  const check = argv.includes("--check");
  const stale: string[] = [];
  const programs = urnPrograms();
  fs.mkdirSync(URN_FIXTURES, { recursive: true });
  for (const program of programs) {
    const file = fixtureFile(program);
    const text = await programUrns(program);
    if (fs.existsSync(file) && fs.readFileSync(file, "utf8") === text) continue;
    stale.push(path.relative(REPO_ROOT, file));
    if (!check) fs.writeFileSync(file, text);
  }
  const known = new Set(programs.map((p) => `${p.name}.txt`));
  const orphans = fs.readdirSync(URN_FIXTURES).filter((f) => f.endsWith(".txt") && !known.has(f));
  for (const orphan of orphans) {
    stale.push(path.relative(REPO_ROOT, path.join(URN_FIXTURES, orphan)));
    if (!check) fs.rmSync(path.join(URN_FIXTURES, orphan));
  }
  const verb = check ? "stale (run npm run urns, then review the diff)" : "written";
  console.log(stale.length === 0 ? `URN fixtures: all ${programs.length} current` : `URN fixtures ${verb}:\n${stale.map((f) => `  ${f}`).join("\n")}`);
  return check && stale.length > 0 ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
