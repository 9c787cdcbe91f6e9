// @ts-check
/**
 * The plan's command line, parsed before anything heavy loads (no TypeScript, no Pulumi SDK): `--help` and every
 * usage error answer in well under a second. Plain CommonJS so bootstrap.js can require it as is; types in args.d.ts.
 */
"use strict";
const { parseArgs } = require("node:util");

const FORMATS = ["table", "json", "markdown"];

const USAGE = `usage: npm run -s plan -- [options]

  --stack, -s NAME         stack to plan: reads Pulumi.NAME.yaml (default: dev)
  --format, -f FORMAT      table | json | markdown (default: table)
  --out, -o FILE           write the report to FILE instead of stdout (messages still go to stderr)
  --config-file FILE       plan this stack file instead of Pulumi.NAME.yaml (relative to the current directory)
  --compare EARLIER.json   diff against an earlier JSON plan of the same stack (changes, replacements, cost delta)
  --compare-any-stack      allow --compare against a plan of another stack
  --wide                   tables at full width (default: fit 120 columns)
  --max-chars N            markdown: at most N characters (default 60000, under GitHub's comment limit): sections
                           that don't fit are left out whole and named
  --usage-scale FACTOR     price usage.yml at FACTOR times the traffic (e.g. 10, 100; default 1), with the task
                           count autoscaling would reach; prints cost per component and per million requests
  --typecheck              type check the program first, as \`pulumi preview\` does by default (about 7 s more)
  --help, -h               this text

exit codes: 0 planned; 1 the config, the program or the plan failed; 2 bad command line;
            3 planned, but a mandatory policy is violated (the report is still written)`;

class UsageError extends Error {}

/**
 * @param {string[]} argv
 * @returns {import("./args").PlanOptions}
 */
function parseCommandLine(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        stack: { type: "string", short: "s", default: "dev" },
        format: { type: "string", short: "f", default: "table" },
        out: { type: "string", short: "o" },
        "config-file": { type: "string" },
        compare: { type: "string" },
        "compare-any-stack": { type: "boolean", default: false },
        wide: { type: "boolean", default: false },
        "usage-scale": { type: "string" },
        "max-chars": { type: "string" },
        typecheck: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new UsageError(/** @type {Error} */ (e).message);
  }
  const format = String(values.format);
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(" | ")}, got "${format}"`);
  const stack = String(values.stack);
  if (!/^[A-Za-z0-9_.-]+$/.test(stack)) throw new UsageError(`--stack must be a stack name (letters, digits, _ . -), got "${stack}"`);
  for (const key of /** @type {const} */ (["out", "config-file", "compare"])) {
    if (values[key] === "") throw new UsageError(`--${key} needs a file name`);
  }
  const usageScale = parseUsageScale(values["usage-scale"]);
  const maxChars = parseMaxChars(values["max-chars"]);
  return {
    stack,
    format: /** @type {import("./args").Format} */ (format),
    out: values.out,
    configFile: values["config-file"],
    compare: values.compare,
    compareAnyStack: Boolean(values["compare-any-stack"]),
    wide: Boolean(values.wide),
    usageScale,
    maxChars,
    typecheck: Boolean(values.typecheck),
    help: Boolean(values.help),
  };
}

/**
 * `--usage-scale`: a plain decimal number greater than 0 ("10", "0.5", "2.5e1"), 1 when absent. Refuses "10x", "",
 * "0", "-1", "Infinity" and "NaN" by name.
 * @param {string | undefined} raw
 * @returns {number}
 */
function parseUsageScale(raw) {
  if (raw === undefined) return 1;
  const value = /^\s*[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isFinite(value) || value <= 0) {
    throw new UsageError(`--usage-scale must be a number greater than 0 (1 = the committed usage.yml, 10 = ten times the traffic), got "${raw}"`);
  }
  return value;
}

/**
 * `--max-chars`: a whole number of characters, at least 2000 (the summary and a table's head), when given.
 * @param {string | undefined} raw
 * @returns {number | undefined}
 */
function parseMaxChars(raw) {
  if (raw === undefined) return undefined;
  const value = /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < 2000) throw new UsageError(`--max-chars must be a whole number of characters, at least 2000, got "${raw}"`);
  return value;
}

module.exports = { FORMATS, USAGE, UsageError, parseCommandLine };
