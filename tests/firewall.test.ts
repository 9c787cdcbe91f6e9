/**
 * The WAF (credlink:edge:Firewall): the web ACL's rules, priorities, overrides and scope-down for proof uploads; the
 * association; the encrypted log group and the logging configuration with its redactions and filter; the alarm.
 */
import { expect } from "chai";
import { Firewall, FirewallArgs, resolveFirewallArgs, uploadPathStatements, uploadRateLimit, validateFirewallArgs } from "../components/edge/firewall";
import { Recorder } from "../tools/offline/mocks";
import { runComponent } from "../tools/offline/program";

const ACL = "aws:wafv2/webAcl:WebAcl";
const LOGGING = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration";
const ALB_ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/credlink-prod/50dc6c495c0c9188";
const TOPIC = "arn:aws:sns:us-east-1:123456789012:credlink-prod-notify";
const KEY = "arn:aws:kms:us-east-1:123456789012:key/1111aaaa-2222-4bbb-8ccc-333333333333";

const visibility = (metricName: string) => ({ cloudwatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });
const managed = (name: string, priority: number, extra: Record<string, unknown> = {}) => ({
  name,
  priority,
  overrideAction: { none: {} },
  statement: { managedRuleGroupStatement: { vendorName: "AWS", name, ...extra } },
  visibilityConfig: visibility(`credlink-prod-${name}`),
});
/** A match on the normalised path (NORMALIZE_PATH: no `//`, `.` or `..` tricks). */
const pathMatch = (positionalConstraint: string, path: string) => ({
  byteMatchStatement: { fieldToMatch: { uriPath: {} }, positionalConstraint, searchString: path, textTransformations: [{ priority: 0, type: "NORMALIZE_PATH" }] },
});
/** An upload path exactly, or below it: never `/v1/proofsX` (old: a bare STARTS_WITH "/v1/proofs", no transformation). */
const uploadPath = (path: string) => [pathMatch("EXACTLY", path), pathMatch("STARTS_WITH", `${path}/`)];

