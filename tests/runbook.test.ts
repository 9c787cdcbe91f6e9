/**
 * The region failover runbook (docs/DISASTER-RECOVERY.md, "3. Fail over to the DR region"), run offline in order. Its
 * blocks are marked: `sh offline` ones run here (each `pulumi config set` is applied to the stack's committed config,
 * which must still validate; each `npm run -s plan` plans that config, which must pass with the failover within its
 * objectives); `sh aws` ones need AWS and are checked for shape: the stacks, regions, files, config keys, stack outputs
 * and resource names they name exist.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { stringify } from "yaml";
import { configKeyPaths, parseStackConfig } from "../stacks/config";
import { stackConfig } from "../tools/offline/program";
import { listStacks, REPO_ROOT } from "../tools/project";
import { runPlan, tempDir } from "./helpers/plan";
import { committedProgram } from "./helpers/programs";

const DOC = path.join(REPO_ROOT, "docs/DISASTER-RECOVERY.md");
const SECTION = /^### 3\. Fail over to the DR region[^\n]*\n([\s\S]*?)^## /m;

interface Command {
  readonly kind: "offline" | "aws";
  readonly text: string;
  readonly line: number;
}

/** The runbook's commands, in order: each fenced block's lines (continuations joined, comments dropped). */
export function runbookCommands(markdown: string): Command[] {
  const section = SECTION.exec(markdown);
  if (!section) throw new Error('docs/DISASTER-RECOVERY.md has no section "### 3. Fail over to the DR region"');
  const offset = markdown.slice(0, section.index).split("\n").length;
  const commands: Command[] = [];
  const fence = /^([ \t]*)```sh (offline|aws)\n([\s\S]*?)^\1```/gm;
  for (let m = fence.exec(section[1]); m; m = fence.exec(section[1])) {
    const line = offset + section[1].slice(0, m.index).split("\n").length;
    const joined = m[3].replace(/\\\n\s*/g, " ");
    for (const text of joined.split("\n").map((l) => l.trim())) {
      if (text && !text.startsWith("#")) commands.push({ kind: m[2] as Command["kind"], text, line });
    }
  }
  return commands;
}

/** Shell words: quotes removed, `$(...)` kept as one word. */
export function words(command: string): string[] {
  const out: string[] = [];
  let word = "";
  let quote: string | undefined;
  let depth = 0;
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (c === "$" && command[i + 1] === "(") depth++;
    if (depth > 0) {
      word += c;
      if (c === ")") depth--;
      continue;
    }
    if (quote) {
      if (c === quote) quote = undefined;
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (/\s/.test(c)) {
      if (word) out.push(word);
      word = "";
    } else {
      word += c;
    }
  }
  if (word) out.push(word);
  return out;
}

/** The value after `--flag` in a word list, or undefined. */
const option = (w: readonly string[], flag: string) => (w.includes(flag) ? w[w.indexOf(flag) + 1] : undefined);

/** Sets `key` (`credlink:dr.standby` with --path, a flat key without) in a flat config map, as `pulumi config set` does. */
function configSet(config: Record<string, string>, key: string, value: string, usePath: boolean): void {
  if (!usePath || !key.includes(".")) {
    config[key] = value;
    return;
  }
  const [head, ...rest] = key.split(".");
  const section = config[head] ? JSON.parse(config[head]) : {};
  let cursor = section;
  for (const part of rest.slice(0, -1)) cursor = cursor[part] ??= {};
  cursor[rest[rest.length - 1]] = value === "true" ? true : value === "false" ? false : value;
  config[head] = JSON.stringify(section);
}

const REGIONS: readonly string[] = Object.values(aws.Region);

interface ShapeContext {
  /** Each committed stack's outputs, as its program exports them. */
  readonly outputs: Record<string, Record<string, any>>;
  readonly names: { readonly rds: readonly string[]; readonly repositories: readonly string[]; readonly zones: readonly string[] };
}

