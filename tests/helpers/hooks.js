"use strict";
/**
 * Root hooks for every spec file (.mocharc.cjs requires this file).
 *
 * 1. No stack traces outside tests. The Pulumi SDK formats a stack trace for every promise and resource it makes
 *    (runtime/debuggable.js), which was half the CPU time of a program run under the mocks; the suite's program runs
 *    happen in `before` hooks. So Error.stackTraceLimit is 0 outside tests and 10 (Node's default) inside each test:
 *    a failing assertion still shows where it failed, and a failing `before` hook still shows its message.
 * 2. Where the time goes, per spec file: with CREDLINK_TEST_TIMING=<file.jsonl> set (`npm run test:timing`), each
 *    mocha worker appends one line per spec file it ran: the file, its wall time and its CPU time (this process and
 *    the child processes it waited for, such as plan runs), counted from the end of the worker's previous file, so
 *    loading the file's imports is included.
 * 3. One report per plan: CREDLINK_PLAN_MEMO is set for every plan a test starts, through tests/helpers/plan.ts or a
 *    shell (as the docs' recipes run), so the table, JSON and Markdown of one plan render one report
 *    (tools/plan/memo.ts).
 */
const fs = require("node:fs");
const path = require("node:path");

// Every plan a test starts shares one report per plan made (3. above).
process.env.CREDLINK_PLAN_MEMO ??= path.join(__dirname, "..", "..", "node_modules", ".cache", "credlink-plan-memo");

const DEFAULT_STACK_TRACE_LIMIT = 10;
const timingFile = process.env.CREDLINK_TEST_TIMING;

/** CPU seconds of this process and of its waited-for children (user + system), from /proc where there is one. */
function cpu() {
  try {
    // proc(5): fields 14-17 are utime, stime, cutime, cstime, in clock ticks (100 a second on Linux).
    const fields = fs.readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
    const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number);
    return { self: (utime + stime) / 100, children: (cutime + cstime) / 100 };
  } catch {
    const u = process.cpuUsage();
    return { self: (u.user + u.system) / 1e6, children: 0 };
  }
}

function fileOf(suite) {
  if (suite.file) return suite.file;
  for (const child of suite.suites) {
    const file = fileOf(child);
    if (file) return file;
  }
  return undefined;
}

let mark = { wall: Date.now(), cpu: cpu() };

function recordFile(rootSuite) {
  const now = { wall: Date.now(), cpu: cpu() };
  const file = fileOf(rootSuite) ?? "?";
  const line = {
    file: file.startsWith(`${process.cwd()}/`) ? file.slice(process.cwd().length + 1) : file,
    pid: process.pid,
    wallS: (now.wall - mark.wall) / 1000,
    cpuS: Math.round((now.cpu.self - mark.cpu.self) * 100) / 100,
    childCpuS: Math.round((now.cpu.children - mark.cpu.children) * 100) / 100,
  };
  fs.appendFileSync(timingFile, `${JSON.stringify(line)}\n`);
  mark = now;
}

exports.mochaHooks = {
  beforeAll() {
    Error.stackTraceLimit = 0;
  },
  beforeEach() {
    Error.stackTraceLimit = DEFAULT_STACK_TRACE_LIMIT;
  },
  afterEach() {
    Error.stackTraceLimit = 0;
  },
  afterAll() {
    Error.stackTraceLimit = DEFAULT_STACK_TRACE_LIMIT;
    if (timingFile) recordFile(this.test.parent);
  },
};