describe("Firewall", () => {
  describe("GIVEN two upload paths, a 2000/120 s rate limit and a notify topic", () => {
    let rec: Recorder;
    before(async () => {
      ({ recorder: rec } = await runComponent(
        () =>
          new Firewall("credlink-prod", {
            loadBalancerArn: ALB_ARN,
            rateLimit: 2000,
            rateWindowSec: 120,
            largeBodyPaths: ["/v1/proofs", "/v1/batches"],
            logRetentionDays: 90,
            blockedRequestsAlarmThreshold: 250,
            alarmTopicArn: TOPIC,
          }),
        { stack: "prod" },
      ));
    });

    it("WHEN built THEN the ACL is REGIONAL, allows by default, and runs IP reputation, the rate limit, the upload rate limit, the core rule set with SizeRestrictions_BODY counted, the upload-path block, known bad inputs and SQLi, in that order", () => {
      expect(rec.one(ACL).inputs).to.deep.equal({
        name: "credlink-prod",
        description: "CredLink credlink-prod: managed rule groups and a per-IP rate limit in front of the load balancer",
        scope: "REGIONAL",
        defaultAction: { allow: {} },
        visibilityConfig: visibility("credlink-prod"),
        rules: [
          managed("AWSManagedRulesAmazonIpReputationList", 0),
          {
            name: "rate-limit-per-ip",
            priority: 1,
            action: { block: {} },
            statement: { rateBasedStatement: { aggregateKeyType: "IP", limit: 2000, evaluationWindowSec: 120 } },
            visibilityConfig: visibility("credlink-prod-rate-limit-per-ip"),
          },
          {
            // Old: none; uploads shared the general limit.
            name: "upload-rate-limit-per-ip",
            priority: 2,
            action: { block: {} },
            statement: {
              rateBasedStatement: {
                aggregateKeyType: "IP",
                limit: 200,
                evaluationWindowSec: 120,
                scopeDownStatement: { orStatement: { statements: [...uploadPath("/v1/proofs"), ...uploadPath("/v1/batches")] } },
              },
            },
            visibilityConfig: visibility("credlink-prod-upload-rate-limit-per-ip"),
          },
          managed("AWSManagedRulesCommonRuleSet", 3, { ruleActionOverrides: [{ name: "SizeRestrictions_BODY", actionToUse: { count: {} } }] }),
          {
            name: "large-body-outside-upload-paths",
            priority: 4,
            action: { block: {} },
            statement: {
              andStatement: {
                statements: [
                  { labelMatchStatement: { scope: "LABEL", key: "awswaf:managed:aws:core-rule-set:SizeRestrictions_Body" } },
                  { notStatement: { statement: { orStatement: { statements: [...uploadPath("/v1/proofs"), ...uploadPath("/v1/batches")] } } } },
                ],
              },
            },
            visibilityConfig: visibility("credlink-prod-large-body-outside-upload-paths"),
          },
          managed("AWSManagedRulesKnownBadInputsRuleSet", 5),
          managed("AWSManagedRulesSQLiRuleSet", 6),
        ],
      });
    });

    it("WHEN built THEN the ACL is associated with the load balancer", () => {
      expect(rec.one("aws:wafv2/webAclAssociation:WebAclAssociation").inputs).to.deep.equal({ resourceArn: ALB_ARN, webAclArn: rec.one(ACL).state.arn });
    });

    it("WHEN built THEN the logs go to aws-waf-logs-<name>, kept 90 days, encrypted with a key only CloudWatch Logs may use for that group", () => {
      const key = rec.one("aws:kms/key:Key");
      expect(rec.one("aws:cloudwatch/logGroup:LogGroup").inputs).to.deep.equal({ name: "aws-waf-logs-credlink-prod", retentionInDays: 90, kmsKeyId: key.state.arn });
      const policy = JSON.parse(key.inputs.policy);
      expect(policy.Statement[1]).to.deep.equal({
        Sid: "AllowCloudWatchLogsForThisLogGroup",
        Effect: "Allow",
        Principal: { Service: "logs.us-east-1.amazonaws.com" },
        Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        Resource: "*",
        Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-credlink-prod" } },
      });
      expect(policy.Statement).to.have.length(2);
    });

    it("WHEN built THEN logging redacts the authorization, cookie and API-key headers and the query string, and keeps only BLOCK and COUNT requests", () => {
      expect(rec.one(LOGGING).inputs).to.deep.equal({
        resourceArn: rec.one(ACL).state.arn,
        logDestinationConfigs: ["arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-credlink-prod"],
        // Old: authorization and cookie only; an API key in a header or a token in the query string reached the logs.
        redactedFields: [{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "cookie" } }, { singleHeader: { name: "x-api-key" } }, { queryString: {} }],
        loggingFilter: {
          defaultBehavior: "DROP",
          filters: [{ behavior: "KEEP", requirement: "MEETS_ANY", conditions: [{ actionCondition: { action: "BLOCK" } }, { actionCondition: { action: "COUNT" } }] }],
        },
      });
    });

    it("WHEN built THEN more than 250 blocked requests in 5 minutes notify (and the recovery too)", () => {
      expect(rec.one("aws:cloudwatch/metricAlarm:MetricAlarm").inputs).to.deep.equal({
        name: "credlink-prod-waf-blocked-spike",
        alarmDescription:
          "More than 250 requests blocked by the web ACL credlink-prod in 5 minutes: an attack, or a rule blocking real users (check the WAF logs in aws-waf-logs-credlink-prod).",
        namespace: "AWS/WAFV2",
        metricName: "BlockedRequests",
        dimensions: { WebACL: "credlink-prod", Rule: "ALL", Region: "us-east-1" },
        statistic: "Sum",
        period: 300,
        evaluationPeriods: 1,
        threshold: 250,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
        alarmActions: [TOPIC],
        okActions: [TOPIC],
      });
    });

    it("WHEN built THEN it is exactly an ACL, an association, a logging configuration, a log group, a key with its alias and an alarm, all its children", () => {
      const component = rec.one("credlink:edge:Firewall");
      expect(rec.all.filter((r) => r.custom).map((r) => r.type).sort()).to.deep.equal(
        [ACL, "aws:wafv2/webAclAssociation:WebAclAssociation", LOGGING, "aws:cloudwatch/logGroup:LogGroup", "aws:kms/key:Key", "aws:kms/alias:Alias", "aws:cloudwatch/metricAlarm:MetricAlarm"].sort(),
      );
      expect(rec.all.filter((r) => r.custom).every((r) => r.parent === component.urn)).to.equal(true);
    });
  });

  describe("GIVEN no upload paths and a caller's key", () => {
    let rec: Recorder;
    before(async () => {
      ({ recorder: rec } = await runComponent(() => new Firewall("credlink-dev", { loadBalancerArn: ALB_ARN, alarmTopicArn: TOPIC, kmsKeyArn: KEY })));
    });

    it("WHEN built THEN SizeRestrictions_BODY keeps blocking (no override, no extra rule) and the defaults apply: 1000 per 300 s", () => {
      const rules = rec.one(ACL).inputs.rules;
      expect(rules.map((r: any) => [r.priority, r.name])).to.deep.equal([
        [0, "AWSManagedRulesAmazonIpReputationList"],
        [1, "rate-limit-per-ip"],
        [3, "AWSManagedRulesCommonRuleSet"],
        [5, "AWSManagedRulesKnownBadInputsRuleSet"],
        [6, "AWSManagedRulesSQLiRuleSet"],
      ]);
      expect(rules[2].statement).to.deep.equal({ managedRuleGroupStatement: { vendorName: "AWS", name: "AWSManagedRulesCommonRuleSet" } });
      expect(rules[1].statement.rateBasedStatement).to.deep.equal({ aggregateKeyType: "IP", limit: 1000, evaluationWindowSec: 300 });
    });

    it("WHEN built THEN no key is created and the log group (30 days) uses the caller's", () => {
      expect(rec.ofType("aws:kms/key:Key")).to.deep.equal([]);
      expect(rec.one("aws:cloudwatch/logGroup:LogGroup").inputs).to.deep.equal({ name: "aws-waf-logs-credlink-dev", retentionInDays: 30, kmsKeyId: KEY });
    });
  });

  describe("validation", () => {
    const check = (args: Partial<FirewallArgs>) => () => validateFirewallArgs(resolveFirewallArgs("credlink-prod", { loadBalancerArn: "", alarmTopicArn: "", ...args }));

    it("GIVEN rateLimit 99 THEN it is rejected naming rateLimit; 100 is accepted", () => {
      expect(check({ rateLimit: 99 })).to.throw(/^rateLimit must be an integer from 100 to 2000000000 \(requests per client IP per window\), got 99$/);
      expect(check({ rateLimit: 100 })).not.to.throw();
      expect(check({ rateLimit: 2_000_000_000 })).not.to.throw();
      expect(check({ rateLimit: 2_000_000_001 })).to.throw(/^rateLimit/);
    });

    it("GIVEN rateWindowSec 90 THEN it is rejected, listing 60, 120, 300, 600", () => {
      expect(check({ rateWindowSec: 90 as 60 })).to.throw(/^rateWindowSec must be one of 60, 120, 300, 600 \(the windows WAF accepts\), got 90$/);
      expect(check({ rateWindowSec: 600 })).not.to.throw();
    });

    it('GIVEN a log group name without the "aws-waf-logs-" prefix THEN it is rejected; with it, accepted', () => {
      expect(check({ logGroupName: "waf-logs-credlink-prod" })).to.throw(/^logGroupName must start with "aws-waf-logs-" \(AWS WAF refuses any other log destination\), got "waf-logs-credlink-prod"$/);
      expect(check({ logGroupName: "aws-waf-logs-credlink-prod" })).not.to.throw();
      expect(check({ logGroupName: `aws-waf-logs-${"x".repeat(499)}` })).not.to.throw();
      expect(check({ logGroupName: `aws-waf-logs-${"x".repeat(500)}` })).to.throw(/^logGroupName must be 1-512/);
    });

    it("GIVEN upload paths without a leading slash, with a query string, over 200 bytes or repeated THEN each is rejected naming the index", () => {
      expect(check({ largeBodyPaths: ["v1/proofs"] })).to.throw(/^largeBodyPaths item 0 must start with "\/"/);
      expect(check({ largeBodyPaths: ["/ok", "/v1/proofs?x=1"] })).to.throw(/^largeBodyPaths item 1 must be a URI path/);
      // 200 bytes is a search string WAF takes, but the "/" the rules append makes 201.
      expect(check({ largeBodyPaths: [`/${"a".repeat(199)}`] })).to.throw(/^largeBodyPaths item 0 must be at most 199 bytes/);
      expect(check({ largeBodyPaths: [`/${"a".repeat(198)}`] })).not.to.throw();
      expect(check({ largeBodyPaths: ["/a", "/a"] })).to.throw(/^largeBodyPaths must not repeat a path, got "\/a" twice$/);
    });

    it("GIVEN the general rate limit THEN the upload limit is a tenth of it, never below WAF's minimum of 10", () => {
      expect([100, 109, 110, 1000, 2_000_000_000].map(uploadRateLimit)).to.deep.equal([10, 10, 11, 100, 200_000_000]);
    });

    it("GIVEN an upload path THEN the normalised path matches exactly it or below it, never a longer name (the old prefix matched /v1/proofsX)", () => {
      const statements = uploadPathStatements(["/v1/proofs"]).map((s: any) => s.byteMatchStatement);
      const matches = (path: string) => statements.some((b) => (b.positionalConstraint === "EXACTLY" ? path === b.searchString : path.startsWith(b.searchString)));
      expect(["/v1/proofs", "/v1/proofs/", "/v1/proofs/abc", "/v1/proofsX", "/v1/proof"].map(matches)).to.deep.equal([true, true, true, false, false]);
      expect(statements.every((b) => b.textTransformations[0].type === "NORMALIZE_PATH")).to.equal(true);
      // A path given with its slash matches below it only.
      expect(uploadPathStatements(["/v1/uploads/"]).map((s: any) => [s.byteMatchStatement.positionalConstraint, s.byteMatchStatement.searchString])).to.deep.equal([["STARTS_WITH", "/v1/uploads/"]]);
    });

    it("GIVEN a log retention CloudWatch does not offer THEN it is rejected naming logRetentionDays", () => {
      expect(check({ logRetentionDays: 45 })).to.throw(/^logRetentionDays must be one of/);
    });
  });
});
