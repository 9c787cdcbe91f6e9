/**
 * Which rules, usage and ceiling the plan judges a stack by: its config's credlink:environment (and, for a failover
 * stack, its role), never its name (tools/plan/profile.ts). A stack named anything, or planned with --config-file,
 * takes its environment's policy config, usage profile and ceiling.
 */
import * as path from "node:path";
import { expect } from "chai";
import { loadPins } from "../tools/plan/cost-pins";
import { planProfile, POLICY_CONFIG_DIR } from "../tools/plan/profile";
import { cents, reportOf, runPlan, tempDir, writeStackVariant } from "./helpers/plan";

const file = (name: string) => path.join(POLICY_CONFIG_DIR, name);

describe("the plan's profile of a stack (tools/plan/profile.ts)", () => {
  it("GIVEN credlink:environment prod THEN prod's policy config and usage profile, whatever the stack is called", () => {
    expect(planProfile({ "credlink:environment": "prod" })).to.deep.equal({ environment: "prod", role: "primary", policyConfigFile: file("prod.json"), usageProfile: "prod" });
  });

  it("GIVEN a prod failover stack THEN prod's failover policy config and prod's usage; a dev one (no dev failover file) THEN dev's", () => {
    expect(planProfile({ "credlink:environment": "prod", "credlink:dr": JSON.stringify({ role: "failover" }) })).to.deep.equal({
      environment: "prod",
      role: "failover",
      policyConfigFile: file("prod-failover.json"),
      usageProfile: "prod",
    });
    expect(planProfile({ "credlink:environment": "dev", "credlink:dr": JSON.stringify({ role: "failover" }) }).policyConfigFile).to.equal(file("dev.json"));
  });

  it("GIVEN an environment with no policy config THEN none (the policies' defaults); GIVEN none at all THEN dev's", () => {
    expect(planProfile({ "credlink:environment": "qa" }).policyConfigFile).to.equal(undefined);
    expect(planProfile({}).environment).to.equal("dev");
  });
});

describe("a stack the repository does not name: staging, with prod's config, planned with --config-file", () => {
  const tmp = tempDir("credlink-staging-");
  let report: any;
  before(() => {
    const staging = writeStackVariant(tmp.dir, "Pulumi.staging.yaml", "prod", (c) => {
      c["credlink:tags"].costCenter = "credlink-staging";
      // Its own account: a second environment in prod's would be refused (one account per environment).
      c["credlink:account"].id = "333333333333";
      c["credlink:account"].breakGlassRoleArn = "arn:aws:iam::333333333333:role/credlink-break-glass";
    });
    report = reportOf(runPlan(["--stack", "staging", "--config-file", staging, "--format", "json"]));
  });
  after(() => tmp.cleanup());

  it("WHEN planned THEN its resources are staging's and it is judged by prod's policy config, with prod's $150 and $195 ceilings", () => {
    expect([report.stack, report.resources.some((r: any) => r.name === "credlink-staging-db"), report.policy.config, report.cost.ceilingUsd, report.cost.status, report.cost.totalCeilingUsd, report.cost.totalStatus]).to.deep.equal([
      "staging",
      true,
      "policy/config/prod.json",
      150,
      "within",
      195,
      "within",
    ]);
  });

  it("WHEN planned THEN it is priced with prod's usage profile: the same baseline and usage as prod, not $0.00 of usage", () => {
    const prod = loadPins().stacks.prod;
    expect([cents(report.cost.baselineUsd), cents(report.cost.usageUsd)]).to.deep.equal([prod.baselineCents, prod.usageCents]);
    expect(report.sections.find((s: any) => s.id === "cost-by-component").notes[0]).to.include("usage = policy/cost/usage.yml (prod)");
  });
});
