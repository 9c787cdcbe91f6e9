/**
 * The README's configuration reference is the user's contract: every key the config schema accepts has a row, no row
 * names a key the schema refuses, and the dev and prod columns say what the committed stack files hold.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { configKeyPaths } from "../stacks/config";
import { loadStackConfig, REPO_ROOT } from "../tools/project";

interface ReferenceRow {
  /** Full keys, e.g. "credlink:service.minCount"; a row may document several ("minCount / maxCount"). */
  readonly keys: readonly string[];
  readonly dev: string;
  readonly prod: string;
}

/** The rows of the "## Configuration reference" section's table. */
export function referenceRows(readme: string): ReferenceRow[] {
  const start = readme.indexOf("## Configuration reference");
  if (start < 0) throw new Error("README.md has no Configuration reference section");
  const end = readme.indexOf("\n## ", start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return section
    .split("\n")
    .filter((line) => /^\| `(aws|credlink):/.test(line))
    .map((line) => {
      const cells = line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());
      const [first, ...more] = [...cells[0].matchAll(/`([^`]+)`/g)].map((m) => m[1]);
      const namespace = first.slice(0, first.lastIndexOf(".") + 1);
      return { keys: [first, ...more.map((k) => (k.includes(":") ? k : namespace + k))], dev: cells[3], prod: cells[4] };
    });
}

/** The committed value at a full key, from a stack file's flat config (structured values are JSON). */
function committed(config: Record<string, string>, key: string): unknown {
  if (key.startsWith("aws:")) return config[key];
  const [section, ...rest] = key.slice("credlink:".length).split(".");
  const raw = config[`credlink:${section}`];
  if (raw === undefined) return undefined;
  if (rest.length === 0) return raw;
  let value: unknown = JSON.parse(raw);
  for (const segment of rest) value = value === null || typeof value !== "object" ? undefined : (value as Record<string, unknown>)[segment];
  return value;
}

/** What a dev/prod cell says each of its keys holds: a value, absent, or a placeholder (not checked). */
function stated(cell: string, count: number): ({ value: string } | "absent" | "placeholder")[] {
  if (cell.startsWith("absent")) return Array(count).fill("absent");
  if (cell.startsWith("placeholder")) return Array(count).fill("placeholder");
  const values = [...cell.matchAll(/`([^`]+)`/g)].map((m) => ({ value: m[1].replace(/^"(.*)"$/, "$1") }));
  return values.slice(0, count);
}

const show = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));

/**
 * The reference's rows: the README's, and those of docs/pending/*.md, where a change documents a key until its text is
 * folded into the README (each file has a "## Configuration reference" section of the same shape). A pending row
 * supersedes the README's row for the same key.
 */
function allReferenceRows(): ReferenceRow[] {
  const pending = path.join(REPO_ROOT, "docs", "pending");
  const files = fs.existsSync(pending) ? fs.readdirSync(pending).filter((f) => f.endsWith(".md")).map((f) => path.join(pending, f)) : [];
  const pendingRows = files.flatMap((file) => {
    const text = fs.readFileSync(file, "utf8");
    return text.includes("## Configuration reference") ? referenceRows(text) : [];
  });
  const superseded = new Set(pendingRows.flatMap((r) => r.keys));
  const readme = referenceRows(fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8")).filter((r) => !r.keys.some((k) => superseded.has(k)));
  return [...readme, ...pendingRows];
}

describe("README configuration reference", () => {
  const rows = allReferenceRows();
  const documented = rows.flatMap((r) => r.keys);

  it("GIVEN the config schema THEN every key it accepts has a row, and every row names a key it accepts", () => {
    const accepted = ["aws:region", ...configKeyPaths().map((k) => `credlink:${k}`)];
    expect({ undocumented: accepted.filter((k) => !documented.includes(k)), unknown: documented.filter((k) => !accepted.includes(k)) }).to.deep.equal({
      undocumented: [],
      unknown: [],
    });
  });

  for (const stack of ["dev", "prod"] as const) {
    it(`GIVEN Pulumi.${stack}.yaml THEN the ${stack} column states each committed value`, () => {
      const { config } = loadStackConfig(stack);
      const wrong: string[] = [];
      for (const row of rows) {
        const cells = stated(row[stack], row.keys.length);
        expect(cells.length, `${row.keys.join(", ")}: ${row[stack]}`).to.equal(row.keys.length);
        row.keys.forEach((key, i) => {
          const value = committed(config, key);
          const cell = cells[i];
          if (cell === "placeholder") {
            if (value === undefined) wrong.push(`${key}: README says a placeholder, the file has none`);
          } else if (cell === "absent") {
            if (value !== undefined) wrong.push(`${key}: README says absent, the file has ${show(value)}`);
          } else if (value === undefined || show(value) !== cell.value) {
            wrong.push(`${key}: README says ${cell.value}, the file has ${value === undefined ? "nothing" : show(value)}`);
          }
        });
      }
      expect(wrong).to.deep.equal([]);
    });
  }

  it("GIVEN a row whose dev value drifts from the file THEN the check names it", () => {
    const [row] = referenceRows("## Configuration reference\n| `credlink:service.cpu` | units | required | `512` | `256` | size |\n");
    expect(row).to.deep.equal({ keys: ["credlink:service.cpu"], dev: "`512`", prod: "`256`" });
    expect(show(committed(loadStackConfig("dev").config, "credlink:service.cpu"))).to.not.equal("512");
  });
});