/** What an AWS command names that does not exist: one "line N: command: problem" each. */
export function shapeProblems(commands: readonly Command[], ctx: ShapeContext): string[] {
  const wrong: string[] = [];
  const keys = new Set(configKeyPaths());
  const known = listStacks();
  for (const c of commands) {
    const w = words(c.text);
    const at = `line ${c.line}: ${c.text}`;
    if (!["aws", "pulumi", "dig", "k6"].includes(w[0])) wrong.push(`${at}: ${w[0]} is not a command the runbook uses`);
    if (w[0] === "aws" && !(/^[a-z0-9-]+$/.test(w[1] ?? "") && /^[a-z0-9-]+$/.test(w[2] ?? ""))) wrong.push(`${at}: not "aws <service> <operation>"`);
    // pulumi stack output NAME --stack S [--json | jq -r .FIELD]: the stack exports NAME (and FIELD).
    for (const m of c.text.matchAll(/pulumi stack output (\w+) --stack ([\w-]+)( --json \| jq -r \.(\w+))?/g)) {
      const value = ctx.outputs[m[2]]?.[m[1]];
      if (!(m[1] in (ctx.outputs[m[2]] ?? {}))) wrong.push(`${at}: stack ${m[2]} exports no ${m[1]}`);
      else if (m[4] && !(typeof value === "object" && value !== null && m[4] in value)) wrong.push(`${at}: ${m[2]}'s ${m[1]} has no ${m[4]}`);
    }
    // pulumi config set KEY "$(...)": a key the config knows.
    if (w[0] === "pulumi" && w[1] === "config" && w[2] === "set") {
      const key = w.slice(3).find((x, i, all) => !x.startsWith("--") && all[i - 1] !== "--stack");
      if (!key?.startsWith("credlink:") || !keys.has(key.slice("credlink:".length))) wrong.push(`${at}: ${key} is not a config key`);
    }
    for (const m of c.text.matchAll(/--(?:source-)?region (\S+)/g)) if (!REGIONS.includes(m[1])) wrong.push(`${at}: no region ${m[1]}`);
    const identifier = option(w, "--db-instance-identifier");
    if (identifier && !ctx.names.rds.includes(identifier)) wrong.push(`${at}: no database ${identifier}`);
    const repository = option(w, "--repository-name");
    if (repository && !ctx.names.repositories.includes(repository)) wrong.push(`${at}: no repository ${repository}`);
    const zone = option(w, "--hosted-zone-id");
    if (zone && !ctx.names.zones.includes(zone)) wrong.push(`${at}: no hosted zone ${zone}`);
    // Every stack named, including inside $(...), and every file.
    for (const m of c.text.matchAll(/--stack ([\w.-]+)/g)) if (!known.includes(m[1])) wrong.push(`${at}: no stack ${m[1]}`);
    for (const flag of ["--config-file", "--policy-pack-config", "--policy-pack"]) {
      const file = option(w, flag);
      if (file && !fs.existsSync(path.join(REPO_ROOT, file))) wrong.push(`${at}: ${flag} ${file} does not exist`);
    }
    if (w[0] === "k6" && !fs.existsSync(path.join(REPO_ROOT, w[w.length - 1]))) wrong.push(`${at}: no script ${w[w.length - 1]}`);
  }
  return wrong;
}

