/**
 * The offline plan's interface, run as `npm run plan` runs it (a child process through tools/plan/bootstrap.js):
 * whole output through a pipe, JSON that validates against tools/plan/plan.schema.json, the summary first in every
 * format, tables that fit 120 columns, and the exit codes and messages of every failure.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { ALL_POLICIES } from "../policy/policies";
import { shortType } from "../tools/plan/compare";
import { render, textTable, wrap } from "../tools/plan/render";
import { plan, reportOf, runPlan, runPlans, schemaErrors, tempDir, writeStackVariant } from "./helpers/plan";

describe("npm run plan: output", () => {
  let prod: any;
  let dev: any;
  let devOutFile: string;
  let devOutRun: ReturnType<typeof runPlan>;
  const tmp = tempDir("credlink-plan-");
  let table: ReturnType<typeof runPlan>;
  let markdown: ReturnType<typeof runPlan>;
  before(async () => {
    prod = reportOf(plan("--stack", "prod", "--format", "json"));
    devOutFile = path.join(tmp.dir, "dev.json");
    [devOutRun, table, markdown] = await runPlans([
      ["--stack", "dev", "--format", "json", "--out", devOutFile],
      ["--stack", "prod"],
      ["--stack", "prod", "--format", "markdown"],
    ]);
    dev = JSON.parse(fs.readFileSync(devOutFile, "utf8"));
  });
  after(() => tmp.cleanup());

  it("GIVEN --stack prod --format json through a pipe THEN the whole report arrives (more than 64 KiB) and ends with a newline", () => {
    const run = plan("--stack", "prod", "--format", "json");
    expect(Buffer.byteLength(run.stdout)).to.be.greaterThan(65_536);
    expect(run.stdout.endsWith("}\n")).to.equal(true);
  });

  it("GIVEN prod and dev JSON THEN both validate against tools/plan/plan.schema.json", () => {
    expect({ prod: schemaErrors(prod), dev: schemaErrors(dev) }).to.deep.equal({ prod: [], dev: [] });
  });

  it("GIVEN --out FILE THEN the report goes to the file, stdout stays empty and stderr says where it went", () => {
    expect(devOutRun.status, devOutRun.stderr).to.equal(0);
    expect(devOutRun.stdout).to.equal("");
    expect(devOutRun.stderr).to.equal(`plan: wrote the json report of stack "dev" to ${devOutFile}\n`);
  });

  it("GIVEN --stack prod THEN the summary gives counts, cost against both ceilings, availability and policy counts as numbers", () => {
    expect(prod.summary).to.deep.equal({
      stack: "prod",
      region: "us-east-1",
      resources: { total: 424, byKind: { provider: 2, component: 27, resource: 394, "remote-component": 1 } },
      cost: { baselineUsd: 149.82, usageUsd: 35.32, totalUsd: 185.14, ceilingUsd: 150, status: "within", totalCeilingUsd: 195, totalStatus: "within" },
      availabilityPct: 99.92,
      policy: { mandatory: 0, advisory: 1 },
      compare: null,
      lines: [
        'Plan: stack "prod" in us-east-1: 424 resources (2 providers, 27 components, 394 resources, 1 remote-component)',
        "Cost: baseline $149.82/month, within the $150.00 ceiling; usage $35.32; total $185.14, within the $195.00 ceiling",
        "Availability: 99.92% composite (ALB 99.99%, ElastiCache 99.99%, RDS 99.95%, Fargate 99.99%); egress: 2 NAT instances",
        // Every policy of the pack runs (the count follows the pack as policies are added).
        `Policy: 0 mandatory violations, 1 advisory (${ALL_POLICIES.length} policies)`,
      ],
    });
  });

  it("GIVEN --stack prod THEN each policy violation is structured: policy, resource URN, level, message", () => {
    const stripped = prod.policy.violations.map((v: any) => ({ policy: v.policy, urn: v.urn, level: v.level, messageIsText: typeof v.message === "string" && v.message.length > 0 }));
    const urn = (type: string, name: string) => prod.resources.find((r: any) => r.type === type && r.name === name).urn;
    expect(stripped).to.deep.equal([
      { policy: "secretsmanager-secret-rotation-enabled", urn: urn("aws:secretsmanager/secret:Secret", "credlink-prod-cache-auth-token"), level: "advisory", messageIsText: true },
    ]);
    expect(prod.policy.counts).to.deep.equal({ mandatory: 0, advisory: 1, remediate: 0 });
  });

  it("GIVEN --stack prod THEN availability is a number with each tier's SLA", () => {
    expect(prod.availability).to.deep.equal({
      compositePct: 99.92,
      tiers: [
        { tier: "ALB", resource: "credlink-prod", slaPct: 99.99, why: "2 AZs" },
        { tier: "ElastiCache", resource: "credlink-prod-cache", slaPct: 99.99, why: "Multi-AZ with automatic failover" },
        { tier: "RDS", resource: "credlink-prod-db", slaPct: 99.95, why: "Multi-AZ" },
        { tier: "Fargate", resource: "credlink-prod", slaPct: 99.99, why: "2 tasks across 2 subnets" },
      ],
      missing: [],
    });
  });

  it("GIVEN --format table THEN it opens with the header and the summary lines, then the policy verdicts", () => {
    expect(table.status, table.stderr).to.equal(0);
    const lines = table.stdout.split("\n");
    expect(lines.slice(0, 7)).to.deep.equal(['CredLink plan: stack "prod" of project "credlink" in us-east-1 (offline: mocks, no AWS calls)', "", ...prod.summary.lines, ""]);
    const firstTable = lines.findIndex((l) => /^(Policy verdicts|TYPE )/.test(l));
    expect(lines[firstTable]).to.equal('Policy verdicts (pack "credlink", policy/config/prod.json)');
  });

  it("GIVEN --format table THEN no line is wider than 120 columns", () => {
    const widest = Math.max(...table.stdout.split("\n").map((l) => l.length));
    expect(widest).to.be.at.most(120);
  });

  it("GIVEN --wide THEN the same report keeps its long lines whole (wider than 120 columns)", () => {
    const wide = render(prod, "table", { wide: true }).split("\n");
    const statements = prod.resources.find((r: any) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name === "credlink-prod-task").props.statements;
    expect(wide.some((l) => l.length > 120 && l.endsWith(statements))).to.equal(true);
  });

  it("GIVEN --format markdown THEN the summary lines come first, as a list under the title", () => {
    const run = markdown;
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout.split("\n").slice(0, 7)).to.deep.equal(["### CredLink plan: `prod` (us-east-1)", "", ...prod.summary.lines.map((l: string) => `- ${l}`), ""]);
    // Within the default budget (a PR comment's): the detail collapsed, the resource tree (too long) named instead.
    expect(run.stdout).to.include("<details><summary>Request path: internet -> ALB -> service -> data tier</summary>");
    expect(run.stdout.trimEnd().split("\n").at(-1)).to.equal("_1 more section in the job log: Resources._");
    expect(run.stdout.length).to.be.below(60_000);
  });

  it("GIVEN prod's security groups THEN each rule shows direction, protocol, port and peer by name", () => {
    const rules = prod.resources.filter((r: any) => r.type.startsWith("aws:vpc/securityGroup")).map((r: any) => `${r.props.group}: ${r.props.rule}`);
    expect(rules.sort()).to.deep.equal([
      "credlink-prod-alb: in tcp 443 from 0.0.0.0/0",
      "credlink-prod-alb: in tcp 80 from 0.0.0.0/0",
      "credlink-prod-alb: out tcp 8080 to sg credlink-prod-tasks",
      "credlink-prod-cache: in tcp 6379 from sg credlink-prod-tasks",
      "credlink-prod-copy-freshness: out tcp 443 to 0.0.0.0/0",
      "credlink-prod-db: in tcp 5432 from sg credlink-prod-tasks",
      "credlink-prod-nat: in tcp 443 from 10.30.0.0/16",
      "credlink-prod-nat: out tcp 443 to 0.0.0.0/0",
      "credlink-prod-tasks: in tcp 8080 from sg credlink-prod-alb",
      "credlink-prod-tasks: out tcp 443 to 0.0.0.0/0",
      "credlink-prod-tasks: out tcp 5432 to 10.30.32.0/24",
      "credlink-prod-tasks: out tcp 5432 to 10.30.96.0/24",
      "credlink-prod-tasks: out tcp 6379 to 10.30.32.0/24",
      "credlink-prod-tasks: out tcp 6379 to 10.30.96.0/24",
    ]);
  });

  it("GIVEN prod's proof bucket policy THEN each statement shows the effect, principal, resources and condition", () => {
    const policy = prod.resources.find((r: any) => r.type === "aws:s3/bucketPolicy:BucketPolicy" && r.name === "credlink-prod-proofs");
    const bucket = /^Deny s3:\* by \* on s3:::(credlink-prod-proofs-[0-9a-f]+),/.exec(policy.props.statements)?.[1];
    const role = (name: string) => `arn:aws:iam::123456789012:role/${name}-[0-9a-f]{7}`;
    const on = `on s3:::${bucket}`;
    const notBackup = `and aws:PrincipalArn ArnNotEquals ${role("credlink-prod-backup")}`;
    const breakGlass = "aws:PrincipalArn ArnNotEquals arn:aws:iam::222222222222:role/credlink-break-glass";
    const expected = [
      `Deny s3:\\* by \\* ${on},s3:::${bucket}/\\* when aws:SecureTransport Bool false`,
      `Deny s3:BypassGovernanceRetention,s3:PutBucketObjectLockConfiguration,s3:PutLifecycleConfiguration by \\* ${on},s3:::${bucket}/\\* when ${breakGlass}`,
      `Deny s3:PutEncryptionConfiguration by \\* ${on} when ${breakGlass}`,
      `Deny s3:PutObject by \\* ${on}/\\* when s3:x-amz-server-side-encryption-aws-kms-key-id StringNotEqualsIfExists arn:aws:kms:us-east-1:123456789012:key/[0-9a-f-]+ ${notBackup}`,
      `Deny s3:PutObject by \\* ${on}/\\* when s3:x-amz-server-side-encryption StringNotEqualsIfExists aws:kms ${notBackup}`,
      `Deny s3:PutObject by \\* ${on}/\\* when s3:x-amz-server-side-encryption-customer-algorithm Null false ${notBackup}`,
      `Deny s3:PutObject by \\* ${on}/\\* when s3:if-none-match Null true and s3:ObjectCreationOperation Bool true ${notBackup}`,
      `Deny s3:GetObject\\*,s3:PutObject\\*,s3:DeleteObject\\*,s3:RestoreObject,s3:ReplicateObject,s3:ReplicateDelete,s3:ReplicateTags,s3:AbortMultipartUpload,s3:ListMultipartUploadParts by \\* ${on}/\\* when aws:PrincipalArn ArnNotEquals ${role("credlink-prod-task")},${role("credlink-prod-backup")},${role("credlink-prod-proofs-replication")}`,
    ];
    const statements: string[] = policy.props.statements.split(" | ");
    expect(statements.length).to.equal(expected.length);
    statements.forEach((statement, i) => expect(statement).to.match(new RegExp(`^${expected[i]}$`)));
  });

  it("GIVEN the prod task role's inline policy THEN it shows each statement's actions and resources", () => {
    const policy = prod.resources.find((r: any) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name === "credlink-prod-task");
    expect(policy.props.statements).to.match(
      /^Allow s3:GetObject,s3:GetObjectVersion,s3:PutObject on s3:::credlink-prod-proofs-[0-9a-f]+\/\* \| Allow kms:Decrypt,kms:GenerateDataKey on kms:us-east-1::key\/[0-9a-f-]+ when kms:ViaService StringEquals s3\.us-east-1\.amazonaws\.com \| Allow rds-db:connect on rds-db:us-east-1::dbuser:db-[0-9A-F]+\/credlink_app \| Allow xray:PutTraceSegments,xray:PutTelemetryRecords,xray:GetSamplingRules,xray:GetSamplingTargets,xray:GetSamplingStatisticSummaries on \*$/,
    );
  });

  it("GIVEN --stack prod THEN the request path runs ALB (behind the WAF) -> service -> Multi-AZ DB, failover cache, replicated bucket", () => {
    const hops = prod.sections.find((s: any) => s.id === "request-path");
    expect(hops.rows.map((row: string[]) => [row[1].trim(), row[3]])).to.deep.equal([
      ["internet -> load balancer", "internet-facing ALB in 2 public subnets; deletion protection yes"],
      ["listener", "HTTP 80 -> redirect -> HTTPS 443 (HTTP_301)"],
      ["listener", "HTTPS 443 ELBSecurityPolicy-TLS13-1-2-Res-2021-06 -> forward"],
      // CI/CD: the canary's production rule and deployment settings.
      ["rule", "priority 50000 -> forward credlink-prod 100% / credlink-prod-alt 0% (ECS shifts the weights)"],
      // Edge: the WAF in front of the listeners.
      ["waf", "WAF: 4 managed groups + rate limit; 1000 requests/300 s per IP; uploads 100/300 s per IP; bodies over 8 KB only on /v1/proofs, /v1/proofs/*; logs BLOCK/COUNT to aws-waf-logs-credlink-prod"],
      ["load balancer -> target group", "ip targets on 8080; health /healthz"],
      // Under CANARY the deployment alarms roll back; the circuit breaker applies to ROLLING only.
      ["target group -> ECS service", "Fargate LATEST ARM64 256/1024; 2 tasks (2-4) in 2 private subnets; public IP no; rollback: deployment alarms yes (2); the circuit breaker does not apply to CANARY"],
      ["deployment", "CANARY: 10% of requests for 15 min, then all; old revision kept 20 min; ECS shifts the new revision into credlink-prod-alt and swaps the pair on every deployment (ECS owns the pairing: pulumi up ignores it); pulumi up waits 55m"],
      ["service -> PostgreSQL", "postgres 17 db.t4g.micro; Multi-AZ yes; encrypted yes; public no"],
      ["service -> cache", "valkey 8.0 cache.t4g.micro x 2; failover yes; Multi-AZ yes; TLS yes"],
      ["service -> proof bucket", "S3 SSE-KMS, versioned; Object Lock COMPLIANCE 365d; replicated to DR yes"],
    ]);
  });

  it("GIVEN the dev stack without a domain THEN the report warns plainly that dev serves HTTP only", () => {
    expect(dev.warnings.filter((w: string) => w.includes("no domain"))).to.deep.equal([
      "credlink-dev: no domain is configured, so the load balancer serves plain HTTP only (no certificate, no HTTPS listener); do not send real traffic to it",
    ]);
  });

  // Dev lean: dev builds no SLO, no dashboard and no tier alarms; the section says so instead of vanishing.
  it("GIVEN dev (credlink:ops.level lean) THEN the SLO section says so, lists the deployment alarms that remain, and the JSON has no slo output", () => {
    const section = dev.sections.find((s: any) => s.id === "slo");
    expect(section.summary).to.equal("ops.level lean: no SLO alarms, no dashboard");
    expect(section.rows.map((r: string[]) => [r[0], r[1], r[2]])).to.deep.equal([
      // Dev's own account baseline: its findings routes' delivery alarms.
      ["credlink-account-guardduty-notify-failed-invocations", "metric", "notify"],
      ["credlink-account-guardduty-page-failed-invocations", "metric", "notify"],
      ["credlink-account-inspector-critical-failed-invocations", "metric", "notify"],
      ["credlink-dev-5xx-rate", "metric", "notify"],
      ["credlink-dev-p95-latency", "metric", "notify"],
      ["credlink-dev-restore-test-completed-failed-invocations", "metric", "notify"],
      ["credlink-dev-restore-test-failed-failed-invocations", "metric", "notify"],
    ]);
    expect([dev.outputs.opsLevel, "slo" in dev.outputs, "dashboardName" in dev.outputs, "alarmNames" in dev.outputs]).to.deep.equal(["lean", false, false, false]);
  });
});

describe("npm run plan: table layout", () => {
  it("GIVEN a row wider than the budget THEN the last column wraps at spaces inside its column", () => {
    expect(textTable(["A", "B"], [["x", "one two three four"]], 20).split("\n")).to.deep.equal(["A  B", "-  -----------------", "x  one two three", "   four"]);
  });

  it("GIVEN names that fit only if the free text wraps below 40 columns THEN the free text wraps and every name stays whole", () => {
    const name = "secretsmanager-secret-rotation-enabled"; // 38 characters
    const message = "m".repeat(10) + " " + "n".repeat(60);
    const lines = textTable(["POLICY", "RESOURCE", "MESSAGE"], [[name, "r".repeat(44), message]], 120).split("\n");
    expect(lines[2].startsWith(`${name}  ${"r".repeat(44)}  `)).to.equal(true, lines.join("\n"));
    expect(Math.max(...lines.map((l) => l.length))).to.equal(120);
    expect(lines[1]).to.equal(`${"-".repeat(38)}  ${"-".repeat(44)}  ${"-".repeat(34)}`);
  });

  it("GIVEN no width THEN the table is as wide as its widest cell", () => {
    expect(textTable(["A", "B"], [["x", "one two three four"]]).split("\n")).to.deep.equal(["A  B", "-  ------------------", "x  one two three four"]);
  });

  it("GIVEN a word longer than the width THEN wrap cuts it", () => {
    expect(wrap("abcdefghij", 4)).to.deep.equal(["abcd", "efgh", "ij"]);
  });

  it("GIVEN type tokens THEN they shorten to module.Name", () => {
    expect(["aws:s3/bucketPolicy:BucketPolicy", "credlink:data:Database", "awsx:ec2:Vpc", "pulumi:providers:aws", "random:index/randomPassword:RandomPassword"].map(shortType)).to.deep.equal([
      "s3.BucketPolicy",
      "data.Database",
      "awsx.ec2.Vpc",
      "provider.aws",
      "random.index.RandomPassword",
    ]);
  });
});

describe("npm run plan: command line and failures", () => {
  const tmp = tempDir("credlink-plan-fail-");
  after(() => tmp.cleanup());

  it("GIVEN --help THEN it prints the usage on stdout and exits 0", () => {
    const run = runPlan(["--help"]);
    expect([run.status, run.stderr]).to.deep.equal([0, ""]);
    expect(run.stdout.split("\n")[0]).to.equal("usage: npm run -s plan -- [options]");
  });

  it("GIVEN an unknown format THEN it exits 2 with the problem and the usage on stderr", () => {
    const run = runPlan(["--format", "yaml"]);
    expect(run.status).to.equal(2);
    expect(run.stdout).to.equal("");
    expect(run.stderr.split("\n").slice(0, 2)).to.deep.equal(['plan: --format must be one of table | json | markdown, got "yaml"', "usage: npm run -s plan -- [options]"]);
  });

  it("GIVEN an unknown option THEN it exits 2 naming it", () => {
    const run = runPlan(["--stak", "prod"]);
    expect(run.status).to.equal(2);
    expect(run.stderr.split("\n")[0]).to.equal("plan: Unknown option '--stak'");
  });

  it("GIVEN a stack with no stack file THEN it exits 1 and lists the stacks that exist", () => {
    const run = runPlan(["--stack", "qa"]);
    expect([run.status, run.stdout, run.stderr]).to.deep.equal([1, "", "plan: no stack file Pulumi.qa.yaml; stacks here: dev, prod, prod-dr\n"]);
  });

  it("GIVEN prod's stack file planned as --stack dev THEN one error says to use --stack prod", () => {
    const run = runPlan(["--stack", "dev", "--config-file", "Pulumi.prod.yaml"]);
    expect([run.status, run.stdout, run.stderr]).to.deep.equal([1, "", "plan: stack \"dev\" failed: Pulumi.prod.yaml is stack prod's file, but it is planned as --stack dev: use --stack prod\n"]);
  });

  it("GIVEN a relative --config-file with invalid YAML, run from another directory THEN the error names that file, line and column", () => {
    fs.writeFileSync(path.join(tmp.dir, "broken.yaml"), "config:\n  aws:region: us-east-1\n  credlink:environment: dev\n   bad: [\n");
    const run = runPlan(["--config-file", "broken.yaml"], { cwd: tmp.dir });
    expect([run.status, run.stdout, run.stderr]).to.deep.equal([1, "", `plan: stack "dev" failed: ${path.join(tmp.dir, "broken.yaml")}:3:25: invalid YAML: Nested mappings are not allowed in compact mappings\n`]);
  });

  it("GIVEN an empty stack file THEN it says the file is empty", () => {
    fs.writeFileSync(path.join(tmp.dir, "empty.yaml"), "");
    const run = runPlan(["--config-file", path.join(tmp.dir, "empty.yaml")]);
    expect([run.status, run.stderr]).to.deep.equal([1, `plan: stack "dev" failed: ${path.join(tmp.dir, "empty.yaml")} is empty: a stack file needs a \`config:\` mapping\n`]);
  });

  it("GIVEN a stack file without config: THEN it says so", () => {
    fs.writeFileSync(path.join(tmp.dir, "noconfig.yaml"), "aws:region: us-east-1\n");
    const run = runPlan(["--config-file", path.join(tmp.dir, "noconfig.yaml")]);
    expect([run.status, run.stderr]).to.deep.equal([1, `plan: stack "dev" failed: ${path.join(tmp.dir, "noconfig.yaml")} has no \`config:\` key: a stack file is a mapping with every setting under \`config:\`\n`]);
  });

  it("GIVEN a stack file with a bad key THEN it exits 1 naming the key, the value, what is allowed, and the file and line", () => {
    const file = writeStackVariant(tmp.dir, "Pulumi.broken.yaml", "dev", (c) => {
      c["credlink:network"].natGateways = "two";
    });
    const run = runPlan(["--stack", "broken", "--config-file", file]);
    expect(run.status).to.equal(1);
    expect(run.stdout).to.equal("");
    const line = fs.readFileSync(file, "utf8").split("\n").findIndex((l) => l.includes("natGateways")) + 1;
    expect(run.stderr).to.include(`credlink:network.natGateways must be one of "single" | "onePerAz" | "instance" | "singleInstance", got "two" (${file}:${line})`);
  });

  it("GIVEN a region where the program can't finish under the mocks THEN it exits non-zero with a message and no report", () => {
    const file = writeStackVariant(tmp.dir, "Pulumi.prod-cn.yaml", "prod", (c) => {
      c["aws:region"] = "cn-north-1";
    });
    const run = runPlan(["--stack", "prod", "--config-file", file, "--format", "json"]);
    expect(run.status).to.equal(1);
    expect(run.stdout).to.equal("");
    expect(run.stderr).to.match(/plan: stack "prod" failed: /);
  });
});
