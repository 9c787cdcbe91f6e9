/**
 * The plan's cost figures, the ceiling's status, `--compare` and the exit code on a mandatory violation, run as
 * `npm run plan` runs them (child processes through tools/plan/bootstrap.js; identical runs are shared).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { listStacks } from "../tools/project";
import { costPinOf, loadPins, pinDiff } from "../tools/plan/cost-pins";
import { cents, plan, reportOf, runPlan, runPlans, schemaErrors, tempDir, writeStackVariant } from "./helpers/plan";

describe("npm run plan: cost", () => {
  let prod: any;
  before(() => {
    prod = reportOf(plan("--stack", "prod", "--format", "json"));
  });

  it("GIVEN prod THEN cost carries numbers: the totals, both ceilings and their status, nothing unpriced", () => {
    expect(prod.cost).to.deep.equal({
      currency: "USD",
      priceRegion: "us-east-1",
      pricedForStackRegion: true,
      hoursPerMonth: 730,
      baselineUsd: 149.82,
      usageUsd: 35.32,
      totalUsd: 185.14,
      ceilingUsd: 150,
      status: "within",
      totalCeilingUsd: 195,
      totalStatus: "within",
      unpriced: [],
      assumptions: [
        "credlink-account-runtime-monitoring: GuardDuty runtime monitoring bills the account's Fargate vCPUs: this stack's baseline tasks (0.5 vCPU) are priced; scale-outs and other stacks' tasks in the account add to it",
        // The DR region's detector (prod owns its account's baseline there too): no task runs there.
        "credlink-account-dr-runtime-monitoring: GuardDuty runtime monitoring bills the account's Fargate vCPUs: this stack's baseline tasks (0 vCPU) are priced; scale-outs and other stacks' tasks in the account add to it",
      ],
    });
  });

  it("GIVEN prod's DR key in us-west-2 THEN the report warns that it is priced at us-east-1 prices", () => {
    expect(prod.warnings.filter((w: string) => w.includes("list prices"))).to.deep.equal([
      "21 priced resource(s) are in us-west-2 and priced at us-east-1 list prices: LogicallyAirGappedVault credlink-prod-backup-air-gapped, Enabler credlink-account-dr-inspector, Key credlink-prod-db-replica, " +
        "Key credlink-prod-proofs-replica, Key credlink-prod-ecr-replica, Key credlink-prod-backup-dr-vault, Key credlink-prod-restore-test-dr-alerts, RestoreTestingPlan credlink-prod-restore-test-dr, " +
        "MetricAlarm credlink-account-dr-guardduty-page-failed-invocations, MetricAlarm credlink-account-dr-guardduty-notify-failed-invocations, MetricAlarm credlink-account-dr-inspector-critical-failed-invocations, " +
        "MetricAlarm credlink-prod-audit-dr-key-tampering-failed-invocations, MetricAlarm credlink-prod-audit-dr-proof-bucket-policy-failed-invocations, MetricAlarm credlink-prod-audit-dr-root-activity-failed-invocations, " +
        "MetricAlarm credlink-prod-audit-dr-trail-tampering-failed-invocations, MetricAlarm credlink-prod-audit-dr-backup-tampering-failed-invocations, MetricAlarm credlink-prod-audit-dr-guardduty-tampering-failed-invocations, " +
        "MetricAlarm credlink-prod-restore-test-dr-completed-failed-invocations, MetricAlarm credlink-prod-restore-test-dr-failed-failed-invocations, " +
        // Registered once its rule's pattern resolves, which names the DR region's alert topics (each waits for its policy).
        "InstanceAutomatedBackupsReplication credlink-prod-db-replica, MetricAlarm credlink-prod-audit-dr-alerting-tampering-failed-invocations",
    ]);
  });

  it("GIVEN prod THEN the components add up to the totals to the cent", () => {
    const sum = (k: string) => prod.components.reduce((a: number, c: any) => a + cents(c[k]), 0);
    expect([sum("baselineUsd"), sum("usageUsd"), sum("totalUsd")]).to.deep.equal([cents(prod.cost.baselineUsd), cents(prod.cost.usageUsd), cents(prod.cost.totalUsd)]);
  });

  it("GIVEN prod THEN the resources' own costs plus the stack-wide usage add up to the total to the cent", () => {
    const own = prod.resources.reduce((a: number, r: any) => a + (r.cost ? cents(r.cost.totalUsd) : 0), 0);
    const stackUsage = cents(prod.components.find((c: any) => c.component === "(stack usage)").totalUsd);
    expect(own + stackUsage).to.equal(cents(prod.cost.totalUsd));
  });

  it("GIVEN prod THEN the database's own cost is its instance, storage and managed secret; its backups are AWS Backup's (continuous backup holds the point-in-time window), so no RDS backup usage", () => {
    const db = prod.resources.find((r: any) => r.type === "aws:rds/instance:Instance");
    expect(db.cost).to.deep.equal({ baselineUsd: 28.36, usageUsd: 0, totalUsd: 28.36 });
  });

  it("GIVEN prod THEN the cost table's rows add up to its TOTAL row", () => {
    const table = prod.sections.find((s: any) => s.id === "cost-by-component");
    const money = (s: string) => Math.round(Number(s.replace(/[$,]/g, "")) * 100);
    const rows = table.rows.filter((r: string[]) => r[0] !== "TOTAL");
    const total = table.rows.find((r: string[]) => r[0] === "TOTAL");
    expect([1, 2, 3].map((i) => rows.reduce((a: number, r: string[]) => a + money(r[i]), 0))).to.deep.equal([1, 2, 3].map((i) => money(total[i])));
  });
});

describe("npm run plan: the committed stacks cost what tests/fixtures/cost-pins.json pins (else, if meant: npm run pin:costs)", () => {
  const pins = loadPins().stacks;
  // Every committed stack file (Pulumi.<stack>.yaml: dev, prod, prod-dr).
  for (const stack of listStacks()) {
    it(`GIVEN ${stack} THEN its totals and every line item (type, resource, item, kind, cents, how) are the pinned ones`, () => {
      const pin = pins[stack];
      expect(pinDiff(costPinOf(pin.command, reportOf(plan("--stack", stack, "--format", "json"))), pin)).to.deep.equal([]);
    });
  }

  it("GIVEN prod's pin with one line a cent dearer THEN the check names the line and the total that moved", () => {
    const pin = pins.prod;
    const i = pin.lines.findIndex((l) => l.baselineCents > 0);
    const dearer = { ...pin, baselineCents: pin.baselineCents + 1, totalCents: pin.totalCents + 1, lines: pin.lines.map((l, j) => (j === i ? { ...l, baselineCents: l.baselineCents + 1 } : l)) };
    expect(pinDiff(dearer, pin)).to.deep.equal([
      `baselineCents: pinned ${pin.baselineCents}, now ${pin.baselineCents + 1}`,
      `totalCents: pinned ${pin.totalCents}, now ${pin.totalCents + 1}`,
      `pinned, no longer planned: ${JSON.stringify(pin.lines[i])}`,
      `planned, not pinned: ${JSON.stringify(dearer.lines[i])}`,
    ]);
  });

  it("GIVEN prod's lines in another order THEN the pin still holds (registration order is not a cost fact)", () => {
    const pin = pins.prod;
    const swapped = { ...pin, lines: [pin.lines[1], pin.lines[0], ...pin.lines.slice(2)] };
    expect(pinDiff(swapped, pin)).to.deep.equal([]);
  });

  it("GIVEN prod's pin with a line dropped THEN the check names it, even with the totals unchanged (a free line)", () => {
    const pin = pins.prod;
    const i = pin.lines.findIndex((l) => l.kind === "free");
    const dropped = { ...pin, lines: pin.lines.filter((_, j) => j !== i) };
    expect(pinDiff(dropped, pin)).to.deep.equal([`pinned, no longer planned: ${JSON.stringify(pin.lines[i])}`]);
  });
});

describe("npm run plan: never a silent pass", () => {
  const tmp = tempDir("credlink-plan-cost-");
  let unpriced: ReturnType<typeof runPlan>;
  let eu: ReturnType<typeof runPlan>;
  let natCap: ReturnType<typeof runPlan>;
  before(async () => {
    const bigDb = writeStackVariant(tmp.dir, "Pulumi.prod-big-db.yaml", "prod", (c) => {
      c["credlink:database"].instanceClass = "db.r7g.16xlarge";
    });
    const frankfurt = writeStackVariant(tmp.dir, "Pulumi.prod-eu.yaml", "prod", (c) => {
      c["aws:region"] = "eu-central-1";
      c["credlink:dr"].region = "eu-west-1";
    });
    const twoNats = writeStackVariant(tmp.dir, "Pulumi.dev-nat.yaml", "dev", (c) => {
      c["credlink:network"].natGateways = "onePerAz";
    });
    [unpriced, eu, natCap] = await runPlans([
      ["--stack", "prod", "--config-file", bigDb, "--format", "json"],
      ["--stack", "prod", "--config-file", frankfurt, "--format", "json"],
      ["--stack", "dev", "--config-file", twoNats],
    ]);
  });
  after(() => tmp.cleanup());

  it("GIVEN a database class the price table lacks THEN both ceilings are unknown and the JSON lists what is unpriced", () => {
    const report = reportOf(unpriced, 3);
    const db = report.resources.find((r: any) => r.type === "aws:rds/instance:Instance");
    expect([report.cost.status, report.cost.totalStatus, report.summary.cost.status, report.summary.cost.totalStatus, report.cost.unpriced]).to.deep.equal([
      "unknown",
      "unknown",
      "unknown",
      "unknown",
      [{ urn: db.urn, type: "aws:rds/instance:Instance", resource: "credlink-prod-db", reason: "no price for postgres db.r7g.16xlarge" }],
    ]);
  });

  it("GIVEN a database class the price table lacks THEN prod's ceiling policy fails as mandatory, naming it, and the exit code is 3", () => {
    expect(unpriced.status).to.equal(3);
    const report = JSON.parse(unpriced.stdout);
    const ceiling = report.policy.violations.filter((v: any) => v.policy === "monthly-cost-within-ceiling");
    expect(ceiling.map((v: any) => [v.level, v.urn])).to.deep.equal([["mandatory", null]]);
    expect(ceiling[0].message).to.match(/^the monthly cost is unknown: 1 resource\(s\) have no price in the cost model: aws:rds\/instance:Instance credlink-prod-db \(no price for postgres db\.r7g\.16xlarge\)/);
    expect(report.summary.lines[1]).to.match(/^Cost: baseline \$\d+\.\d\d\/month, UNKNOWN against the \$150\.00 ceiling \(1 unpriced: credlink-prod-db\); usage \$\d+\.\d\d; total \$\d+\.\d\d, UNKNOWN against the \$195\.00 ceiling$/);
  });

  it("GIVEN the unpriced report, which exits 3 THEN its JSON still validates against the schema", () => {
    expect(schemaErrors(JSON.parse(unpriced.stdout))).to.deep.equal([]);
  });

  it("GIVEN a stack outside us-east-1 THEN the JSON flags the prices as another region's and the report warns", () => {
    const report = reportOf(eu);
    expect([report.region, report.cost.priceRegion, report.cost.pricedForStackRegion]).to.deep.equal(["eu-central-1", "us-east-1", false]);
    expect(report.warnings.filter((w: string) => w.startsWith("prices are"))).to.deep.equal([
      "prices are us-east-1 list prices; this stack is in eu-central-1, where AWS prices differ: the cost is approximate (cost.pricedForStackRegion is false)",
    ]);
    expect(schemaErrors(report)).to.deep.equal([]);
  });

  it("GIVEN dev with a NAT gateway per AZ (2 > dev's cap of 1) THEN the report prints and the exit code is 3 naming the policy", () => {
    const run = natCap;
    expect(run.status, run.stderr).to.equal(3);
    expect(run.stdout).to.include("Policy verdicts");
    expect(run.stderr).to.include("nat-gateway-count-within-cap (mandatory)");
    expect(run.stderr).to.include("2 NAT gateways exceed the cap of 1");
  });
});

describe("npm run plan: --compare", () => {
  const tmp = tempDir("credlink-plan-compare-");
  let base: string;
  let prodDiff: any;
  let devDiff: any;
  before(async () => {
    base = path.join(tmp.dir, "base.json");
    fs.writeFileSync(base, plan("--stack", "prod", "--format", "json").stdout);
    const devBase = path.join(tmp.dir, "dev-base.json");
    fs.writeFileSync(devBase, plan("--stack", "dev", "--format", "json").stdout);
    const bigger = writeStackVariant(tmp.dir, "Pulumi.prod-bigger.yaml", "prod", (c) => {
      c["credlink:database"].instanceClass = "db.t4g.medium";
      c["credlink:service"].desiredCount = 3;
    });
    const locked = writeStackVariant(tmp.dir, "Pulumi.dev-locked.yaml", "dev", (c) => {
      c["credlink:proofs"].objectLockRetentionDays = 30;
    });
    const [biggerRun, lockedRun] = await runPlans([
      ["--stack", "prod", "--config-file", bigger, "--compare", base, "--format", "json"],
      ["--stack", "dev", "--config-file", locked, "--compare", devBase, "--format", "json"],
    ]);
    // $204.21 is over the $150 ceiling: the report is whole and the exit code is 3.
    prodDiff = reportOf(biggerRun, 3);
    devDiff = reportOf(lockedRun);
  });
  after(() => tmp.cleanup());

  it("GIVEN a DB class change THEN the instance and the two alarms whose thresholds follow the class are updates, each input by its path", () => {
    const updates = prodDiff.compare.changes.filter((c: any) => c.action === "update").map((c: any) => ({ type: c.type, name: c.name, properties: c.properties.map((p: any) => [p.name, p.before, p.after, p.replacement]), costDelta: c.costDelta }));
    const free = { baselineUsd: 0, usageUsd: 0, totalUsd: 0 };
    expect(updates.map((u: any) => ({ ...u, properties: u.properties.filter((p: any[]) => p[0] !== "alarmDescription") }))).to.deep.equal([
      { type: "aws:rds/instance:Instance", name: "credlink-prod-db", properties: [["instanceClass", "db.t4g.micro", "db.t4g.medium", "no"]], costDelta: { baselineUsd: 71.54, usageUsd: 0, totalUsd: 71.54 } },
      { type: "aws:cloudwatch/metricAlarm:MetricAlarm", name: "credlink-prod-ops-db-cpu-credits", properties: [["threshold", 29, 58, "no"]], costDelta: free },
      { type: "aws:cloudwatch/metricAlarm:MetricAlarm", name: "credlink-prod-ops-db-connections", properties: [["threshold", 78, 315, "no"]], costDelta: free },
    ]);
  });

  it("GIVEN an alarm's threshold change THEN it carries the comparison that alarm fires on, its own operator (< for a balance, > for a count)", () => {
    const notes = prodDiff.compare.changes.flatMap((c: any) => c.properties.filter((p: any) => p.name === "threshold").map((p: any) => [c.name, p.note]));
    expect(notes).to.deep.equal([
      ["credlink-prod-ops-db-cpu-credits", "fires when CPUCreditBalance Minimum < threshold"],
      ["credlink-prod-ops-db-connections", "fires when DatabaseConnections Maximum > threshold"],
    ]);
    const table = prodDiff.sections.find((s: any) => s.id === "compare-resources");
    expect(table.rows.find((r: string[]) => r[2] === "credlink-prod-ops-db-connections")[3]).to.match(/^threshold: 78 -> 315 \(fires when DatabaseConnections Maximum > threshold\); alarmDescription: /);
  });

  it("GIVEN a task count change THEN it is listed as ignored (the service's ignoreChanges: autoscaling owns desiredCount), not as an update", () => {
    const service = prodDiff.compare.changes.find((c: any) => c.type === "aws:ecs/service:Service");
    expect(service).to.deep.equal({
      action: "ignore",
      urn: service.urn,
      type: "aws:ecs/service:Service",
      name: "credlink-prod",
      stateful: false,
      properties: [{ name: "desiredCount", before: 2, after: 3, replaces: false, replacement: "no", ignored: true }],
      costDelta: { baselineUsd: 8.5, usageUsd: 0, totalUsd: 8.5 },
    });
  });

  it("GIVEN those changes THEN the summary counts them and gives the cost delta, and the JSON validates", () => {
    expect(prodDiff.summary.compare).to.deep.equal({ against: "base.json", create: 0, update: 3, replace: 0, delete: 0, ignored: 1, statefulLost: 0, baselineDeltaUsd: 80.42, totalDeltaUsd: 82.54 });
    expect(prodDiff.summary.lines[4]).to.equal("Changes against base.json: 0 to create, 3 to update, 0 to replace, 0 to delete; 1 changed only in inputs pulumi up ignores; cost +$80.42/month baseline, +$82.54 total");
    expect(schemaErrors(prodDiff)).to.deep.equal([]);
  });

  it("GIVEN Object Lock turned on for dev's proof bucket THEN the bucket is replaced (objectLockEnabled forces a new bucket) and everything that names it with it", () => {
    const changes = devDiff.compare.changes.map((c: any) => ({
      action: c.action,
      type: c.type,
      name: c.name,
      why: c.properties.filter((p: any) => p.replaces).map((p: any) => `${p.name}${p.knownAfterReplaceOf ? ` <- ${p.knownAfterReplaceOf.split("::").pop()}` : ""}`),
    }));
    const proofs = "credlink-dev-proofs";
    const carried = (type: string, name = proofs) => ({ action: "replace", type, name, why: [`bucket <- ${proofs}`] });
    expect(changes).to.deep.equal([
      { action: "replace", type: "aws:s3/bucket:Bucket", name: proofs, why: ["objectLockEnabled"] },
      carried("aws:s3/bucketPolicy:BucketPolicy"),
      carried("aws:s3/bucketOwnershipControls:BucketOwnershipControls"),
      carried("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"),
      carried("aws:s3/bucketVersioning:BucketVersioning"),
      carried("aws:s3/bucketLogging:BucketLogging", `${proofs}-logs`),
      carried("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration"),
      carried("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"),
      { action: "replace", type: "aws:backup/selection:Selection", name: "credlink-dev-backup", why: [`resources <- ${proofs}`] },
      { action: "replace", type: "aws:ecs/taskDefinition:TaskDefinition", name: "credlink-dev", why: [`containerDefinitions <- ${proofs}`] },
      { action: "create", type: "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration", name: proofs, why: [] },
      { action: "update", type: "aws:s3/bucketPolicy:BucketPolicy", name: `${proofs}-logs`, why: [] },
      // The trail's data events name the proof bucket.
      { action: "update", type: "aws:cloudtrail/trail:Trail", name: "credlink-dev-audit", why: [] },
      { action: "update", type: "aws:backup/restoreTestingSelection:RestoreTestingSelection", name: "credlink-dev-restore-test-s3", why: [] },
      { action: "update", type: "aws:iam/rolePolicy:RolePolicy", name: "credlink-dev-task", why: [] },
      { action: "update", type: "aws:ecs/service:Service", name: "credlink-dev", why: [] },
    ]);
  });

  it("GIVEN the bucket's policy gains the statements that deny loosening the lock THEN the diff shows those two statements by Sid, and no other statement as changed", () => {
    const policy = devDiff.compare.changes.find((c: any) => c.type === "aws:s3/bucketPolicy:BucketPolicy" && c.name === "credlink-dev-proofs");
    // The bucket's physical name is the mock's autoname. Statements with Sids are keyed by Sid: the two inserted after
    // the TLS-only one don't shift the later ones into a diff of their own.
    const lock = 'policy.Statement["DenyRetentionBypassAndLockChanges"]';
    const encryption = 'policy.Statement["DenyDefaultEncryptionChanges"]';
    const bucket = /^arn:aws:s3:::(credlink-dev-proofs-[0-9a-f]{7})$/.exec(policy.properties.find((p: any) => p.name === `${lock}.Resource[0]`)?.after)?.[1];
    // The account's break-glass role (credlink:account.breakGlassRoleArn) is the one principal exempt.
    const breakGlass = "arn:aws:iam::111111111111:role/credlink-break-glass";
    expect(policy.properties.filter((p: any) => !p.knownAfterReplaceOf).map((p: any) => [p.name, p.before, p.after])).to.deep.equal([
      [`${lock}.Sid`, null, "DenyRetentionBypassAndLockChanges"],
      [`${lock}.Effect`, null, "Deny"],
      [`${lock}.Principal`, null, "*"],
      [`${lock}.Action[0]`, null, "s3:BypassGovernanceRetention"],
      [`${lock}.Action[1]`, null, "s3:PutBucketObjectLockConfiguration"],
      [`${lock}.Action[2]`, null, "s3:PutLifecycleConfiguration"],
      [`${lock}.Resource[0]`, null, `arn:aws:s3:::${bucket}`],
      [`${lock}.Resource[1]`, null, `arn:aws:s3:::${bucket}/*`],
      [`${lock}.Condition.ArnNotEquals.aws:PrincipalArn`, null, breakGlass],
      [`${encryption}.Sid`, null, "DenyDefaultEncryptionChanges"],
      [`${encryption}.Effect`, null, "Deny"],
      [`${encryption}.Principal`, null, "*"],
      [`${encryption}.Action`, null, "s3:PutEncryptionConfiguration"],
      [`${encryption}.Resource`, null, `arn:aws:s3:::${bucket}`],
      [`${encryption}.Condition.ArnNotEquals.aws:PrincipalArn`, null, breakGlass],
    ]);
  });


  it("GIVEN the replacement diff THEN its JSON validates against the schema, and the stateful bucket leads the report", () => {
    expect(schemaErrors(devDiff)).to.deep.equal([]);
    expect(devDiff.summary.compare.statefulLost).to.equal(1);
    expect(devDiff.sections[0].id).to.equal("compare-replacements");
    expect(devDiff.sections[0].rows[0].slice(0, 4)).to.deep.equal(["+- replace", "STATEFUL", "s3.Bucket", "credlink-dev-proofs"]);
  });

  it("GIVEN a plan of another stack THEN --compare refuses, naming both stacks", () => {
    const run = runPlan(["--stack", "dev", "--compare", base]);
    expect([run.status, run.stdout]).to.deep.equal([1, ""]);
    expect(run.stderr).to.equal(`plan: stack "dev" failed: --compare ${base} is a plan of stack "prod", not "dev": a diff across stacks is every difference between them. Add --compare-any-stack if that is what you want\n`);
  });

  it("GIVEN --compare with a file that isn't a plan THEN it exits 1 and says so", () => {
    const bad = path.join(tmp.dir, "bad.json");
    fs.writeFileSync(bad, "{}");
    const run = runPlan(["--stack", "dev", "--compare", bad]);
    expect([run.status, run.stderr]).to.deep.equal([1, `plan: stack "dev" failed: --compare ${bad}: not a plan report (npm run -s plan -- --format json --out FILE)\n`]);
  });
});
