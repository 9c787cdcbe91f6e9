/**
 * The plan's cost, availability and policy sections, `--compare`, and the exit code on a mandatory violation, run as
 * `npm run plan` runs them (a child process through tools/plan/bootstrap.js).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { stringify } from "yaml";
import { loadStackConfig, REPO_ROOT } from "../tools/project";

function plan(args: string[]) {
  const result = spawnSync(process.execPath, [path.join(REPO_ROOT, "tools/plan/bootstrap.js"), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
    encoding: "utf8",
    timeout: 180_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("npm run plan: cost, availability and policy", () => {
  let dir: string;
  let devJson: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "credlink-plan-cost-"));
    const run = plan(["--stack", "dev", "--format", "json"]);
    expect(run.status, run.stderr).to.equal(0);
    devJson = path.join(dir, "dev.json");
    fs.writeFileSync(devJson, run.stdout);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("GIVEN --stack prod --format json THEN the cost sections quote the model's baseline, the policy section has no mandatory verdict", () => {
    const run = plan(["--stack", "prod", "--format", "json"]);
    expect(run.status, run.stderr).to.equal(0);
    const report = JSON.parse(run.stdout);
    const byComponent = report.sections.find((s: any) => s.id === "cost-by-component");
    expect(byComponent.columns).to.deep.equal(["COMPONENT", "BASELINE", "USAGE", "TOTAL"]);
    expect(byComponent.rows.find((r: string[]) => r[0] === "TOTAL")[1]).to.equal("$168.89");
    expect(byComponent.summary).to.match(/^Baseline \$168\.89\/month \(ceiling \$185\.00: within\)/);
    const byResource = report.sections.find((s: any) => s.id === "cost-by-resource");
    expect(byResource.rows.map((r: string[]) => r[2])).to.include("NAT gateway hours (2, inferred from awsx strategy OnePerAz)");
    const availability = report.sections.find((s: any) => s.id === "availability");
    expect(availability.summary).to.equal("Composite availability: 99.92%");
    expect(availability.rows.map((r: string[]) => r[0]).sort()).to.deep.equal(["ALB", "ElastiCache", "Fargate", "RDS"]);
    const policy = report.sections.find((s: any) => s.id === "policy");
    expect(policy.rows.filter((r: string[]) => r[2] === "mandatory")).to.deep.equal([]);
    expect(policy.summary).to.match(/0 mandatory violation/);
  });

  it("GIVEN --format markdown THEN the cost table is inline and the per-resource table is collapsed", () => {
    const run = plan(["--stack", "prod", "--format", "markdown"]);
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.include("| COMPONENT | BASELINE | USAGE | TOTAL |");
    expect(run.stdout).to.include("| TOTAL | $168.89 | ");
    expect(run.stdout).to.include("<details><summary>Monthly cost by resource</summary>");
  });

  it("GIVEN --compare with dev's JSON plan WHEN prod is planned THEN the cost change and the resource diff are shown", () => {
    const run = plan(["--stack", "prod", "--compare", devJson, "--format", "json"]);
    expect(run.status, run.stderr).to.equal(0);
    const report = JSON.parse(run.stdout);
    expect(report.sections[0].id).to.equal("compare-cost");
    expect(report.sections[0].summary).to.match(/^Baseline \$98\.26 -> \$168\.89 \(\+\$70\.63\/month\)/);
    const resources = report.sections.find((s: any) => s.id === "compare-resources");
    expect(resources.summary).to.match(/^\d+ added, \d+ removed/);
  });

  it("GIVEN --compare with a file that isn't a plan THEN it exits 1 and says so", () => {
    const bad = path.join(dir, "bad.json");
    fs.writeFileSync(bad, "{}");
    const run = plan(["--stack", "dev", "--compare", bad]);
    expect(run.status).to.equal(1);
    expect(run.stderr).to.include("not a plan report");
  });

  it("GIVEN dev with a NAT gateway per AZ (2 > dev's cap of 1) THEN the report prints and the exit code is 3 naming the policy", () => {
    const file = path.join(dir, "Pulumi.dev.yaml");
    const { config } = loadStackConfig("dev");
    const yaml: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(config)) yaml[k] = v.startsWith("{") ? JSON.parse(v) : v;
    (yaml["credlink:network"] as Record<string, unknown>).natGateways = "onePerAz";
    fs.writeFileSync(file, stringify({ config: yaml }));
    const run = plan(["--stack", "dev", "--config-file", file]);
    expect(run.status, run.stderr).to.equal(3);
    expect(run.stdout).to.include("Policy verdicts");
    expect(run.stderr).to.include("nat-gateway-count-within-cap (mandatory)");
    expect(run.stderr).to.include("2 NAT gateways exceed the cap of 1");
  });
});
