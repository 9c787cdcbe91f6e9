/**
 * The offline plan, run as `npm run plan` runs it: a child process through tools/plan/bootstrap.js, which registers
 * ts-node the way Pulumi's language host does. Exit codes and stderr are what a user sees.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { stringify } from "yaml";
import { REPO_ROOT } from "../tools/project";

interface PlanRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the plan; type checking is the language host's default, skipped here except where a test asks for it. */
function plan(args: string[], typeCheck = false): PlanRun {
  const env: NodeJS.ProcessEnv = { ...process.env, PULUMI_NODEJS_TRANSPILE_ONLY: typeCheck ? "false" : "true" };
  const result = spawnSync(process.execPath, [path.join(REPO_ROOT, "tools/plan/bootstrap.js"), ...args], {
    cwd: REPO_ROOT,
    env,
    encoding: "utf8",
    timeout: 180_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function planJson(stack: string): any {
  const run = plan(["--stack", stack, "--format", "json"]);
  expect(run.status, run.stderr).to.equal(0);
  return JSON.parse(run.stdout);
}

describe("npm run plan", () => {
  it("GIVEN no arguments WHEN run with the language host's type checking THEN it plans dev as a table", () => {
    const run = plan([], true);
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.include('CredLink plan: stack "dev" of project "credlink" in us-east-1');
    expect(run.stdout).to.include("nat=Single (1 NAT gateway)");
    expect(run.stdout).to.include("6 subnets in 2 AZs; NAT strategy Single: 1 NAT gateway");
  });

  for (const env of [
    { stack: "dev", nat: "Single", nats: 1 },
    { stack: "prod", nat: "OnePerAz", nats: 2 },
  ]) {
    it(`GIVEN --stack ${env.stack} --format json WHEN run THEN it lists the network's resource types and ${env.nats} NAT gateway(s) in 3 tiers`, () => {
      const report = planJson(env.stack);
      expect(report.stack).to.equal(env.stack);
      expect(report.offline).to.equal(true);
      expect(Object.keys(report.counts.byType)).to.include.members([
        "pulumi:providers:aws",
        "credlink:network:Network",
        "awsx:ec2:Vpc",
        "aws:ec2/flowLog:FlowLog",
        "aws:cloudwatch/logGroup:LogGroup",
        "aws:kms/key:Key",
        "aws:iam/role:Role",
        "aws:rds/subnetGroup:SubnetGroup",
        "aws:elasticache/subnetGroup:SubnetGroup",
        "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
      ]);
      const vpc = report.resources.find((r: any) => r.type === "awsx:ec2:Vpc");
      expect(vpc.props.nat).to.equal(`${env.nat} (${env.nats} NAT gateway${env.nats === 1 ? "" : "s"})`);
      expect(vpc.props.tiers).to.equal("3 (public /24, private /20, isolated /24) x 2 AZs = 6 subnets");
      const network = report.resources.find((r: any) => r.type === "credlink:network:Network");
      expect(vpc.component).to.equal(network.urn);
      const layout = report.sections.find((s: any) => s.id === `network-layout:credlink-${env.stack}`);
      expect(layout.rows.filter((row: string[]) => row[5] === "yes (+ EIP)")).to.have.length(env.nats);
      expect(report.outputs.vpcId).to.match(/^vpc-/);
    });
  }

  it("GIVEN --stack prod WHEN run THEN the request path runs ALB -> service -> Multi-AZ DB, failover cache, replicated bucket", () => {
    const report = planJson("prod");
    const path = report.sections.find((s: any) => s.id === "request-path");
    expect(path.rows.map((row: string[]) => row[1].trim())).to.deep.equal([
      "internet -> load balancer",
      "listener",
      "listener",
      "load balancer -> target group",
      "target group -> ECS service",
      "service -> PostgreSQL",
      "service -> cache",
      "service -> proof bucket",
    ]);
    const settings = path.rows.map((row: string[]) => row[3]);
    expect(settings).to.include("HTTP 80 -> redirect -> HTTPS 443 (HTTP_301)");
    expect(settings).to.include("HTTPS 443 ELBSecurityPolicy-TLS13-1-2-Res-2021-06 -> forward");
    expect(settings[4]).to.include("2 tasks (2-4) in 2 private subnets; public IP no; rollback: circuit breaker yes, alarms yes");
    expect(settings[5]).to.equal("postgres 17 db.t4g.micro; Multi-AZ yes; encrypted yes; public no");
    expect(settings[6]).to.equal("valkey 8.0 cache.t4g.micro x 2; failover yes; Multi-AZ yes; TLS yes");
    expect(settings[7]).to.equal("S3 SSE-KMS, versioned; Object Lock GOVERNANCE 365d; replicated to DR yes");
  });

  it("GIVEN the dev stack without a domain WHEN planned THEN it warns plainly that dev serves HTTP only", () => {
    const run = plan(["--stack", "dev"]);
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.include("WARNING: credlink-dev: no domain is configured, so the load balancer serves plain HTTP only");
  });

  it("GIVEN --format markdown WHEN run THEN it prints a compact report with a collapsed resource list", () => {
    const run = plan(["--stack", "prod", "--format", "markdown"]);
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/^### CredLink plan: `prod` \(us-east-1\)/);
    expect(run.stdout).to.include("| AZ | BLOCK | PUBLIC | PRIVATE | ISOLATED | NAT GATEWAY |");
    expect(run.stdout).to.include("<details><summary>Resources</summary>");
  });

  describe("failures", () => {
    let dir: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "credlink-plan-"));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("GIVEN a stack file with a bad key WHEN planned THEN it exits 1 and names the key, the value and what is allowed", () => {
      const file = path.join(dir, "Pulumi.broken.yaml");
      const config = {
        "aws:region": "us-east-1",
        "credlink:environment": "dev",
        "credlink:tags": { owner: "platform-team", costCenter: "credlink-dev" },
        "credlink:network": { cidrBlock: "10.20.0.0/16", azCount: 2, natGateways: "two" },
      };
      fs.writeFileSync(file, stringify({ config }));
      const run = plan(["--stack", "broken", "--config-file", file]);
      expect(run.status).to.equal(1);
      expect(run.stdout).to.equal("");
      expect(run.stderr).to.include('plan: stack "broken" failed: Invalid stack configuration:');
      expect(run.stderr).to.include('credlink:network.natGateways must be one of "single" | "onePerAz", got "two"');
    });

    it("GIVEN a stack with no stack file WHEN planned THEN it exits 1 and lists the stacks that exist", () => {
      const run = plan(["--stack", "qa"]);
      expect(run.status).to.equal(1);
      expect(run.stderr).to.include("no stack file Pulumi.qa.yaml; stacks here: dev, prod");
    });

    it("GIVEN an unknown format WHEN planned THEN it exits 2 with the usage", () => {
      const run = plan(["--format", "yaml"]);
      expect(run.status).to.equal(2);
      expect(run.stderr).to.include('--format must be one of table | json | markdown, got "yaml"');
      expect(run.stderr).to.include("usage: npm run plan --");
    });
  });
});
