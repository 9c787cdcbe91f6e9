#!/usr/bin/env node
"use strict";
/**
 * `npm run test:timing`: runs mocha as `npm test` does (after the same lint), with CREDLINK_TEST_TIMING set
 * (tests/helpers/hooks.js), then prints where the time went: per spec file, its CPU time (its worker's, and the child
 * processes it waited for, such as plan runs) and its wall time, heaviest first, as a Markdown table, with the totals
 * and the lint's own CPU time. CPU time is what to compare between runs on a shared machine: wall time moves with
 * whatever else runs. By default the caches under node_modules/.cache (the plan memo, the lint's build info, the
 * transpile caches of the plan and of mocha) are cleared first, so the figures are a fresh clone's, as in CI;
 * `-- --warm` keeps them (a developer's second run). `-- --no-lint` skips the lint.
 */
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const root = path.resolve(__dirname, "..", "..");
const args = process.argv.slice(2);

/** CPU seconds (user + system) of the waited-for children of this process so far. */
function childCpu() {
  const fields = fs.readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

/** Runs a command, its output to `log`; its exit status, CPU and wall seconds, and its last output line. */
function timed(command, commandArgs, log, env = process.env) {
  const before = { cpu: childCpu(), wall: Date.now() };
  const fd = fs.openSync(log, "w");
  const result = spawnSync(command, commandArgs, { cwd: root, env, stdio: ["ignore", fd, fd] });
  fs.closeSync(fd);
  const last = fs.readFileSync(log, "utf8").trim().split("\n").filter((l) => /^\d+ passed, \d+ failed/.test(l)).at(-1) ?? "";
  return { status: result.status, cpuS: childCpu() - before.cpu, wallS: (Date.now() - before.wall) / 1000, last };
}

function main() {
  if (!args.includes("--warm")) {
    for (const cache of ["credlink-tests", "credlink-tests-ts", "credlink-lint", "credlink-plan", "credlink-plan-memo"]) fs.rmSync(path.join(root, "node_modules", ".cache", cache), { recursive: true, force: true });
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "credlink-timing-"));
  const lint = args.includes("--no-lint") ? undefined : timed(process.execPath, [path.join(root, "tools", "lint.js")], path.join(dir, "lint.log"));
  const out = path.join(dir, "files.jsonl");
  const mocha = timed(process.execPath, [require.resolve("mocha/bin/mocha.js")], path.join(dir, "mocha.log"), { ...process.env, CREDLINK_TEST_TIMING: out });
  const files = fs
    .readFileSync(out, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l))
    .map((f) => ({ ...f, totalS: f.cpuS + f.childCpuS }))
    .sort((a, b) => b.totalS - a.totalS);
  const sum = (k) => files.reduce((a, f) => a + f[k], 0);
  const s = (n) => n.toFixed(1);
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), Node ${process.version}; load average at the end ${os.loadavg()[0].toFixed(1)}.`,
    "",
    `- lint: ${lint ? `${s(lint.cpuS)} s CPU, ${s(lint.wallS)} s wall${lint.status === 0 ? "" : ` (exit ${lint.status}: ${path.join(dir, "lint.log")})`}` : "skipped"}`,
    `- mocha: ${s(mocha.cpuS)} s CPU, ${s(mocha.wallS)} s wall, ${mocha.last}${mocha.status === 0 ? "" : ` (exit ${mocha.status}: ${path.join(dir, "mocha.log")})`}; the spec files' own CPU adds up to ${s(sum("totalS"))} s (the rest is mocha's main process)`,
    "",
    "| spec file | CPU s (worker + children) | of which children | wall s |",
    "|---|---|---|---|",
    ...files.map((f) => `| ${f.file} | ${s(f.totalS)} | ${s(f.childCpuS)} | ${s(f.wallS)} |`),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  process.exitCode = (lint && lint.status) || mocha.status || 0;
}

main();
