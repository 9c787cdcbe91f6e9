#!/usr/bin/env node
"use strict";
/**
 * `npm run lint`: the type checks, run side by side (this machine has 2 cores and each tsc uses one). The projects:
 * the whole repository (program, components, pack, tests, tools), the components package on its own (it must compile
 * as the publishable package it is, importing nothing from outside), and the k6 load test (k6's own types).
 * Each check's output is printed whole, after it ends; the exit code is non-zero when any check fails.
 */
const { spawn } = require("node:child_process");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const tsc = require.resolve("typescript/bin/tsc");
const PROJECTS = ["tsconfig.json", "components/tsconfig.json", "loadtest/tsconfig.json"];

function check(project) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsc, "--noEmit", "-p", project], { cwd: root });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("close", (code) => resolve({ project, code, out }));
  });
}

Promise.all(PROJECTS.map(check)).then((results) => {
  for (const { project, code, out } of results) {
    if (out) process.stdout.write(out);
    if (code !== 0) process.stderr.write(`lint: tsc -p ${project} failed (exit ${code})\n`);
  }
  process.exitCode = results.some((r) => r.code !== 0) ? 1 : 0;
});
