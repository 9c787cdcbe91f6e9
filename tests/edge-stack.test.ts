/**
 * Edge security and the account baseline in the whole program: every credlink:edge / credlink:account key and
 * credlink:service.allowedCidrs reaching its resource, ownership of the singletons, and the config's rules for them.
 */
import { expect } from "chai";
import { parseStackConfig } from "../stacks/config";
import { defaultTags } from "../stacks/providers";
import { Recorder } from "../tools/offline/mocks";
import { runComponent, runProgram, stackConfig } from "../tools/offline/program";
import { GuardDutyAgentAccess } from "../components/account/guardduty-agent";
import { accountBaseline } from "../tools/plan/sections/account-baseline";
import { problemsFor } from "./helpers/config";
import { SINGLETONS } from "./helpers/edge";


const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const SUBSCRIBER = "arn:aws:iam::123456789012:role/credlink-admin";
// The committed dev program (no baseline, no WAF) is asserted in app-stack.test.ts, sharing its run.

describe("edge and account baseline in prod with every edge and account key set to a non-default value", () => {
  let rec: Recorder;
  let outputs: Record<string, any>;
  before(async () => {
    ({ recorder: rec, outputs } = await runProgram("prod", {
      "credlink:edge": { waf: { enabled: true, rateLimit: 2500, rateWindowSec: 600, largeBodyPaths: ["/api/uploads"], logRetentionDays: 30, blockedRequestsAlarmThreshold: 50 } },
      "credlink:account": { baseline: true, securityHub: true, activateCostAllocationTags: true },
      "credlink:audit": { logRetentionDays: 500, objectLockRetentionDays: 400, objectLockMode: "COMPLIANCE", dataEventReads: true },
      "credlink:service": { allowedCidrs: ["0.0.0.0/0", "192.0.2.0/24"] },
      "credlink:alerts": { subscriberPrincipalArns: [SUBSCRIBER] },
    }));
  });

  it("GIVEN alerts.subscriberPrincipalArns THEN both topics deny sns:Subscribe to every other principal", () => {
    for (const name of ["credlink-prod-page", "credlink-prod-notify"]) {
      const statement = JSON.parse(rec.one("aws:sns/topicPolicy:TopicPolicy", name).inputs.policy).Statement.find((s: any) => s.Sid === "DenySubscribeExceptNamedPrincipals");
      expect(statement.Condition, name).to.deep.equal({ ArnNotLike: { "aws:PrincipalArn": [SUBSCRIBER] } });
    }
  });

  it("GIVEN rateLimit 2500 and rateWindowSec 600 THEN the rate rule blocks above 2500 requests per IP in 600 s", () => {
    const rate = rec.one("aws:wafv2/webAcl:WebAcl").inputs.rules.find((r: any) => r.name === "rate-limit-per-ip");
    expect(rate.statement).to.deep.equal({ rateBasedStatement: { aggregateKeyType: "IP", limit: 2500, evaluationWindowSec: 600 } });
  });

  it("GIVEN largeBodyPaths [/api/uploads] THEN only that normalised path, or below it, escapes the counted SizeRestrictions_BODY", () => {
    const rule = rec.one("aws:wafv2/webAcl:WebAcl").inputs.rules.find((r: any) => r.name === "large-body-outside-upload-paths");
    const match = (positionalConstraint: string, searchString: string) => ({
      byteMatchStatement: { fieldToMatch: { uriPath: {} }, positionalConstraint, searchString, textTransformations: [{ priority: 0, type: "NORMALIZE_PATH" }] },
    });
    expect(rule.statement.andStatement.statements[1]).to.deep.equal({
      notStatement: { statement: { orStatement: { statements: [match("EXACTLY", "/api/uploads"), match("STARTS_WITH", "/api/uploads/")] } } },
    });
  });

  it("GIVEN logRetentionDays 30 THEN the WAF log group aws-waf-logs-credlink-prod keeps 30 days, encrypted with its own key", () => {
    const group = rec.one("aws:cloudwatch/logGroup:LogGroup", "credlink-prod-waf-logs");
    expect(group.inputs).to.deep.equal({ name: "aws-waf-logs-credlink-prod", retentionInDays: 30, kmsKeyId: rec.one("aws:kms/key:Key", "credlink-prod-waf-logs").state.arn });
    expect(outputs.wafLogGroupName).to.equal("aws-waf-logs-credlink-prod");
  });

  it("GIVEN blockedRequestsAlarmThreshold 50 THEN the blocked-spike alarm fires above 50 and notifies the notify topic", () => {
    const alarm = rec.one("aws:cloudwatch/metricAlarm:MetricAlarm", "credlink-prod-waf-blocked-spike").inputs;
    expect([alarm.threshold, alarm.alarmActions]).to.deep.equal([50, [outputs.notifyTopicArn]]);
  });

  it("WHEN it runs THEN the web ACL is associated with the stack's load balancer", () => {
    expect(rec.one("aws:wafv2/webAclAssociation:WebAclAssociation").inputs.resourceArn).to.equal(rec.one("aws:lb/loadBalancer:LoadBalancer").state.arn);
    expect(outputs.webAclArn).to.equal(rec.one("aws:wafv2/webAcl:WebAcl").state.arn);
  });

  it("GIVEN account.baseline THEN the singletons exist once per region (prod's and its DR region's), scanning the service's repository and activating the provider's cost tags", () => {
    expect(SINGLETONS.map((t) => rec.ofType(t).length)).to.deep.equal([2, 2, 2, 2, 4, 1, 1]);
    const filter = rec.one("aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration", "credlink-account-registry-scanning").inputs.rules[0].repositoryFilters;
    // Every stack's repository (`credlink-<stack>`), not this stack's only: ENHANCED scanning skips what no filter names.
    expect(filter).to.deep.equal([{ filter: "credlink-*", filterType: "WILDCARD" }]);
    const cfg = parseStackConfig(stackConfig("prod"), "credlink", "prod");
    const tagKeys = rec.ofType("aws:costexplorer/costAllocationTag:CostAllocationTag").map((t) => t.inputs.tagKey);
    expect(tagKeys).to.deep.equal(["Project", "Environment", "CostCenter", "Stack"]);
    expect(Object.keys(defaultTags(cfg))).to.include.members(tagKeys);
  });

  it("GIVEN account.baseline THEN GuardDuty findings page (>= 7) and notify (< 7) through the stack's own topics", () => {
    // The baseline's targets (the restore tests' result targets belong to credlink:recovery:RestoreTesting).
    // (The DR region's forwarding rule sends to the primary's bus, where these match: tests/account-baseline.test.ts.)
    const targets = rec.ofType("aws:cloudwatch/eventTarget:EventTarget").filter((t) => t.parent?.includes("credlink:account:Baseline") && !t.name.includes("-dr-")).map((t) => [t.name, t.inputs.arn]);
    expect(targets).to.deep.equal([
      ["credlink-account-guardduty-page", outputs.pageTopicArn],
      ["credlink-account-guardduty-notify", outputs.notifyTopicArn],
      ["credlink-account-inspector-critical", outputs.notifyTopicArn],
    ]);
  });

  it("GIVEN account.securityHub THEN Security Hub and the FSBP standard are created", () => {
    expect(rec.ofType("aws:securityhub/standardsSubscription:StandardsSubscription").map((s) => s.inputs.standardsArn)).to.deep.equal([
      "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0",
    ]);
  });

  it("GIVEN allowedCidrs [0.0.0.0/0, 192.0.2.0/24] THEN 443 and 80 admit both, the world's rules keeping their names", () => {
    const alb = rec.one("aws:ec2/securityGroup:SecurityGroup", "credlink-prod-alb").id;
    expect(rec.ofType(INGRESS).filter((r) => r.inputs.securityGroupId === alb).map((r) => [r.name, r.inputs.fromPort, r.inputs.cidrIpv4])).to.deep.equal([
      ["credlink-prod-alb-https", 443, "0.0.0.0/0"],
      ["credlink-prod-alb-http", 80, "0.0.0.0/0"],
      ["credlink-prod-alb-https-192-0-2-0-24", 443, "192.0.2.0/24"],
      ["credlink-prod-alb-http-192-0-2-0-24", 80, "192.0.2.0/24"],
    ]);
  });

  it("WHEN it runs THEN the task execution role may pull GuardDuty's Fargate agent from its us-east-1 repository, and nothing else", () => {
    const policy = rec.one("aws:iam/rolePolicy:RolePolicy", "credlink-prod-guardduty-agent").inputs;
    expect(policy.role).to.equal(rec.one("aws:iam/role:Role", "credlink-prod-execution").state.name);
    expect(JSON.parse(policy.policy)).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "PullTheGuardDutyAgent",
          Effect: "Allow",
          Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
          Resource: "arn:aws:ecr:us-east-1:593207742271:repository/aws-guardduty-agent-fargate",
        },
      ],
    });
  });

  it("WHEN planned THEN the account-baseline section says this stack owns the singletons and lists them", async () => {
    const { sections } = await accountBaseline({ stack: "prod", region: "us-east-1", recorder: rec, resources: [], outputs });
    expect(sections[0].rows).to.deep.equal([
      ["owner", "yes", "the dev stack must set credlink:account.baseline: false if it shares this account"],
      ["GuardDuty", "credlink-account", "RUNTIME_MONITORING ENABLED; ECS_FARGATE_AGENT_MANAGEMENT ENABLED; findings: guardduty page, guardduty notify; in the DR region, to its own topics: guardduty page, guardduty notify"],
      ["Inspector + ECR", "ENHANCED", "CONTINUOUS_SCAN for credlink-*; critical findings notify"],
      ["cost allocation tags", "Active", "Project, Environment, CostCenter, Stack"],
      ["Backup opt-in", "2 region(s)", "RDS and S3 (every documented type) opted in to AWS Backup in each region with a vault"],
      ["Security Hub", "on", "AWS Foundational Security Best Practices when on (credlink:account.securityHub)"],
      [
        "CloudTrail",
        "credlink-prod-audit",
        "multi-region, log file validation, KMS key, Object Lock COMPLIANCE 400 days, logs kept 500 days, data events: Proof object reads and writes; Replica object writes other than replication",
      ],
      ["tamper alerts", "15 rules", "page on key, proof-bucket, IAM, root, trail, backup, GuardDuty and alerting tampering, in 2 region(s) (docs/runbooks/audit-*.md)"],
    ]);
  });

  it("GIVEN audit logRetentionDays 500 and objectLockRetentionDays 400 COMPLIANCE THEN the trail bucket expires logs after 500 days and locks each for 400", () => {
    const lock = rec.one("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration", "credlink-prod-audit");
    expect(lock.inputs.rule).to.deep.equal({ defaultRetention: { mode: "COMPLIANCE", days: 400 } });
    const lifecycle = rec.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "credlink-prod-audit");
    expect(lifecycle.inputs.rules.map((r: any) => [r.id, r.expiration?.days])).to.deep.equal([["expire-trail-logs", 500]]);
  });

  it("GIVEN audit dataEventReads THEN the trail records the proof bucket's object reads as well as its writes", () => {
    const trail = rec.one("aws:cloudtrail/trail:Trail", "credlink-prod-audit").inputs;
    // No readOnly selector: reads and writes alike.
    expect(trail.advancedEventSelectors[1]).to.deep.equal({
      name: "Proof object reads and writes",
      fieldSelectors: [
        { field: "eventCategory", equals: ["Data"] },
        { field: "resources.type", equals: ["AWS::S3::Object"] },
        { field: "resources.ARN", startsWiths: [`${rec.one("aws:s3/bucket:Bucket", "credlink-prod-proofs").state.arn}/`] },
      ],
    });
  });

  it("WHEN it runs THEN no two resources share a URN", () => {
    expect(rec.duplicateUrns()).to.deep.equal([]);
  });
});

