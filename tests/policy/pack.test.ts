/**
 * What `new PolicyPack` (server.js#serve) and the CLI check, checked without constructing the pack: the pack name
 * pattern, no policy named "all", no enforcementLevel inside a config schema, a version in package.json; plus our own
 * rules: unique kebab-case names, both config files valid against the schemas and naming only real policies, the
 * enforcement levels each environment ends up with, and the README's coverage map.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import type { PolicyConfigSchema } from "@pulumi/policy";
import { TAGGABLE_MODULES, TAGGABLE_TYPES } from "../../policy/lib/taggable";
import { ALL_POLICIES, PACK_NAME, POLICY_GROUPS } from "../../policy/policies";
import { TESTED } from "./cases";
import { loadPackConfigFile, POLICY_DIR, reconcile } from "../../tools/offline/policy";

const PACK_NAME_RE = /^[a-zA-Z0-9-_.]{1,100}$/; // server.js packNameRE
const POLICY_NAME_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/; // ours: kebab-case, which also fits the pack-name characters
const read = (f: string) => fs.readFileSync(path.join(POLICY_DIR, f), "utf8");

/**
 * Fills TESTED from every test file that builds case tables, also when this file runs alone or in its own mocha worker
 * (`parallel: true` gives each file to one of two worker processes, so the other files' registrations may live in
 * another process). A file mocha already loaded here is cached and costs nothing. A file not loaded yet is required
 * with mocha's globals stubbed: `describe` runs its body, so the tables register, but no test or hook is added to this
 * run, and the file leaves the require cache again, so a later run of it in this worker registers its tests as usual.
 */
function loadCaseTables(): void {
  const dir = path.join(__dirname, "..");
  const files = fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".test.ts"))
    .map((f) => path.join(dir, f))
    .filter((f) => f !== __filename && /from "\.\/cases"|from "\.\.\/policy\/cases"|from "\.\/policy\/cases"/.test(fs.readFileSync(f, "utf8")));
  const g = globalThis as Record<string, unknown>;
  const names = ["describe", "context", "it", "specify", "before", "after", "beforeEach", "afterEach", "xdescribe", "xit"] as const;
  const saved = names.map((n) => g[n]);
  const suiteContext = { timeout: () => undefined, slow: () => undefined, retries: () => undefined };
  const noop = Object.assign(() => undefined, { skip: () => undefined, only: () => undefined });
  const suite = Object.assign((_title: string, body?: (this: unknown) => void) => body?.call(suiteContext), { skip: () => undefined, only: () => undefined });
  try {
    for (const n of names) g[n] = n === "describe" || n === "context" ? suite : noop;
    for (const f of files) {
      if (require.cache[f]) continue;
      try {
        require(f);
      } finally {
        delete require.cache[f];
      }
    }
  } finally {
    names.forEach((n, i) => (g[n] = saved[i]));
  }
}

/** The bullets of POLICY-COVERAGE.md's "Controls this program relies on" section, each joined onto one line. */
function controlLines(coverage: string): string[] {
  const start = coverage.indexOf("**Controls this program relies on");
  assert.ok(start >= 0, "no \"Controls this program relies on\" section");
  const lines: string[] = [];
  for (const raw of coverage.slice(start).split("\n").slice(1)) {
    if (raw.startsWith("- ")) lines.push(raw.slice(2).trim());
    else if (/^\s+\S/.test(raw) && lines.length) lines[lines.length - 1] += ` ${raw.trim()}`;
    else if (raw.startsWith("**")) break;
  }
  return lines;
}

/** policy/README.md's "Control | Policies" table: control line -> policies cell. */
function readmeControlRows(readme: string): Map<string, string> {
  const rows = new Map<string, string>();
  const start = readme.indexOf("| Control | Policies |");
  if (start < 0) return rows;
  for (const line of readme.slice(start).split("\n").slice(2)) {
    if (!line.startsWith("|")) break;
    const cells = line.split(" | ");
    rows.set(cells[0].replace(/^\|\s*/, "").trim(), cells.slice(1).join(" | ").replace(/\s*\|$/, "").trim());
  }
  return rows;
}

