/** The WAF policies (policy/policies/waf.ts) and the GuardDuty policy (policy/policies/threat-detection.ts). */
import { firewallRules } from "../../components/edge/firewall";
import { T } from "../../policy/lib/types";
import * as td from "../../policy/policies/threat-detection";
import * as waf from "../../policy/policies/waf";
import { urnOf } from "../../tools/offline/policy";
import { resourceCases, stackCases } from "./cases";
import { good, res } from "./fixtures";

const LOG_GROUP_ARN = "arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-credlink-prod";
const logging = { resourceArn: "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/credlink-prod/1", logDestinationConfigs: [LOG_GROUP_ARN], redactedFields: [{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "cookie" } }] };
// The rules credlink:edge:Firewall builds, with and without upload paths.
const withUploads = { ...good.webAcl, rules: firewallRules("credlink-prod", { rateLimit: 1000, rateWindowSec: 300, largeBodyPaths: ["/v1/proofs"] }) };
const DETECTOR = "aws:guardduty/detectorFeature:DetectorFeature";

describe("WAF policies", () => {
  resourceCases(waf.wafLogsRedactCredentials, {
    pass: [{ title: "authorization and cookie redacted (any case)", resource: res(T.webAclLogging, { ...logging, redactedFields: [{ singleHeader: { name: "Authorization" } }, { singleHeader: { name: "cookie" } }] }) }],
    fail: [
      { title: "no redaction", resource: res(T.webAclLogging, { ...logging, redactedFields: undefined }), expect: /authorization, cookie/ },
      { title: "only authorization redacted", resource: res(T.webAclLogging, { ...logging, redactedFields: [{ singleHeader: { name: "authorization" } }] }), expect: /header\(s\) cookie \(singleHeader\)$/ },
    ],
  });
  resourceCases(waf.wafLogDestinationPrefixed, {
    pass: [
      { title: "an aws-waf-logs- log group", resource: res(T.webAclLogging, logging) },
      { title: "an aws-waf-logs- bucket", resource: res(T.webAclLogging, { ...logging, logDestinationConfigs: ["arn:aws:s3:::aws-waf-logs-credlink"] }) },
    ],
    fail: [
      { title: "a log group without the prefix", resource: res(T.webAclLogging, { ...logging, logDestinationConfigs: ["arn:aws:logs:us-east-1:123456789012:log-group:credlink-prod-waf"] }), expect: /"credlink-prod-waf" must start with "aws-waf-logs-"/ },
      { title: "a Firehose stream without the prefix", resource: res(T.webAclLogging, { ...logging, logDestinationConfigs: ["arn:aws:firehose:us-east-1:123456789012:deliverystream/waf"] }), expect: /"waf" must start/ },
    ],
  });
  resourceCases(waf.wafRateLimited, {
    pass: [
      { title: "the fixture's blocking rate rule", resource: res(T.webAcl, good.webAcl) },
      { title: "the Firewall's rules", resource: res(T.webAcl, withUploads) },
    ],
    fail: [
      { title: "no rate-based rule", resource: res(T.webAcl, { ...good.webAcl, rules: good.webAcl.rules.filter((r) => r.name !== "rate") }), expect: /rateBasedStatement/ },
      { title: "a rate rule that only counts", resource: res(T.webAcl, { ...good.webAcl, rules: good.webAcl.rules.map((r) => (r.name === "rate" ? { ...r, action: { count: {} } } : r)) }), expect: /rate must block/ },
    ],
  });
  const counted = withUploads.rules.filter((r: any) => r.name !== "large-body-outside-upload-paths");
  resourceCases(waf.wafBodySizeStillEnforced, {
    pass: [
      { title: "SizeRestrictions_BODY counted, and a later rule blocking its label outside the upload paths", resource: res(T.webAcl, withUploads) },
      { title: "the core rule set without overrides", resource: res(T.webAcl, good.webAcl) },
    ],
    fail: [
      { title: "SizeRestrictions_BODY counted with nothing blocking its label", resource: res(T.webAcl, { ...withUploads, rules: counted }), expect: /every path accepts bodies WAF cannot inspect/ },
      {
        title: "the label block placed before the core rule set (no label yet)",
        resource: res(T.webAcl, { ...withUploads, rules: withUploads.rules.map((r: any) => (r.name === "large-body-outside-upload-paths" ? { ...r, priority: 1.5 } : r)) }),
        expect: /no later rule/,
      },
    ],
  });
});

describe("threat detection policies", () => {
  const detector = { type: T.guardDuty, name: "credlink-account", urn: urnOf(T.guardDuty, "credlink-account"), props: { enable: true, id: "d-1" } };
  const feature = (props: Record<string, unknown>) => ({
    type: DETECTOR,
    name: "credlink-account-runtime-monitoring",
    props: { detectorId: "d-1", name: "RUNTIME_MONITORING", status: "ENABLED", additionalConfigurations: [{ name: "ECS_FARGATE_AGENT_MANAGEMENT", status: "ENABLED" }], ...props },
    propertyDependencies: { detectorId: [detector.urn] },
  });
  stackCases(td.guardDutyRuntimeMonitoring, {
    pass: [
      { title: "a detector with runtime monitoring and the Fargate agent (prod: required)", stack: [detector, feature({})], config: { requireDetector: true } },
      { title: "no detector in a stack that doesn't own the baseline (dev)", stack: [], config: { requireDetector: false } },
    ],
    fail: [
      { title: "no detector in the stack that owns the baseline", stack: [], config: { requireDetector: true }, expect: /creates no aws.guardduty.Detector/ },
      { title: "a detector without runtime monitoring", stack: [detector], expect: /RUNTIME_MONITORING with status ENABLED/ },
      { title: "runtime monitoring without the Fargate agent", stack: [detector, feature({ additionalConfigurations: [{ name: "ECS_FARGATE_AGENT_MANAGEMENT", status: "DISABLED" }] })], expect: /ECS_FARGATE_AGENT_MANAGEMENT ENABLED/ },
      { title: "a suspended detector", stack: [{ ...detector, props: { ...detector.props, enable: false } }, feature({})], expect: /enable must not be false/ },
    ],
  });
});