describe("the plan's account-baseline section in a stack that doesn't own the baseline", () => {
  it("GIVEN no detector THEN it says another stack owns the singletons", async () => {
    const recorder = { ofType: () => [] } as unknown as Recorder;
    const { sections } = await accountBaseline({ stack: "dev", region: "us-east-1", recorder, resources: [], outputs: {} });
    expect(sections[0].rows).to.deep.equal([["owner", "no", "another stack in this account owns the baseline (credlink:account.baseline: true there; prod by default)"]]);
  });
});

describe("GuardDutyAgentAccess", () => {
  it("GIVEN a region without a known agent repository THEN no policy is made and a warning says what to add", async () => {
    const { recorder, result } = await runComponent(() => new GuardDutyAgentAccess("credlink-x-guardduty-agent", { region: "ap-east-2", executionRoleArn: "arn:aws:iam::123456789012:role/x" }));
    expect(recorder.ofType("aws:iam/rolePolicy:RolePolicy")).to.deep.equal([]);
    expect(result.warnings).to.deep.equal([
      "credlink-x-guardduty-agent: no GuardDuty Fargate agent repository is known for ap-east-2: add it to GUARDDUTY_AGENT_ACCOUNTS (components/account/guardduty-agent.ts), or GuardDuty's agent can't start in the tasks",
    ]);
  });
});

