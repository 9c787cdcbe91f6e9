/**
 * The configuration reference, docs/CONFIGURATION.md, is the user's contract, generated from the config schemas and
 * the stack files (`npm run docs:config`): the committed page is what the generator writes, every key the config
 * schema accepts has a row and no row names a key it refuses, the dev and prod columns say what the committed stack
 * files hold, and every range a key's description states is the boundary the config enforces, on both sides.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { ConfigError, configKeyPaths, parseStackConfig } from "../stacks/config";
import { stackConfig } from "../tools/offline/program";
import { CONFIG_REFERENCE, CONFIG_REFERENCE_COMMAND, committedValue, configSources, readSchemaDocs, referenceSections, renderConfigReference, SchemaDocs } from "../tools/docs/config-reference";
import { loadStackConfig, REPO_ROOT } from "../tools/project";

interface ReferenceRow {
  /** The full key, e.g. "credlink:service.minCount". */
  readonly key: string;
  readonly dev: string;
  readonly prod: string;
}

/** The key rows of every table on the page, read as a reader would: the first, fifth and sixth cells. */
export function referenceRows(page: string): ReferenceRow[] {
  return page
    .split("\n")
    .filter((line) => /^\| `(aws|credlink):/.test(line))
    .map((line) => {
      const cells = line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());
      return { key: cells[0].replace(/^`|`$/g, ""), dev: cells[4], prod: cells[5] };
    });
}

/** What a dev/prod cell says the stack file holds: a value, nothing, or a secret. */
function stated(cell: string): { value: string } | "absent" | "secret" {
  if (cell === "absent") return "absent";
  if (cell.startsWith("set (secret)")) return "secret";
  const value = /^`(.*)`( \(warned\))?$/.exec(cell)?.[1];
  if (value === undefined) throw new Error(`a value cell must be "absent", "set (secret)" or one code span, got ${cell}`);
  return { value: value.replace(/^"(.*)"$/, "$1") };
}

const show = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));

describe("configuration reference (docs/CONFIGURATION.md, npm run docs:config)", () => {
  const page = fs.readFileSync(path.join(REPO_ROOT, CONFIG_REFERENCE), "utf8");
  const rows = referenceRows(page);

  it(`GIVEN the schemas and the stack files THEN ${CONFIG_REFERENCE} is what ${CONFIG_REFERENCE_COMMAND} writes`, () => {
    // A whole-text comparison: a failure means an edit to a schema's JSDoc, a default or a stack file since the last run.
    expect(page === renderConfigReference(), `${CONFIG_REFERENCE} is stale: run ${CONFIG_REFERENCE_COMMAND}`).to.equal(true);
  });

  it("GIVEN the config schema THEN every key it accepts has one row, and every row names a key it accepts", () => {
    const accepted = ["aws:region", ...configKeyPaths().map((k) => `credlink:${k}`)];
    const documented = rows.map((r) => r.key);
    expect({
      undocumented: accepted.filter((k) => !documented.includes(k)),
      unknown: documented.filter((k) => !accepted.includes(k)),
      repeated: documented.filter((k, i) => documented.indexOf(k) !== i),
    }).to.deep.equal({ undocumented: [], unknown: [], repeated: [] });
  });

  for (const stack of ["dev", "prod"] as const) {
    it(`GIVEN Pulumi.${stack}.yaml THEN the ${stack} column states each committed value`, () => {
      const { config, secretKeys } = loadStackConfig(stack);
      const wrong: string[] = [];
      for (const row of rows) {
        const value = committedValue(config, row.key);
        const cell = stated(row[stack]);
        if (cell === "absent") {
          if (value !== undefined) wrong.push(`${row.key}: the page says absent, the file has ${show(value)}`);
        } else if (cell === "secret") {
          if (!secretKeys.includes(row.key)) wrong.push(`${row.key}: the page says a secret is set, the file has ${value === undefined ? "nothing" : "plain text"}`);
        } else if (value === undefined || show(value) !== cell.value) {
          wrong.push(`${row.key}: the page says ${cell.value}, the file has ${value === undefined ? "nothing" : show(value)}`);
        }
      }
      expect(wrong).to.deep.equal([]);
    });
  }

  it("GIVEN a key whose JSDoc description is gone THEN the generator refuses, naming the key and where to document it", () => {
    const docs = readSchemaDocs(configSources(REPO_ROOT));
    const undocumented: SchemaDocs = {
      ...docs,
      literals: docs.literals.map((l) => (l.props.has("cpu") && l.props.has("memory") ? { ...l, props: new Map([...l.props].map(([k, p]) => [k, k === "cpu" ? { root: p.root } : p])) } : l)),
    };
    expect(() => referenceSections(REPO_ROOT, docs)).to.not.throw();
    expect(() => referenceSections(REPO_ROOT, undocumented)).to.throw("credlink:service.cpu has no JSDoc description: document it beside its schema in stacks/config/");
  });

  it("GIVEN a row whose dev value drifts from the file THEN the row reader sees the drift", () => {
    const [row] = referenceRows("| `credlink:service.cpu` | integer | any | required | `512` | `256` | size |\n");
    expect(row).to.deep.equal({ key: "credlink:service.cpu", dev: "`512`", prod: "`256`" });
    expect(show(committedValue(loadStackConfig("dev").config, "credlink:service.cpu"))).to.not.equal((stated(row.dev) as { value: string }).value);
  });
});

/**
 * The keys whose bound can only be probed with another key set: the vault lock's bounds are checked only when both
 * are set, its cooling-off period only with a lock, the trail's lock only within its logs' retention.
 */
const PROBE_WITH: Readonly<Record<string, Record<string, unknown>>> = {
  "credlink:backup.vaultLockMinDays": { vaultLockMaxDays: 36500 },
  // The cooling-off period makes a lock immutable: it needs one; the trail's lock fits inside its logs' retention.
  "credlink:backup.vaultLockChangeableDays": { vaultLockMinDays: 1, vaultLockMaxDays: 36500 },
  "credlink:audit.objectLockRetentionDays": { logRetentionDays: 36500 },
};

/** The dev config with `key` set to `value` (and what PROBE_WITH adds), as a patch for stackConfig. */
function patchFor(key: string, value: number): Record<string, unknown> {
  const [section, ...rest] = key.slice("credlink:".length).split(".");
  const leaf = rest.reduceRight<unknown>((inner, segment) => ({ [segment]: inner }), value) as Record<string, unknown>;
  return { [`credlink:${section}`]: { ...PROBE_WITH[key], ...leaf } };
}

/** The problems dev's config has about `key` itself when it is set to `value`. */
function problemsOf(key: string, value: number): string[] {
  try {
    parseStackConfig(stackConfig("dev", patchFor(key, value)), "credlink", "dev");
    return [];
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.problems.filter((p) => p.startsWith(`${key} `));
  }
}

describe("configuration reference: every stated range is the one the config enforces", () => {
  const ranged = referenceSections()
    .flatMap((s) => s.rows)
    .filter((r) => r.type === "integer" || r.type === "number")
    .flatMap((r) => {
      const range = /^(\d[\d,]*(?:\.\d+)?)-(\d[\d,]*(?:\.\d+)?)\b/.exec(r.allowed);
      return range ? [{ key: r.key, min: range[1].replace(/,/g, ""), max: range[2].replace(/,/g, "") }] : [];
    });

  it("GIVEN the page THEN it states a range for every bounded number the probes below cover (a parse that finds none is broken)", () => {
    expect(ranged.length).to.be.greaterThan(20);
  });

  for (const { key, min, max } of ranged) {
    const decimals = Math.max(min.split(".")[1]?.length ?? 0, max.split(".")[1]?.length ?? 0);
    const step = 10 ** -decimals;
    const at = (n: number) => Number(n.toFixed(decimals));
    const [low, high] = [Number(min), Number(max)];
    it(`GIVEN ${key} at ${min} and ${max} THEN both parse, and ${at(low - step)} and ${at(high + step)} are refused naming the key`, () => {
      expect({
        [min]: problemsOf(key, low),
        [max]: problemsOf(key, high),
        below: problemsOf(key, at(low - step)).length > 0,
        above: problemsOf(key, at(high + step)).length > 0,
      }).to.deep.equal({ [min]: [], [max]: [], below: true, above: true });
    });
  }
});
