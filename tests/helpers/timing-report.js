#!/usr/bin/env node
"use strict";
/**
 * `npm run test:timing`: runs mocha as `npm test` does (after the same lint), with CREDLINK_TEST_TIMING set
 * (tests/helpers/hooks.js), then prints where the time went: per spec file, its CPU time (its worker's, and the child
 * processes it waited for, such as plan runs) and its wall time, heaviest first, as a Markdown table, with the totals
 * and the lint's own CPU time. CPU time is what to compare between runs on a shared machine: wall time moves with
 * whatever else runs. `-- --no-lint` skips the lint; `-- --memo` keeps the plan memo of an earlier run (by default
 * it is cleared first, so the figures are a fresh clone's).
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

function timed(command, commandArgs, env = process.env) {
  const before = { cpu: childCpu(), wall: Date.now() };
  const result = spawnSync(command, commandArgs, { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
  return { status: result.status, cpuS: childCpu() - before.cpu, wallS: (Date.now() - before.wall) / 1000 };
}

function main() {
  if (!args.includes("--memo")) fs.rmSync(path.join(root, "node_modules", ".cache", "credlink-tests"), { recursive: true, force: true });
  const lint = args.includes("--no-lint") ? undefined : timed(process.execPath, [path.join(root, "tools", "lint.js")]);
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "credlink-timing-")), "files.jsonl");
  const mocha = timed(process.execPath, [require.resolve("mocha/bin/mocha.js")], { ...process.env, CREDLINK_TEST_TIMING: out });
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
    `- lint: ${lint ? `${s(lint.cpuS)} s CPU, ${s(lint.wallS)} s wall${lint.status === 0 ? "" : ` (exit ${lint.status})`}` : "skipped"}`,
    `- mocha: ${s(mocha.cpuS)} s CPU, ${s(mocha.wallS)} s wall${mocha.status === 0 ? "" : ` (exit ${mocha.status})`}; the spec files' own CPU adds up to ${s(sum("totalS"))} s (the rest is mocha's main process)`,
    "",
    "| spec file | CPU s (worker + children) | of which children | wall s |",
    "|---|---|---|---|",
    ...files.map((f) => `| ${f.file} | ${s(f.totalS)} | ${s(f.childCpuS)} | ${s(f.wallS)} |`),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  process.exitCode = (lint && lint.status) || mocha.status || 0;
}

main();
