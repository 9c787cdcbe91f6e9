/** Pricers: the WAF web ACL, GuardDuty (detector and runtime monitoring), Inspector and Security Hub. */
import { expect } from "chai";
import { T } from "../../policy/lib/types";
import { baseline, freeLine, price, res, unknownUsage, unpricedLine, usageOf } from "../helpers/pricing";

const FEATURE = "aws:guardduty/detectorFeature:DetectorFeature";
const runtime = (fargateAgent: string) => res(FEATURE, "rm", { name: "RUNTIME_MONITORING", status: "ENABLED", additionalConfigurations: [{ name: "ECS_FARGATE_AGENT_MANAGEMENT", status: fargateAgent }] });
const td = res(T.ecsTaskDefinition, "api", { cpu: "256", memory: "512" });
const service = res(T.ecsService, "api", { desiredCount: 2 }, { propertyDependencies: { taskDefinition: [td.urn] } });

describe("pricer: edge security and the account baseline", () => {
  describe("WAF web ACL", () => {
    it("GIVEN 3 rules and 2M requests in usage.yml THEN $5 + 3 x $1 = $8, and 2 x $0.60 = $1.20 of usage", () => {
      expect(price(res(T.webAcl, "waf", { rules: [{}, {}, {}] }), { usage: { waf: { requestsMillions: 2 } } }).lines).to.deep.equal([
        baseline("WAF web ACL + 3 rules", 800, "$5/web ACL-month + 3 x $1/rule-month (a managed rule group counts as one)"),
        usageOf("WAF requests", 120, "2 M requests x $0.6/1M requests"),
      ]);
    });

    it("GIVEN its rules as ruleJson THEN they are counted from the JSON; unreadable JSON THEN none: $5", () => {
      expect(price(res(T.webAcl, "waf", { ruleJson: JSON.stringify([{ name: "a" }]) })).lines).to.deep.equal([
        baseline("WAF web ACL + 1 rule", 600, "$5/web ACL-month + 1 x $1/rule-month (a managed rule group counts as one)"),
        unknownUsage("WAF requests", "depends on usage: $0.6/1M requests (no M requests in usage.yml)"),
      ]);
      expect(price(res(T.webAcl, "waf", { ruleJson: "{not json" })).lines[0].baselineCents).to.equal(500);
    });
  });

  describe("GuardDuty", () => {
    it("GIVEN a detector THEN free here: its events and logs are the stack's GuardDuty usage lines", () => {
      expect(price(res(T.guardDuty, "gd")).lines).to.deep.equal([
        freeLine("GuardDuty detector", "charged by events and log volume: see the stack's GuardDuty usage lines; Fargate runtime monitoring: price not found"),
      ]);
    });

    it("GIVEN runtime monitoring with the Fargate agent and 2 tasks of 0.25 vCPU THEN 0.5 vCPU x $1.50 = $0.75, the scope said", () => {
      const { lines, assumptions } = price(runtime("ENABLED"), { others: [service, td] });
      expect(lines).to.deep.equal([baseline("GuardDuty runtime monitoring (0.5 Fargate vCPU)", 75, "0.5 x $1.5/monitored Fargate vCPU-month, runtime monitoring (first 500 vCPUs)")]);
      expect(assumptions).to.deep.equal([
        "rm: GuardDuty runtime monitoring bills the account's Fargate vCPUs: this stack's baseline tasks (0.5 vCPU) are priced; scale-outs and other stacks' tasks in the account add to it",
      ]);
    });

    it("GIVEN runtime monitoring without the Fargate agent, or a disabled feature THEN free; another enabled feature THEN unpriced", () => {
      expect(price(runtime("DISABLED"), { others: [service, td] }).lines[0].kind).to.equal("free");
      expect(price(res(FEATURE, "s3", { name: "S3_DATA_EVENTS", status: "DISABLED" })).lines).to.deep.equal([freeLine("GuardDuty S3_DATA_EVENTS (disabled)", "a disabled feature costs nothing")]);
      expect(price(res(FEATURE, "s3", { name: "S3_DATA_EVENTS", status: "ENABLED" })).lines).to.deep.equal([unpricedLine("GuardDuty feature S3_DATA_EVENTS has no price in the model")]);
    });
  });

  it("GIVEN Inspector and Security Hub with usage THEN 100 scans x $0.09, 50 rescans x $0.01, 20k checks x $1/1k", () => {
    const usage = { inspector: { imagesScanned: 100, rescans: 50 }, securityHub: { checksThousands: 20 } };
    expect(price(res("aws:inspector2/enabler:Enabler", "i"), { usage }).lines.map((l) => [l.item, l.usageCents])).to.deep.equal([
      ["Inspector ECR images scanned on push", 900],
      ["Inspector ECR continuous rescans", 50],
    ]);
    expect(price(res("aws:securityhub/account:Account", "sh"), { usage }).lines.map((l) => [l.item, l.usageCents])).to.deep.equal([["Security Hub security checks", 2000]]);
  });
});
