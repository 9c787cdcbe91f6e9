#!/usr/bin/env node
"use strict";
/**
 * `npm test`: the lint (tools/lint.js: the type checks and the import checks) and mocha (.mocharc.cjs: every spec file
 * in two workers), side by side.
 *
 * Why side by side: the lint's longest part is one type check of the whole repository, a single process on one core
 * for most of its time, while mocha's two workers can use both; run one after the other, that core idles for the
 * length of the type check. Together they finish in about their CPU time over the machine's cores (docs/VERIFICATION.md,
 * "How long npm test takes").
 *
 * Mocha's output streams as it runs; the lint's is printed whole after mocha ends, then one line per part. The exit
 * code is non-zero when either fails. Arguments go to mocha (`npm test -- --grep x`).
 */
const { spawn } = require("node:child_process");
const path = require("node:path");
const { lint, report } = require("./lint");

const root = path.resolve(__dirname, "..");

function mocha(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [require.resolve("mocha/bin/mocha.js"), ...args], { cwd: root, stdio: "inherit" });
    child.on("error", (e) => {
      process.stderr.write(`npm test: mocha did not start: ${e.message}\n`);
      resolve(1);
    });
    child.on("close", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function main() {
  return Promise.all([lint(), mocha(process.argv.slice(2))]).then(([results, mochaCode]) => {
    const lintCode = report(results);
    process.stdout.write(`npm test: lint ${lintCode === 0 ? "passed" : "FAILED"} (${results.length} checks), mocha ${mochaCode === 0 ? "passed" : `FAILED (exit ${mochaCode})`}\n`);
    process.exitCode = lintCode || mochaCode;
  });
}

if (require.main === module) main();
