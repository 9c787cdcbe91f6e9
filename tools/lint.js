#!/usr/bin/env node
"use strict";
/**
 * `npm run lint`: the type checks and the import checks, run side by side (this machine has 2 cores and each tsc
 * uses one).
 *
 * - One type check of the whole repository (program, components, pack, tests, tools), with declarations: a component
 *   whose exported types could not be written to a .d.ts fails here, as it would when the package is published. Most
 *   of a check's time is reading @pulumi/aws's type declarations (a million lines), so the components package is not
 *   checked again on its own: dependency-cruiser keeps it self-contained instead (the components-self-contained rule).
 *   The check is incremental: its build info is kept in node_modules/.cache/credlink-lint, so a second run rechecks
 *   only what changed (a fresh clone, as in CI, checks everything).
 * - The k6 load test, against k6's own types.
 * - dependency-cruiser over the whole repository with .dependency-cruiser.cjs: any import cycle fails it, naming the
 *   modules in the cycle, and so does a component importing from outside components/.
 * Each check's output is printed whole, after it ends; the exit code is non-zero when any check fails.
 */
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const tsc = require.resolve("typescript/bin/tsc");
const BUILD_INFO = path.join(root, "node_modules", ".cache", "credlink-lint");
/** Each type check: the project and the extra options it runs with. */
const TYPE_CHECKS = [
  { project: "tsconfig.json", options: ["--declaration", "--incremental", "--tsBuildInfoFile", path.join(BUILD_INFO, "root.tsbuildinfo")] },
  { project: "loadtest/tsconfig.json", options: [] },
];

/**
 * dependency-cruiser runs on Node >= 22. npm scripts already run the `node` devDependency's Node 24; a bare
 * `node tools/lint.js` on this machine's Node 20 gets the same binary here.
 */
const LOCAL_NODE = path.join(root, "node_modules", ".bin", process.platform === "win32" ? "node.cmd" : "node");
const NODE = Number(process.versions.node.split(".")[0]) < 22 && fs.existsSync(LOCAL_NODE) ? LOCAL_NODE : process.execPath;
const DEPCRUISE = path.join(root, "node_modules", "dependency-cruiser", "bin", "dependency-cruiser.mjs");

/** The cycle check's command line, run in `cwd` over `paths` with `cwd`'s tsconfig.json (its `paths` resolve). */
function cycleCheck(paths = ["."], config = path.join(root, ".dependency-cruiser.cjs")) {
  return { command: NODE, args: [DEPCRUISE, "--config", config, "--ts-config", "tsconfig.json", "--output-type", "err", ...paths] };
}

const CHECKS = [
  ...TYPE_CHECKS.map(({ project, options }) => ({ name: `tsc -p ${project}`, command: process.execPath, args: [tsc, "--noEmit", "-p", project, ...options] })),
  { name: "import cycles (dependency-cruiser)", ...cycleCheck() },
];

function run({ name, command, args }, cwd = root) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("error", (e) => resolve({ name, code: 1, out: `${e.message}\n` }));
    child.on("close", (code) => resolve({ name, code, out }));
  });
}

/** Runs every check side by side; resolves to each check's name, exit code and output. */
function lint() {
  return Promise.all(CHECKS.map((check) => run(check)));
}

/** Prints each check's output whole, and a line per failed check; returns the exit code (non-zero when any failed). */
function report(results) {
  for (const { name, code, out } of results) {
    if (out) process.stdout.write(out);
    if (code !== 0) process.stderr.write(`lint: ${name} failed (exit ${code})\n`);
  }
  return results.some((r) => r.code !== 0) ? 1 : 0;
}

function main() {
  return lint().then((results) => {
    process.exitCode = report(results);
  });
}

module.exports = { cycleCheck, run, lint, report, CHECKS };

if (require.main === module) main();