describe("policy pack validity", () => {
  it("GIVEN the pack name THEN it matches the server's pattern", () => assert.match(PACK_NAME, PACK_NAME_RE));

  it("GIVEN every policy THEN names are unique, kebab-case, at most 100 characters, and none is 'all'", () => {
    const names = ALL_POLICIES.map((p) => p.name);
    assert.deepEqual(names.filter((n, i) => names.indexOf(n) !== i), []);
    for (const n of names) {
      assert.match(n, POLICY_NAME_RE);
      assert.ok(n.length <= 100 && PACK_NAME_RE.test(n), n);
      assert.notEqual(n, "all");
    }
  });

  it("GIVEN every config schema THEN none declares or requires enforcementLevel, and its defaults validate", () => {
    for (const p of ALL_POLICIES) {
      const schema = p.configSchema as PolicyConfigSchema | undefined;
      if (!schema) continue;
      assert.ok(!("enforcementLevel" in schema.properties), `${p.name} declares enforcementLevel`);
      assert.ok(!(schema.required ?? []).includes("enforcementLevel"), `${p.name} requires enforcementLevel`);
    }
    assert.doesNotThrow(() => reconcile(ALL_POLICIES, {}));
  });

  it("GIVEN every policy THEN it has a description, a valid default level, exactly one of validateResource/validateStack, and checks it covers", () => {
    for (const p of ALL_POLICIES) {
      assert.ok(p.description.length > 10, p.name);
      assert.ok(["advisory", "mandatory"].includes(p.enforcementLevel ?? ""), p.name);
      assert.ok(("validateResource" in p) !== ("validateStack" in p), p.name);
      assert.ok(Array.isArray(p.covers), p.name);
    }
  });

  it("GIVEN every policy THEN the tests give it at least one passing and one failing resource", () => {
    loadCaseTables();
    const missing = ALL_POLICIES.filter((p) => !(TESTED.get(p.name)?.pass && TESTED.get(p.name)?.fail)).map((p) => p.name);
    assert.deepEqual(missing, []);
  });

  it("GIVEN the package files THEN package.json has a version and @pulumi/policy, PulumiPolicy.yaml says nodejs, index.ts only builds the pack", () => {
    const pkg = JSON.parse(read("package.json"));
    assert.match(pkg.version, /^\d+\.\d+\.\d+$/);
    assert.ok(pkg.dependencies["@pulumi/policy"]);
    assert.equal(parse(read("PulumiPolicy.yaml")).runtime, "nodejs");
    const index = read("index.ts");
    assert.equal(index.match(/new PolicyPack\(/g)?.length, 1);
    assert.deepEqual([...index.matchAll(/from "([^"]+)"/g)].map((m) => m[1]).sort(), ["./policies", "@pulumi/policy"]);
  });

  it("GIVEN @pulumi/policy THEN it resolves the same single @pulumi/pulumi as the program", () => {
    const fromPolicy = require.resolve("@pulumi/pulumi", { paths: [path.dirname(require.resolve("@pulumi/policy"))] });
    assert.equal(fromPolicy, require.resolve("@pulumi/pulumi"));
  });

  for (const env of ["dev", "prod"]) {
    it(`GIVEN policy/config/${env}.json THEN every key names a policy and the reconciled config validates`, () => {
      const raw = loadPackConfigFile(env);
      const names = new Set(ALL_POLICIES.map((p) => p.name));
      assert.deepEqual(Object.keys(raw).filter((k) => k !== "all" && !names.has(k)), []);
      assert.doesNotThrow(() => reconcile(ALL_POLICIES, raw));
    });
  }

  it("GIVEN the two configs THEN encryption, exposure, hardening, cost, tagging, access, edge, network and operations are mandatory everywhere (but dev's HTTP listener, $60 and $70 ceilings and ROLLING deployments); logging, reliability, recovery and audit mandatory in prod, advisory in dev (S3 lifecycle rules stay mandatory: they are cost)", () => {
    const dev = reconcile(ALL_POLICIES, loadPackConfigFile("dev"));
    const prod = reconcile(ALL_POLICIES, loadPackConfigFile("prod"));
    const level = (m: Map<string, { enforcementLevel: string }>, n: string) => m.get(n)!.enforcementLevel;
    // Pending until the component that satisfies them lands (README, "Pending"): advisory in both environments.
    // Taking a name out of this set is the deliberate step that makes the rule mandatory again.
    // Empty since the recovery components put the database and the proofs in a backup plan and the edge
    // put a WAF on prod's load balancer: both rules are mandatory in prod again.
    const pending = new Set<string>();
    // Dev's ALB may be HTTP-only; dev's ceilings are advisory until the NAT question is settled (README).
    // Dev has no WAF: service.allowedCidrs narrows its load balancer instead, so the WAF rule stays advisory.
    // Dev deploys ROLLING and its alarm rollback is a rehearsal: the ECS alarm-rollback rule is prod's ("ECS services in prod").
    const devAdvisory = new Set(["alb-listener-https-or-redirect", "monthly-cost-within-ceiling", "alb-internet-facing-has-waf", "ecs-service-alarm-rollback-and-required-strategy", ...pending]);
    // Every alarm has the alert topics in dev too (ops-alerts): an alarm without an action is a mistake in any stack.
    const devExceptions = new Set([...devAdvisory, "s3-bucket-lifecycle-configured", "s3-bucket-aborts-incomplete-multipart-uploads", "cloudwatch-alarm-has-actions"]);
    for (const [group, policies] of Object.entries(POLICY_GROUPS)) {
      for (const p of policies) {
        const expectedProd = p.name === "secretsmanager-secret-rotation-enabled" || pending.has(p.name) ? "advisory" : "mandatory";
        assert.equal(level(prod, p.name), expectedProd, `prod ${p.name}`);
        // Recovery (Object Lock, vault locks, the DR copy) is reliability's kind: dev tears down cleanly by design; so
        // is the audit trail's (dev owns no account baseline, and a locked trail bucket would not tear down).
        let expectedDev = ["logging", "reliability", "recovery", "audit"].includes(group) ? "advisory" : expectedProd;
        if (devExceptions.has(p.name)) expectedDev = devAdvisory.has(p.name) ? "advisory" : "mandatory";
        assert.equal(level(dev, p.name), expectedDev, `dev ${p.name}`);
      }
    }
    // The goals as the pack enforces them: prod's baseline $150 and its total at committed usage $195; dev's baseline
    // $60, and its total $70 (dev's derived usage is about $4: the total leaves that again as headroom).
    assert.deepEqual(dev.get("monthly-cost-within-ceiling")!.properties, { ceilingUsd: 60, totalCeilingUsd: 70, usageProfile: "dev" });
    assert.deepEqual(prod.get("monthly-cost-within-ceiling")!.properties, { ceilingUsd: 150, totalCeilingUsd: 195, usageProfile: "prod" });
    assert.equal(dev.get("nat-gateway-count-within-cap")!.properties.maxNatGateways, 1);
    assert.equal(prod.get("nat-gateway-count-within-cap")!.properties.maxNatGateways, 2);
  });

  for (const [file, environment] of [["dev", "dev"], ["prod", "prod"], ["prod-failover", "prod"]]) {
    it(`GIVEN policy/config/${file}.json THEN the budget rule's ceiling is the cost rule's total ceiling (one figure, kept in two policies' config: a budget watches the bill)`, () => {
      const config = reconcile(ALL_POLICIES, loadPackConfigFile(file));
      assert.equal(config.get("budget-notifies-within-cost-ceiling")!.properties.totalCeilingUsd, config.get("monthly-cost-within-ceiling")!.properties.totalCeilingUsd);
    });

    it(`GIVEN policy/config/${file}.json THEN the total is priced at usage.yml's ${environment} profile, the one the plan prices the environment's stacks at (tools/plan/profile.ts)`, () => {
      const config = reconcile(ALL_POLICIES, loadPackConfigFile(file));
      assert.equal(config.get("monthly-cost-within-ceiling")!.properties.usageProfile, environment);
    });
  }

  it("GIVEN policy/config/prod-failover.json THEN its ceilings are prod's: a failover stack serves prod's traffic on the day", () => {
    const failover = reconcile(ALL_POLICIES, loadPackConfigFile("prod-failover"));
    const prod = reconcile(ALL_POLICIES, loadPackConfigFile("prod"));
    assert.deepEqual(failover.get("monthly-cost-within-ceiling")!.properties, prod.get("monthly-cost-within-ceiling")!.properties);
  });

  it("GIVEN policy/config/prod.json THEN the recovery and deployment values are prod's: a year of COMPLIANCE Object Lock, 35-day backups with a 14-day continuous rule and a DR copy, compliance-locked vaults with access policies, the account's trail with a year of COMPLIANCE on its logs, CANARY deployments, a required budget", () => {
    const prod = reconcile(ALL_POLICIES, loadPackConfigFile("prod"));
    const props = (n: string) => prod.get(n)!.properties;
    assert.deepEqual(
      {
        lock: props("s3-proof-buckets-object-lock-retention"),
        retention: props("backup-plan-retains-recovery-points-minimum-days"),
        continuous: props("backup-plan-has-continuous-rule"),
        copy: props("backup-plan-copies-to-dr-vault-in-another-region"),
        vaults: props("backup-vaults-locked"),
        vaultPolicies: props("backup-vault-access-policy-denies-deletion"),
        trail: props("cloudtrail-trail-multi-region-validated-encrypted"),
        trailLock: props("cloudtrail-log-bucket-object-lock"),
        deploy: props("ecs-service-alarm-rollback-and-required-strategy"),
        budget: props("budget-notifies-within-cost-ceiling"),
      },
      {
        lock: { bucketNamePattern: "-proofs$", minRetentionDays: 365, mode: "COMPLIANCE" },
        retention: { minRetentionDays: 35, minContinuousRetentionDays: 14 },
        continuous: { requireContinuous: true },
        copy: { requireDrCopy: true },
        vaults: { minLockDays: 7, mode: "compliance" },
        vaultPolicies: { requireAccessPolicy: true },
        trail: { requireTrail: true },
        trailLock: { minRetentionDays: 365, mode: "COMPLIANCE" },
        deploy: { requiredStrategy: "CANARY" },
        budget: { totalCeilingUsd: 195, requireBudget: true },
      },
    );
  });

  it("GIVEN a config with a bad value (ceiling as a string) THEN reconciling fails like the CLI would", () => {
    assert.throws(() => reconcile(ALL_POLICIES, { "monthly-cost-within-ceiling": { ceilingUsd: "cheap" } }), /ceilingUsd|must be number/);
  });

  it("GIVEN POLICY-COVERAGE.md THEN policy/README.md maps every check id to a policy or a reason, and names every policy", () => {
    // Vendored (tests/fixtures/README.md names the source): a fresh clone has nothing beside the repository.
    const file = path.resolve(POLICY_DIR, "../tests/fixtures/policy-coverage.md");
    const coverage = fs.readFileSync(file, "utf8");
    const readme = read("README.md");
    const ids = new Set<string>();
    for (const m of coverage.matchAll(/CKV2?_AWS_\d+(?:[–-]\d+)?|AVD-AWS-\d{4}|(?<=[ /,])0\d{3}\b/g)) ids.add(m[0]);
    const expand = (id: string) => {
      const range = /^CKV_AWS_(\d+)[–-](\d+)$/.exec(id);
      return range ? Array.from({ length: +range[2] - +range[1] + 1 }, (_, i) => `CKV_AWS_${+range[1] + i}`) : [/^\d{4}$/.test(id) ? `AVD-AWS-${id}` : id];
    };
    const missing = [...ids].flatMap(expand).filter((id) => !readme.includes(id));
    assert.deepEqual(missing, []);
    assert.deepEqual(ALL_POLICIES.map((p) => p.name).filter((n) => !readme.includes(`\`${n}\``)), []);
    for (const p of ALL_POLICIES) for (const id of p.covers ?? []) if (/^(CKV|AVD)/.test(id)) assert.ok(readme.includes(id), `${p.name} covers ${id}, not in the README`);
  });

  it("GIVEN POLICY-COVERAGE.md's \"Controls this program relies on\" THEN policy/README.md maps every line to policies that exist", () => {
    const coverage = fs.readFileSync(path.resolve(POLICY_DIR, "../tests/fixtures/policy-coverage.md"), "utf8");
    const lines = controlLines(coverage);
    assert.equal(lines.length, 15);
    const rows = readmeControlRows(read("README.md"));
    const names = new Set(ALL_POLICIES.map((p) => p.name));
    const problems: string[] = [];
    for (const line of lines) {
      const cell = rows.get(line);
      if (cell === undefined) {
        problems.push(`no README row for: ${line}`);
        continue;
      }
      const named = [...cell.matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1]).filter((n) => /-/.test(n));
      const unknown = named.filter((n) => !names.has(n));
      if (unknown.length) problems.push(`${line}: names ${unknown.join(", ")}, which the pack does not have`);
      if (named.filter((n) => names.has(n)).length === 0) problems.push(`${line}: maps to no policy`);
    }
    assert.deepEqual(problems, []);
  });

  it("GIVEN a coverage list with a control the README doesn't map THEN the parser finds it (the check above would fail)", () => {
    const lines = controlLines("**Controls this program relies on, with no checkov or trivy id** (intro):\n- a new control\n  on two lines\n- `x` second\n");
    assert.deepEqual(lines, ["a new control on two lines", "`x` second"]);
    assert.equal(readmeControlRows("| Control | Policies |\n|---|---|\n| a new control on two lines | `budget-notifies-within-cost-ceiling` |\n").get("a new control on two lines"), "`budget-notifies-within-cost-ceiling`");
  });

  it("GIVEN the installed @pulumi/aws THEN the taggable type list matches the SDK (every Args with `tags`)", () => {
    const root = path.dirname(require.resolve("@pulumi/aws/package.json"));
    const derived: string[] = [];
    for (const mod of TAGGABLE_MODULES) {
      for (const f of fs.readdirSync(path.join(root, mod))) {
        if (!f.endsWith(".d.ts") || /^(get|index|input|output)/.test(f)) continue;
        const dts = fs.readFileSync(path.join(root, mod, f), "utf8");
        const args = /export interface (\w+Args) \{([\s\S]*?)\n\}/.exec(dts);
        if (!args || !/\n {4}tags\?:/.test(args[2])) continue;
        const js = path.join(root, mod, f.replace(/\.d\.ts$/, ".js"));
        const token = fs.existsSync(js) ? /'(aws:[^']+)'/.exec(fs.readFileSync(js, "utf8"))?.[1] : undefined;
        if (token) derived.push(token);
      }
    }
    assert.deepEqual([...new Set(derived)].sort(), [...TAGGABLE_TYPES].sort());
  });
});
