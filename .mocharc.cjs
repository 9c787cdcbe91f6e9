"use strict";
/**
 * Mocha's configuration for `npm test`: every tests/**\/*.test.ts except the offline engine's suite (tests/engine/,
 * `npm run test:engine`, which CI runs as well), in two parallel workers.
 *
 * Order: a worker takes the next file when it finishes one, so the longest files go first (measured CPU time, heaviest
 * first: `npm run test:timing` measures them, docs/VERIFICATION.md keeps the table) and the short ones fill in at the
 * end; in alphabetical order a long file could start last and keep one core busy alone. A file not listed here runs
 * after the listed ones, alphabetically.
 */
const fs = require("node:fs");
const path = require("node:path");

const HEAVIEST_FIRST = [
  "tests/plan-cost.test.ts",
  "tests/whatif.test.ts",
  "tests/urns.test.ts",
  "tests/policy/program.test.ts",
  "tests/plan-review.test.ts",
  "tests/plan.test.ts",
  "tests/readme-recipes.test.ts",
  "tests/ops-stack.test.ts",
  "tests/plan-profile.test.ts",
  "tests/runbook.test.ts",
  "tests/cicd-permissions.test.ts",
  "tests/load-balancer.test.ts",
  "tests/lint-cycles.test.ts",
];

/** Spec files under `dir` (relative to the repository), sorted. */
function specFiles(dir) {
  return fs
    .readdirSync(path.join(__dirname, dir), { withFileTypes: true })
    .flatMap((entry) => {
      const file = `${dir}/${entry.name}`;
      if (entry.isDirectory()) return ["tests/engine", "tests/fixtures", "tests/helpers"].includes(file) ? [] : specFiles(file);
      return entry.name.endsWith(".test.ts") ? [file] : [];
    })
    .sort();
}

const all = specFiles("tests");
const first = HEAVIEST_FIRST.filter((f) => all.includes(f));

module.exports = {
  // TypeScript transpiled and cached on disk (tests/helpers/register.js), then the root hooks.
  require: ["./tests/helpers/register.js", "./tests/helpers/hooks.js"],
  extension: ["ts"],
  spec: [...first, ...all.filter((f) => !first.includes(f))].map((f) => path.join(__dirname, f)),
  timeout: 120000,
  reporter: "./tests/helpers/reporter.js",
  parallel: true,
  jobs: 2,
};
