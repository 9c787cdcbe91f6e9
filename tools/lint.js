#!/usr/bin/env node
"use strict";
/**
 * `npm run lint`: the type checks and the import-cycle check, run side by side (this machine has 2 cores and each tsc
 * uses one). The projects: the whole repository (program, components, pack, tests, tools), the components package on
 * its own (it must compile as the publishable package it is, importing nothing from outside), and the k6 load test
 * (k6's own types). The cycle check is dependency-cruiser over the whole repository with .dependency-cruiser.cjs: any
 * import cycle fails it, naming the modules in the cycle.
 * Each check's output is printed whole, after it ends; the exit code is non-zero when any check fails.
 */
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const tsc = require.resolve("typescript/bin/tsc");
const PROJECTS = ["tsconfig.json", "components/tsconfig.json", "loadtest/tsconfig.json"];

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
  ...PROJECTS.map((project) => ({ name: `tsc -p ${project}`, command: process.execPath, args: [tsc, "--noEmit", "-p", project] })),
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

function main() {
  return Promise.all(CHECKS.map((check) => run(check))).then((results) => {
    for (const { name, code, out } of results) {
      if (out) process.stdout.write(out);
      if (code !== 0) process.stderr.write(`lint: ${name} failed (exit ${code})\n`);
    }
    process.exitCode = results.some((r) => r.code !== 0) ? 1 : 0;
  });
}

module.exports = { cycleCheck, run };

if (require.main === module) main();
