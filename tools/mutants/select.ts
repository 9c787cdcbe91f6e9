/**
 * Which test files can kill a mutation of a file: those whose imports reach it, nearest first. The import graph is read
 * from the source text (static imports, `import()` and `require()`; `import type` carries no code and is skipped), so a
 * test that runs the program (`import("../../stacks/index")`) reaches every component; a script named by its path in a
 * string (a child process a test spawns, "tools/plan/bootstrap.js") counts as imported.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** Package names of the workspaces, as their entry files. */
const WORKSPACES: Readonly<Record<string, string>> = {
  "@credlink/components": "components/index.ts",
  "@credlink/policy": "policy/index.ts",
};

/**
 * Test files a mutation run leaves out, with why: they check something no one-line source mistake moves, or they spawn
 * whole plans and engines (minutes each) whose failures the unit tests below them already report.
 */
export const EXCLUDED_TESTS: Readonly<Record<string, string>> = {
  "tests/engine/engine.test.ts": "compares the in-process mocks with Pulumi's own entry points: the same for any mutation",
  "tests/docs.test.ts": "the docs' prose (figures outside blocks, links, ticket numbers)",
  "tests/lint-cycles.test.ts": "import cycles",
  "tests/layout.test.ts": "the folder layout",
  "tests/readme-recipes.test.ts": "the README's plan recipes run as written (several whole plans)",
  "tests/whatif.test.ts": "the generated blocks of the docs, re-rendered from a dozen whole plans",
  "tests/plan.test.ts": "the plan's output format and exit codes, from whole plans",
  "tests/urns.test.ts": "every URN of every stack and example (a dozen program runs): no listed mistake renames a resource",
  "tests/readme-urns.test.ts": "the URNs the README names: no listed mistake renames a resource",
  "tests/mutants.test.ts": "this list itself",
};

const SOURCE = /\.(ts|js)$/;
const SKIP_DIRS = new Set(["node_modules", ".git", "bin"]);
/** A repository path written as a string: a script a test spawns ("tools/plan/bootstrap.js"), which runs its imports. */
const SPAWNED = /["'`]((?:components|stacks|tools|policy|tests)\/[\w./-]+\.(?:ts|js))["'`]/g;
const IMPORT = /(?:^|[\s;])(?:import|export)\s+(type\s+)?(?:[^;]*?\sfrom\s*)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|require\(\s*["']([^"']+)["']\s*\)/g;

function walk(root: string, dir = ""): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    if (SKIP_DIRS.has(entry.name)) continue;
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...walk(root, rel));
    else if (SOURCE.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(rel);
  }
  return out;
}

function resolve(root: string, from: string, spec: string): string | undefined {
  const workspace = WORKSPACES[spec];
  if (workspace) return workspace;
  if (!spec.startsWith(".")) return undefined;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  for (const candidate of [base, `${base}.ts`, `${base}.js`, `${base}/index.ts`, `${base}/index.js`]) {
    const file = path.join(root, candidate);
    if (fs.existsSync(file) && fs.statSync(file).isFile()) return candidate;
  }
  return undefined;
}

/** Every source file's runtime imports, as repository paths. */
export function importGraph(root: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of walk(root)) {
    const text = fs.readFileSync(path.join(root, file), "utf8");
    const deps = new Set<string>();
    for (const match of text.matchAll(IMPORT)) {
      if (match[1]) continue;
      const spec = match[2] ?? match[3] ?? match[4];
      const target = resolve(root, file, spec);
      if (target) deps.add(target);
    }
    for (const match of text.matchAll(SPAWNED)) {
      if (fs.existsSync(path.join(root, match[1]))) deps.add(match[1]);
    }
    graph.set(file, [...deps]);
  }
  return graph;
}

/** The test files under tests/ (mocha's spec glob), as repository paths. */
export function testFiles(root: string): string[] {
  return walk(root, "tests").filter((f) => f.endsWith(".test.ts")).sort();
}

/**
 * Test files that pin much of the program cheaply (shared program runs, whole objects, tables over every key): they
 * join a mutation's first batch whenever they reach its file, since they are the likeliest to fail first.
 */
export const BROAD_TESTS: readonly string[] = [
  "tests/input-pins.test.ts",
  "tests/dependencies.test.ts",
  "tests/config-wiring.test.ts",
  "tests/prod-rules.test.ts",
  "tests/component-bounds.test.ts",
  "tests/config-bounds.test.ts",
  "tests/timing.test.ts",
];

/** How many of the nearest test files join the first batch. */
export const NEAREST = 6;

/**
 * The test files that reach `file` through their imports, without EXCLUDED_TESTS, in two batches: `first` the NEAREST
 * nearest ones and the BROAD_TESTS, `rest` the others, nearest first (then by name). `graph` is importGraph(root).
 */
export function testsFor(root: string, file: string, graph: Map<string, string[]>): { first: string[]; rest: string[] } {
  const found: { test: string; distance: number }[] = [];
  for (const test of testFiles(root)) {
    if (EXCLUDED_TESTS[test]) continue;
    const distance = distanceTo(graph, test, file);
    if (distance !== undefined) found.push({ test, distance });
  }
  const ordered = found.sort((a, b) => a.distance - b.distance || a.test.localeCompare(b.test)).map((f) => f.test);
  const first = [...ordered.slice(0, NEAREST), ...ordered.slice(NEAREST).filter((t) => BROAD_TESTS.includes(t))];
  return { first, rest: ordered.filter((t) => !first.includes(t)) };
}

function distanceTo(graph: Map<string, string[]>, from: string, to: string): number | undefined {
  const seen = new Set([from]);
  let frontier = [from];
  for (let distance = 0; frontier.length > 0; distance++) {
    if (frontier.includes(to)) return distance;
    const next: string[] = [];
    for (const f of frontier) {
      for (const dep of graph.get(f) ?? []) {
        if (!seen.has(dep)) {
          seen.add(dep);
          next.push(dep);
        }
      }
    }
    frontier = next;
  }
  return undefined;
}