describe("edge and account config", () => {
  it("GIVEN prod with edge.waf.enabled false THEN it is rejected: prod always has the WAF", () => {
    expect(problemsFor("prod", { "credlink:edge": { waf: { enabled: false } } })).to.deep.equal([
      "credlink:edge.waf.enabled must be true in prod with credlink:edge.provider aws: the internet-facing load balancer always has the WAF in front of it, got false",
    ]);
  });

  it("GIVEN a rate limit of 99 and a 90 s window THEN both are rejected; 100 and 60 are accepted", () => {
    expect(problemsFor("prod", { "credlink:edge": { waf: { rateLimit: 99, rateWindowSec: 90 } } })).to.deep.equal([
      "credlink:edge.waf.rateLimit must be an integer from 100 to 2000000000 (requests per client IP per window), got 99",
      "credlink:edge.waf.rateWindowSec must be one of 60, 120, 300, 600 (the windows WAF accepts), got 90",
    ]);
    expect(() => parseStackConfig(stackConfig("prod", { "credlink:edge": { waf: { rateLimit: 100, rateWindowSec: 60 } } }), "credlink", "prod")).not.to.throw();
  });

  it("GIVEN an upload path without a leading slash THEN it is rejected naming the item", () => {
    expect(problemsFor("dev", { "credlink:edge": { waf: { largeBodyPaths: ["v1/proofs"] } } })).to.deep.equal([
      'credlink:edge.waf.largeBodyPaths item 0 must start with "/", got "v1/proofs"',
    ]);
  });

  it("GIVEN bad allowedCidrs (host bits set, not a CIDR, repeated, empty, not a list) THEN each is rejected naming the key", () => {
    const bad = (cidrs: unknown) => problemsFor("dev", { "credlink:service": { allowedCidrs: cidrs } });
    expect(bad(["10.0.0.1/8"])).to.deep.equal(['credlink:service.allowedCidrs item 0 must be an IPv4 CIDR block with no host bits set, like "203.0.113.0/24", got "10.0.0.1/8"']);
    expect(bad(["10.0.0.0/8", "office"])).to.deep.equal(['credlink:service.allowedCidrs item 1 must be an IPv4 CIDR block with no host bits set, like "203.0.113.0/24", got "office"']);
    expect(bad(["10.0.0.0/8", "10.0.0.0/8"])).to.deep.equal(['credlink:service.allowedCidrs must not repeat a block (EC2 refuses a duplicate rule), got "10.0.0.0/8" twice']);
    expect(bad([])).to.deep.equal(["credlink:service.allowedCidrs must list at least one IPv4 CIDR block (nothing could reach the load balancer), got none"]);
    expect(bad("10.0.0.0/8")).to.deep.equal(['credlink:service.allowedCidrs must be a list of IPv4 CIDR blocks like "203.0.113.0/24", got "10.0.0.0/8"']);
    // Dev's allowlist leaves room for the two rules CI adds for its runner (tests/cicd-runner-ingress.test.ts): 29.
    const thirty = Array.from({ length: 30 }, (_, i) => `10.0.${i}.0/24`);
    expect(() => parseStackConfig(stackConfig("dev", { "credlink:service": { allowedCidrs: thirty.slice(0, 29) } }), "credlink", "dev")).not.to.throw();
    expect(bad(thirty)).to.have.length(1);
    expect(bad(thirty)[0]).to.match(/^credlink:service\.allowedCidrs must list at most 29 CIDR blocks when the load balancer admits an allowlist/);
    expect(bad([...thirty, "10.0.30.0/24"])).to.deep.equal(["credlink:service.allowedCidrs must list at most 30 CIDR blocks (two inbound rules each, 60 per security group), got 31"]);
  });

  it("GIVEN Security Hub on in a stack that doesn't own the baseline THEN it is rejected", () => {
    expect(problemsFor("dev", { "credlink:account": { baseline: false, securityHub: true }, "credlink:audit": undefined })).to.deep.equal([
      "credlink:account.securityHub needs credlink:account.baseline true: Security Hub is an account-level singleton, owned by the stack that owns the baseline, got true",
    ]);
  });

  it("GIVEN dev with no WAF and the world allowed THEN the config warns that the load balancer is open with no WAF", () => {
    const cfg = parseStackConfig(stackConfig("dev", { "credlink:service": { allowedCidrs: ["0.0.0.0/0"] } }), "credlink", "dev");
    expect(cfg.warnings).to.include("credlink:edge.waf.enabled is false and credlink:service.allowedCidrs admits 0.0.0.0/0: the load balancer is open to the internet with no WAF");
  });
});