describe("the region failover runbook (docs/DISASTER-RECOVERY.md, runbook 3)", () => {
  const commands = runbookCommands(fs.readFileSync(DOC, "utf8"));
  let outputs: Record<string, Record<string, any>>;
  let names: { rds: string[]; repositories: string[]; zones: string[] };
  before(async () => {
    // One after the other: the mocks are process-wide, so two programs must never register at once.
    const runs = [["prod", await committedProgram("prod")], ["prod-dr", await committedProgram("prod-dr")]] as const;
    outputs = Object.fromEntries(runs.map(([s, r]) => [s, r.outputs]));
    const all = runs.map(([, r]) => r.recorder);
    names = {
      rds: all.flatMap((r) => r.ofType("aws:rds/instance:Instance").map((i) => i.inputs.identifier)),
      repositories: all.flatMap((r) => r.ofType("aws:ecr/repository:Repository").map((x) => x.inputs.name)),
      zones: all.flatMap((r) => r.ofType("aws:route53/record:Record").map((x) => x.inputs.zoneId)),
    };
  });

  it("GIVEN the runbook THEN it has offline and AWS commands, the offline ones being the on-the-day config and plan", () => {
    const offline = commands.filter((c) => c.kind === "offline").map((c) => words(c.text).slice(0, 3).join(" "));
    expect(offline).to.deep.equal(["pulumi config set", "npm run -s"]);
    expect(commands.filter((c) => c.kind === "aws").length).to.be.greaterThan(10);
  });

  it("GIVEN its offline commands run in order against the committed configs THEN each config set still validates and the plan passes, the failover within its hour and 15 minutes", function () {
    this.timeout(300_000);
    const configs = new Map<string, Record<string, string>>();
    const configOf = (stack: string) => {
      if (!configs.has(stack)) configs.set(stack, stackConfig(stack));
      return configs.get(stack) as Record<string, string>;
    };
    const tmp = tempDir("credlink-runbook-");
    try {
      for (const c of commands.filter((x) => x.kind === "offline")) {
        const w = words(c.text);
        const stack = option(w, "--stack") ?? "dev";
        if (w[0] === "pulumi" && w[1] === "config" && w[2] === "set") {
          const [key, value] = w.slice(3).filter((x, i, all) => !x.startsWith("--") && all[i - 1] !== "--stack");
          configSet(configOf(stack), key, value, w.includes("--path"));
          expect(() => parseStackConfig(configOf(stack), "credlink", stack), `line ${c.line}: ${c.text}`).not.to.throw();
          expect(JSON.stringify(configOf(stack)), `line ${c.line}: the value reached the config`).to.include(value);
        } else if (w[0] === "npm" && w.includes("plan")) {
          const file = path.join(tmp.dir, `Pulumi.${stack}.yaml`);
          const yaml: Record<string, unknown> = {};
          for (const [k, v] of Object.entries(configOf(stack))) yaml[k] = v.startsWith("{") || v.startsWith("[") ? JSON.parse(v) : v;
          fs.writeFileSync(file, stringify({ config: yaml }));
          const run = runPlan(["--stack", stack, "--config-file", file, "--format", "json"]);
          expect(run.status, `line ${c.line}: ${run.stderr}`).to.equal(0);
          const failover = JSON.parse(run.stdout).recovery.failover;
          expect([failover.rtoMinutes <= 60, failover.rpoMinutes <= 15, failover.pilotLight]).to.deep.equal([true, true, true]);
        } else {
          throw new Error(`line ${c.line}: an offline command this test can't run: ${c.text}`);
        }
      }
    } finally {
      tmp.cleanup();
    }
  });

  it("GIVEN its AWS commands THEN each names committed stacks, real regions, files that exist, known config keys, and outputs and resources the stacks have", () => {
    expect(shapeProblems(commands.filter((x) => x.kind === "aws"), { outputs, names })).to.deep.equal([]);
  });

  // Old: step 4 turned deletion protection off and ran the pilot light, which only forgets a retainOnDelete database:
  // no DeleteDBInstance, no final snapshot, and a Multi-AZ instance left running unmanaged.
  it("GIVEN fail-back step 4 THEN the failover database is deleted by hand with a final snapshot, after its protection is off and before the pilot light drops it from the state", () => {
    const markdown = fs.readFileSync(DOC, "utf8");
    const heading = markdown.split("\n").findIndex((l) => l.startsWith("#### Fail back")) + 1;
    const steps = commands.filter((c) => c.line > heading).map((c) => words(c.text));
    const at = (test: (w: string[]) => boolean) => steps.findIndex(test);
    const db = (w: string[]) => option(w, "--db-instance-identifier") === "credlink-prod-dr-db";
    const order = [
      at((w) => w[2] === "modify-db-instance" && db(w) && w.includes("--no-deletion-protection") && w.includes("--apply-immediately")),
      at((w) => w[2] === "delete-db-instance" && db(w) && (option(w, "--final-db-snapshot-identifier") ?? "").startsWith("credlink-prod-dr-db-failback-") && !w.includes("--skip-final-snapshot")),
      at((w) => w[2] === "wait" && w[3] === "db-instance-deleted" && db(w)),
      at((w) => w.slice(0, 3).join(" ") === "pulumi state unprotect" && option(w, "--stack") === "prod-dr"),
      at((w) => w.slice(0, 2).join(" ") === "pulumi up" && option(w, "--stack") === "prod-dr" && option(w, "--config-file") === "examples/prod-dr-pilot-light.yaml"),
    ];
    expect(order.every((i) => i >= 0), JSON.stringify(order)).to.equal(true);
    expect([...order].sort((a, b) => a - b)).to.deep.equal(order);
  });

  it("GIVEN commands naming a stack, a region, an output, an output's field, a config key, a file or a database that do not exist THEN the shape check names each", () => {
    const stale = [
      'pulumi config set --stack prod-dr --path credlink:dr.adopt.bucket "$(pulumi stack output replicaName --stack prod)"',
      'aws route53 get-health-check-status --health-check-id "$(pulumi stack output failover --stack prod --json | jq -r .healthCheckId)"',
      "aws rds describe-db-instances --region us-west-9 --db-instance-identifier credlink-prod-db-dr",
      "pulumi up --stack prod-west --config-file examples/prod-dr-standby.yaml",
    ].map((text) => ({ kind: "aws" as const, text, line: 1 }));
    const problems = shapeProblems(stale, { outputs, names }).map((p) => stale.reduce((text, c) => text.replace(`line 1: ${c.text}: `, ""), p));
    expect(problems).to.deep.equal([
      "stack prod exports no replicaName",
      "credlink:dr.adopt.bucket is not a config key",
      "prod's failover has no healthCheckId",
      "no region us-west-9",
      "no database credlink-prod-db-dr",
      "no stack prod-west",
      "--config-file examples/prod-dr-standby.yaml does not exist",
    ]);
  });
});
