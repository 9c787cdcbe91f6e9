/**
 * The controls this program relies on that no checkov or trivy check covers (POLICY-COVERAGE.md's last section), and
 * the designed policies tightened against their near misses: for each, compliant and broken synthetic resources, run
 * the way the analyzer server runs them. tests/policy/controls-mutations.test.ts breaks the committed program instead.
 */
import * as assert from "node:assert/strict";
import { firewallRules } from "../../components/edge/firewall";
import { isAccountScopedArn, isExactArn, isWildcardResource, pinsCaller } from "../../policy/lib/pins";
import { T } from "../../policy/lib/types";
import * as access from "../../policy/policies/access";
import * as edge from "../../policy/policies/edge";
import * as exp from "../../policy/policies/exposure";
import * as id from "../../policy/policies/identity";
import * as log from "../../policy/policies/logging";
import * as net from "../../policy/policies/network";
import * as ops from "../../policy/policies/operations";
import * as rec from "../../policy/policies/recovery";
import { awsProvider, StackResourceSpec, urnOf, wireProps } from "../../tools/offline/policy";
import { resourceCases, stackCases } from "./cases";
import { bucketStack, good, res, ROLE } from "./fixtures";

const ACCOUNT = "123456789012";
const doc = (...Statement: Record<string, any>[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const east = awsProvider();
const west = { ...east, name: "aws-us-west-2", urn: urnOf("pulumi:providers:aws", "aws-us-west-2"), props: wireProps({ region: "us-west-2" }) };

describe("pins and wildcard resources (policy/lib/pins.ts)", () => {
  it("GIVEN exact ARNs and patterns THEN only the ones without a wildcard are exact", () => {
    assert.deepEqual(
      ["arn:aws:iam::123456789012:role/ci", "arn:aws:iam::*:role/ci", "arn:aws:sns:*:*:t", "arn:aws:s3:::b", "arn:aws:cloudwatch:us-east-1:123456789012:alarm:*", "123456789012"].map(isExactArn),
      [true, false, false, true, false, false],
    );
  });

  it("GIVEN ARNs THEN account-scoped means literal partition, service, region and a 12-digit (or empty) account", () => {
    assert.deepEqual(
      ["arn:aws:fis:us-east-1:123456789012:experiment/*", "arn:aws:fis:*:123456789012:experiment/*", "arn:aws:fis:us-east-1:*:experiment/*", "arn:aws:s3:::bucket", "arn:aws:ecs:us-east-1:12345:*"].map(isAccountScopedArn),
      [true, false, false, true, false],
    );
  });

  it("GIVEN resources THEN '*' in any form is a wildcard and a name prefix is not", () => {
    const wild = ["*", "arn:aws:s3:::*", "arn:aws:kms:*:*:key/*", "arn:aws:logs:*:*:*", "arn:aws:secretsmanager:us-east-1:123456789012:secret:*", "arn:aws:sns:us-east-1:*:alerts"];
    const named = ["arn:aws:s3:::credlink-prod-*", "arn:aws:s3:::b/*", "arn:aws:secretsmanager:us-east-1:123456789012:secret:credlink-prod-cache-*", "arn:aws:logs:us-east-1:123456789012:log-group:/credlink/*", "arn:aws:kms:us-east-1:123456789012:key/1111"];
    assert.deepEqual([wild.map(isWildcardResource), named.map(isWildcardResource)], [wild.map(() => true), named.map(() => false)]);
  });

  it("GIVEN conditions THEN a pin is an exact account, ARN or organization under a restricting operator; a pattern never is", () => {
    const cases: [unknown, boolean][] = [
      [{ StringEquals: { "aws:SourceAccount": ACCOUNT } }, true],
      [{ ArnEquals: { "aws:SourceArn": "arn:aws:s3:::source" } }, true],
      [{ StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } }, true],
      [{ ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/x" } }, false],
      [{ ArnLike: { "aws:SourceArn": "arn:aws:sns:*:*:t" } }, false],
      [{ StringLike: { "aws:SourceAccount": "12345678901*" } }, false],
      [{ StringEquals: { "aws:PrincipalOrgID": "o-*" } }, false],
      [{ StringNotEquals: { "aws:SourceAccount": ACCOUNT } }, false],
    ];
    assert.deepEqual(cases.map(([c]) => pinsCaller(c)), cases.map(([, pinned]) => pinned));
  });
});

describe("access controls", () => {
  const trust = (service: string, condition?: Record<string, any>) =>
    res("aws:iam/role:Role", { assumeRolePolicy: doc({ Sid: "Service", Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole", ...(condition ? { Condition: condition } : {}) }) });
  const guard = (arn?: string) => ({ StringEquals: { "aws:SourceAccount": ACCOUNT }, ...(arn ? { ArnLike: { "aws:SourceArn": arn } } : {}) });
  resourceCases(access.serviceRoleConfusedDeputy, {
    pass: [
      { title: "ECS tasks pinned to the account and its ECS ARNs", resource: trust("ecs-tasks.amazonaws.com", guard(`arn:aws:ecs:us-east-1:${ACCOUNT}:*`)) },
      { title: "RDS monitoring pinned to the account and the instance", resource: trust("monitoring.rds.amazonaws.com", guard(`arn:aws:rds:us-east-1:${ACCOUNT}:db:credlink-prod-db`)) },
      { title: "S3 replication pinned to the account and the source bucket (no account in S3 ARNs)", resource: trust("s3.amazonaws.com", guard("arn:aws:s3:::credlink-prod-proofs-1")) },
      { title: "Backup (sends no SourceArn) pinned to the account", resource: trust("backup.amazonaws.com", guard()) },
      { title: "an EC2 instance role (documented exception)", resource: trust("ec2.amazonaws.com") },
      { title: "the ECS infrastructure role (documented exception)", resource: trust("ecs.amazonaws.com") },
      { title: "a role for a federated identity (not a service role)", resource: res("aws:iam/role:Role", { assumeRolePolicy: doc({ Effect: "Allow", Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }, Action: "sts:AssumeRoleWithWebIdentity" }) }) },
    ],
    fail: [
      { title: "Backup with no condition", resource: trust("backup.amazonaws.com"), expect: /^assumeRolePolicy: statement Service for backup\.amazonaws\.com must pin aws:SourceAccount .* \(got none\)$/ },
      { title: "ECS tasks with the account only", resource: trust("ecs-tasks.amazonaws.com", guard()), expect: /must also pin aws:SourceArn: ecs-tasks\.amazonaws\.com sends it/ },
      { title: "RDS monitoring with the account only", resource: trust("monitoring.rds.amazonaws.com", guard()), expect: /must also pin aws:SourceArn/ },
      { title: "the account as a pattern (StringLike '*')", resource: trust("fis.amazonaws.com", { StringLike: { "aws:SourceAccount": "*" }, ArnLike: { "aws:SourceArn": `arn:aws:fis:us-east-1:${ACCOUNT}:experiment/*` } }), expect: /must pin aws:SourceAccount/ },
      { title: "a SourceArn in any account", resource: trust("fis.amazonaws.com", guard("arn:aws:fis:us-east-1:*:experiment/*")), expect: /aws:SourceArn \["arn:aws:fis:us-east-1:\*:experiment\/\*"\] must be an arn:<partition>:fis:/ },
      { title: "a SourceArn in another account", resource: trust("vpc-flow-logs.amazonaws.com", guard("arn:aws:ec2:us-east-1:999999999999:vpc-flow-log/*")), expect: /of this account \(123456789012\)/ },
      { title: "a SourceArn of another service", resource: trust("ecs-tasks.amazonaws.com", guard(`arn:aws:ec2:us-east-1:${ACCOUNT}:*`)), expect: /arn:<partition>:ecs:/ },
    ],
  });

  const key = (...statements: Record<string, any>[]) => res(T.kmsKey, { ...good.kmsKey, policy: doc(...statements) });
  const root = { AWS: `arn:aws:iam::${ACCOUNT}:root` };
  resourceCases(access.kmsNoFullAccess, {
    pass: [{ title: "administration actions named for the root, use through services", resource: res(T.kmsKey, good.kmsKey) }],
    fail: [
      { title: "kms:* to the account root (AWS's default key policy)", resource: key({ Sid: "Root", Effect: "Allow", Principal: root, Action: "kms:*", Resource: "*" }), expect: /^statement Root allows kms:\* to \{"AWS":"arn:aws:iam::123456789012:root"\}/ },
      { title: "kms:* to a service principal", resource: key({ Sid: "Logs", Effect: "Allow", Principal: { Service: "logs.us-east-1.amazonaws.com" }, Action: ["KMS:*"], Resource: "*" }), expect: /allows KMS:\*/ },
      { title: "Action '*'", resource: key({ Sid: "All", Effect: "Allow", Principal: root, Action: "*", Resource: "*" }), expect: /allows \*/ },
      { title: "NotAction", resource: key({ Sid: "AllBut", Effect: "Allow", Principal: root, NotAction: "kms:ScheduleKeyDeletion", Resource: "*" }), expect: /NotAction/ },
    ],
  });
  resourceCases(access.kmsServicePrincipalActions, {
    pass: [
      { title: "CloudWatch Logs with its five actions", resource: key({ Effect: "Allow", Principal: { Service: "logs.us-west-2.amazonaws.com" }, Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"], Resource: "*" }) },
      { title: "CloudWatch alarms publishing to an encrypted topic", resource: key({ Effect: "Allow", Principal: { Service: "cloudwatch.amazonaws.com" }, Action: ["kms:GenerateDataKey*", "kms:Decrypt"], Resource: "*" }) },
      { title: "fewer actions than allowed (S3 notifications decrypting only)", resource: key({ Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "kms:Decrypt", Resource: "*" }) },
    ],
    fail: [
      { title: "EventBridge given CreateGrant as well", resource: key({ Sid: "Events", Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: ["kms:GenerateDataKey*", "kms:Decrypt", "kms:CreateGrant"], Resource: "*" }), expect: /^statement Events gives events\.amazonaws\.com kms:CreateGrant; it uses only kms:GenerateDataKey\*, kms:Decrypt/ },
      { title: "CloudWatch Logs given kms:*", resource: key({ Effect: "Allow", Principal: { Service: "logs.us-east-1.amazonaws.com" }, Action: "kms:*", Resource: "*" }), expect: /gives logs\.us-east-1\.amazonaws\.com kms:\*/ },
      { title: "a service with no allow-list entry", resource: key({ Sid: "Lambda", Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "kms:Decrypt", Resource: "*" }), expect: /grants lambda\.amazonaws\.com, which has no allow-list entry/ },
    ],
  });

  const task = { type: T.ecsTaskDefinition, name: "api", props: { ...good.taskDefinition, executionRoleArn: ROLE("execution") } };
  const role = { type: "aws:iam/role:Role", name: "execution", urn: urnOf("aws:iam/role:Role", "execution"), props: { name: "execution", arn: ROLE("execution"), assumeRolePolicy: doc() } };
  const rolePolicy = (resource: unknown, action: unknown = "secretsmanager:GetSecretValue"): StackResourceSpec => ({
    type: "aws:iam/rolePolicy:RolePolicy",
    name: "execution-secrets",
    props: { role: "execution", policy: doc({ Sid: "ReadSecrets", Effect: "Allow", Action: action, Resource: resource }) },
    propertyDependencies: { role: [role.urn] },
  });
  const SECRET = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:credlink-prod-cache-auth-token-ada0136-f48737`;
  stackCases(access.executionRoleNamedSecrets, {
    pass: [
      { title: "GetSecretValue on the one secret's ARN", stack: [task, role, rolePolicy([SECRET])] },
      { title: "a task role (not an execution role) reading a prefix", stack: [{ ...task, props: { ...task.props, executionRoleArn: ROLE("other") } }, role, rolePolicy("arn:aws:secretsmanager:us-east-1:123456789012:secret:*")] },
    ],
    fail: [
      { title: "GetSecretValue on '*'", stack: [task, role, rolePolicy("*")], expect: /^execution: the execution role's execution-secrets: statement ReadSecrets allows secretsmanager:GetSecretValue on \*; name the secrets' ARNs$/ },
      { title: "secretsmanager:Get* on every secret of the account", stack: [task, role, rolePolicy(`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:*`, "secretsmanager:Get*")], expect: /secret:\*/ },
      { title: "ssm:GetParameters on every parameter of every account", stack: [task, role, rolePolicy("arn:aws:ssm:*:*:parameter/*", ["ssm:GetParameters"])], expect: /ssm:GetParameters on arn:aws:ssm:\*:\*:parameter\/\*/ },
      {
        title: "SecretsManagerReadWrite attached",
        stack: [task, role, { type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", name: "rw", props: { role: "execution", policyArn: "arn:aws:iam::aws:policy/SecretsManagerReadWrite" }, propertyDependencies: { role: [role.urn] } }],
        expect: /SecretsManagerReadWrite, which reads every secret/,
      },
      { title: "an inline policy reading every secret", stack: [task, { ...role, props: { ...role.props, inlinePolicies: [{ name: "inline", policy: doc({ Effect: "Allow", Action: "secretsmanager:*", Resource: "*" }) }] } }], expect: /inlinePolicies\[0\] \(inline\)/ },
    ],
  });
});

describe("edge controls", () => {
  const acl = (rules: any[], defaultAction: unknown = { allow: {} }) => ({ scope: "REGIONAL", defaultAction, visibilityConfig: good.webAcl.visibilityConfig, rules });
  const firewall = firewallRules("credlink-prod", { rateLimit: 1000, rateWindowSec: 300, largeBodyPaths: ["/v1/proofs"] }) as any[];
  const without = (name: string) => firewall.filter((r) => r.name !== name);
  resourceCases(edge.wafManagedGroups, {
    pass: [{ title: "credlink:edge:Firewall's rules", resource: res(T.webAcl, acl(firewall)) }],
    fail: [
      { title: "no IP reputation list", resource: res(T.webAcl, acl(without("AWSManagedRulesAmazonIpReputationList"))), expect: /^rules must include the managed rule group AWSManagedRulesAmazonIpReputationList \(vendor AWS\)$/ },
      { title: "no core rule set", resource: res(T.webAcl, acl(without("AWSManagedRulesCommonRuleSet"))), expect: /AWSManagedRulesCommonRuleSet/ },
      { title: "the IP reputation list counting only", resource: res(T.webAcl, acl(firewall.map((r) => (r.name === "AWSManagedRulesAmazonIpReputationList" ? { ...r, overrideAction: { count: {} } } : r)))), expect: /AWSManagedRulesAmazonIpReputationList must block .* got overrideAction \{"count":\{\}\}/ },
    ],
  });
  const rateAcl = (limit: number, window = 300): StackResourceSpec => ({ type: T.webAcl, name: "waf", props: acl([{ name: "rate", priority: 1, action: { block: {} }, statement: { rateBasedStatement: { limit, evaluationWindowSec: window, aggregateKeyType: "IP" } } }]) });
  const scaling = (maxCapacity = 4, perTarget = 500): StackResourceSpec[] => [
    { type: "aws:appautoscaling/target:Target", name: "svc", props: { serviceNamespace: "ecs", resourceId: "service/c/s", scalableDimension: "ecs:service:DesiredCount", minCapacity: 2, maxCapacity } },
    { type: "aws:appautoscaling/policy:Policy", name: "svc-requests", props: { resourceId: "service/c/s", targetTrackingScalingPolicyConfiguration: { targetValue: perTarget, predefinedMetricSpecification: { predefinedMetricType: "ALBRequestCountPerTarget" } } } },
  ];
  stackCases(edge.wafRateLimitCanFire, {
    pass: [
      { title: "1,000 per 5 minutes against 4 tasks x 500/min (10,000 per 5 minutes)", stack: [rateAcl(1000), ...scaling()] },
      { title: "exactly the capacity (10,000 per 5 minutes)", stack: [rateAcl(10000), ...scaling()] },
      { title: "WAF's smallest limit, 10", stack: [rateAcl(10, 60), ...scaling()] },
      { title: "no request scaling: the fallback of 2,000 a minute (10,000 per 5 minutes)", stack: [rateAcl(10000)] },
    ],
    fail: [
      { title: "one over the capacity (10,001 per 5 minutes)", stack: [rateAcl(10001), ...scaling()], expect: /^waf: rate rule rate: limit 10001 per 300 s can never fire: the whole stack serves at most 10000 requests in that window \(2000\/minute\); set it at or under 10000$/ },
      { title: "a 1-minute window with a 5-minute limit (2,001 > 2,000)", stack: [rateAcl(2001, 60), ...scaling()], expect: /at most 2000 requests/ },
      { title: "under WAF's minimum (9)", stack: [rateAcl(9), ...scaling()], expect: /limit 9 is outside WAF's range 10-2000000000/ },
      { title: "a window WAF doesn't have (90 s)", stack: [rateAcl(100, 90), ...scaling()], expect: /evaluationWindowSec must be one of 60, 120, 300, 600, got 90/ },
    ],
  });
  const listener = (header?: string, protocol = "HTTPS") => res(T.listener, { ...good.httpsListener, protocol, routingHttpResponseStrictTransportSecurityHeaderValue: header });
  resourceCases(edge.albHsts, {
    pass: [
      { title: "max-age one year", resource: listener("max-age=31536000") },
      { title: "two years with includeSubDomains and preload", resource: listener("max-age=63072000; includeSubDomains; preload") },
    ],
    fail: [
      { title: "no HSTS header", resource: listener(undefined), expect: /^the listener sends no Strict-Transport-Security header/ },
      { title: "one second under a year", resource: listener("max-age=31535999"), expect: /max-age 31535999 is under 31536000 seconds/ },
      { title: "no max-age", resource: listener("includeSubDomains"), expect: /has no max-age/ },
      { title: "includeSubDomains required but absent", resource: listener("max-age=31536000"), config: { requireIncludeSubdomains: true }, expect: /must include includeSubDomains/ },
    ],
  });
  const ZONE = "0123456789abcdef0123456789abcdef";
  const setting = (settingId: string, value: unknown): StackResourceSpec => ({ type: "cloudflare:index/zoneSetting:ZoneSetting", name: `edge-${settingId}`, props: { zoneId: ZONE, settingId, value } });
  const hsts = (v: Record<string, unknown> = {}) => setting("security_header", { strict_transport_security: { enabled: true, max_age: 31536000, include_subdomains: false, preload: false, nosniff: true, ...v } });
  const zone = (overrides: Record<string, StackResourceSpec | undefined> = {}): StackResourceSpec[] =>
    Object.values({ ssl: setting("ssl", "strict"), tls: setting("min_tls_version", "1.2"), hsts: hsts(), ...overrides }).filter((x): x is StackResourceSpec => x !== undefined);
  stackCases(edge.cloudflareZoneTls, {
    pass: [
      { title: "strict SSL, TLS 1.2 and snake_case HSTS for a year", stack: zone() },
      { title: "TLS 1.3 and HSTS with subdomains", stack: zone({ tls: setting("min_tls_version", "1.3"), hsts: hsts({ include_subdomains: true }) }) },
      { title: "no Cloudflare resources at all (the aws edge)", stack: [{ type: T.webAcl, name: "waf", props: acl(firewall) }] },
    ],
    fail: [
      { title: "HSTS in camelCase keys (the documentation bug)", stack: zone({ hsts: setting("security_header", { strictTransportSecurity: { enabled: true, maxAge: 31536000, includeSubdomains: false } }) }), expect: /security_header uses camelCase keys .* which the Cloudflare API ignores/ },
      { title: "max_age in camelCase beside snake_case", stack: zone({ hsts: setting("security_header", { strict_transport_security: { enabled: true, maxAge: 31536000, include_subdomains: false } }) }), expect: /max_age must be a number of seconds \(maxAge, camelCase, is ignored\)/ },
      { title: "HSTS disabled", stack: zone({ hsts: hsts({ enabled: false }) }), expect: /strict_transport_security\.enabled must be true/ },
      { title: "SSL full (the origin's certificate not verified)", stack: zone({ ssl: setting("ssl", "full") }), expect: /the ssl setting must be "strict", got "full"/ },
      { title: "minimum TLS 1.0", stack: zone({ tls: setting("min_tls_version", "1.0") }), expect: /min_tls_version must be "1\.2" or "1\.3", got "1\.0"/ },
      { title: "no security_header setting", stack: zone({ hsts: undefined }), expect: /has no security_header zone setting/ },
    ],
  });
  const rateRuleset = (rules: any[]): StackResourceSpec => ({ type: "cloudflare:index/ruleset:Ruleset", name: "edge-rate-limits", props: { zoneId: ZONE, kind: "zone", phase: "http_ratelimit", rules } });
  const rule = (patch: Record<string, unknown> = {}) => ({ ref: "rate-limit-api", action: "block", enabled: true, expression: "true", ratelimit: { characteristics: ["ip.src", "cf.colo.id"], period: 60, requestsPerPeriod: 600, mitigationTimeout: 60 }, ...patch });
  stackCases(edge.cloudflareRateLimitsBlock, {
    pass: [
      { title: "a blocking rate limit", stack: [...zone(), rateRuleset([rule()])] },
      { title: "a disabled logging rule beside a blocking one", stack: [...zone(), rateRuleset([rule(), rule({ ref: "trial", action: "log", enabled: false })])] },
    ],
    fail: [
      { title: "a zone without rate limits", stack: zone(), expect: /^zone 0123456789abcdef0123456789abcdef: has no enabled rate limiting rule/ },
      { title: "a rate limit that only logs", stack: [...zone(), rateRuleset([rule({ action: "log" })])], expect: /rate limit rate-limit-api must block, got action "log"/ },
      { title: "a rate limit of 0 requests", stack: [...zone(), rateRuleset([rule({ ratelimit: { period: 60, requestsPerPeriod: 0 } })])], expect: /requestsPerPeriod and ratelimit\.period above 0/ },
    ],
  });
});

describe("network controls", () => {
  const lt = (patch: Record<string, unknown> = {}) =>
    res("aws:ec2/launchTemplate:LaunchTemplate", {
      instanceType: "t4g.nano",
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
      blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", volumeSize: 8, volumeType: "gp3" } }],
      ...patch,
    });
  resourceCases(net.launchTemplateHardened, {
    pass: [
      { title: "the NAT instances' template: IMDSv2, hop limit 1, encrypted root", resource: lt() },
      { title: "IMDS turned off", resource: lt({ metadataOptions: { httpEndpoint: "disabled" } }) },
      { title: "an instance with IMDSv2 and an encrypted root", resource: res(T.ec2Instance, { instanceType: "t4g.nano", metadataOptions: { httpTokens: "required" }, rootBlockDevice: { encrypted: true } }) },
    ],
    fail: [
      { title: "IMDSv1 allowed (optional)", resource: lt({ metadataOptions: { httpEndpoint: "enabled", httpTokens: "optional", httpPutResponseHopLimit: 1 } }), expect: /^metadataOptions\.httpTokens must be "required" \(IMDSv2 only\), got "optional"$/ },
      { title: "no metadata options (IMDSv1 allowed)", resource: lt({ metadataOptions: undefined }), expect: /IMDSv1 allowed/ },
      { title: "a hop limit of 2", resource: lt({ metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 2 } }), expect: /httpPutResponseHopLimit must be 1-1, got 2/ },
      { title: "an unencrypted root volume", resource: lt({ blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "false" } }] }), expect: /\/dev\/xvda: ebs\.encrypted must be true/ },
      { title: "no block device mapping (the AMI's)", resource: lt({ blockDeviceMappings: [] }), expect: /must map the root volume/ },
      { title: "an instance with an unencrypted root", resource: res(T.ec2Instance, { metadataOptions: { httpTokens: "required" }, rootBlockDevice: { encrypted: false } }), expect: /rootBlockDevice\.encrypted must be true/ },
    ],
  });
  const vpc = { type: "awsx:ec2:Vpc", name: "net", urn: urnOf("awsx:ec2:Vpc", "net"), props: { cidrBlock: "10.30.0.0/16", vpcId: "vpc-1" } };
  const group = { type: T.securityGroup, name: "nat", urn: urnOf(T.securityGroup, "nat"), props: { description: "NAT", vpcId: "vpc-1" } };
  const eni: StackResourceSpec = { type: "aws:ec2/networkInterface:NetworkInterface", name: "nat-1", props: { sourceDestCheck: false, securityGroups: ["sg-nat"] }, propertyDependencies: { securityGroups: [group.urn] } };
  const ingress = (patch: Record<string, unknown>): StackResourceSpec => ({ type: T.ingressRule, name: "nat-in", props: { ipProtocol: "tcp", fromPort: 443, toPort: 443, description: "from the VPC", ...patch }, propertyDependencies: { securityGroupId: [group.urn] } });
  stackCases(net.natGroupVpcOnly, {
    pass: [
      { title: "HTTPS from the VPC's CIDR", stack: [vpc, group, eni, ingress({ cidrIpv4: "10.30.0.0/16" })] },
      { title: "from one private subnet inside the VPC", stack: [vpc, group, eni, ingress({ cidrIpv4: "10.30.16.0/20" })] },
      { title: "a group not used by a forwarding interface may admit more", stack: [vpc, group, { ...eni, props: { sourceDestCheck: true } }, ingress({ cidrIpv4: "0.0.0.0/0" })] },
    ],
    fail: [
      { title: "HTTPS from the internet", stack: [vpc, group, eni, ingress({ cidrIpv4: "0.0.0.0/0" })], expect: /^nat-in: the NAT instances' group nat admits 0\.0\.0\.0\/0, outside the VPC 10\.30\.0\.0\/16$/ },
      { title: "a CIDR one bit wider than the VPC", stack: [vpc, group, eni, ingress({ cidrIpv4: "10.30.0.0/15" })], expect: /admits 10\.30\.0\.0\/15/ },
      { title: "a prefix list", stack: [vpc, group, eni, ingress({ prefixListId: "pl-123" })], expect: /prefix list pl-123/ },
      { title: "inline ingress from another network", stack: [vpc, { ...group, props: { ...group.props, ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["192.168.0.0/16"] }] } }, eni], expect: /nat ingress\[0\]: .* admits 192\.168\.0\.0\/16/ },
    ],
  });
  resourceCases(net.dataPortsNeverFromCidr, {
    pass: [
      { title: "5432 from a security group", resource: res(T.ingressRule, { securityGroupId: "sg-db", referencedSecurityGroupId: "sg-tasks", ipProtocol: "tcp", fromPort: 5432, toPort: 5432 }) },
      { title: "443 from the VPC's CIDR", resource: res(T.ingressRule, { securityGroupId: "sg-nat", cidrIpv4: "10.30.0.0/16", ipProtocol: "tcp", fromPort: 443, toPort: 443 }) },
      { title: "5432 egress to a data subnet (egress is not admission)", resource: res(T.egressRule, { securityGroupId: "sg-tasks", cidrIpv4: "10.30.32.0/24", ipProtocol: "tcp", fromPort: 5432, toPort: 5432 }) },
    ],
    fail: [
      { title: "5432 from the VPC's CIDR", resource: res(T.ingressRule, { securityGroupId: "sg-db", cidrIpv4: "10.30.0.0/16", ipProtocol: "tcp", fromPort: 5432, toPort: 5432 }), expect: /^rule: admits data port 5432 from 10\.30\.0\.0\/16; admit a security group instead$/ },
      { title: "6379 inside a port range on the tasks' group, inline", resource: res(T.securityGroup, { description: "tasks", ingress: [{ protocol: "tcp", fromPort: 6000, toPort: 7000, cidrBlocks: ["10.30.16.0/20"] }] }), expect: /^ingress\[0\]: admits data port 6379/ },
      { title: "every protocol from a prefix list", resource: res(T.securityGroupRule, { type: "ingress", securityGroupId: "sg", protocol: "-1", fromPort: 0, toPort: 0, prefixListIds: ["pl-1"] }), expect: /data port 5432 from pl-1/ },
      { title: "6379 from an IPv6 range", resource: res(T.ingressRule, { securityGroupId: "sg-cache", cidrIpv6: "::/0", ipProtocol: "tcp", fromPort: 6379, toPort: 6379 }), expect: /6379 from ::\/0/ },
    ],
  });
});

describe("operations controls", () => {
  const ALARM = `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:credlink-prod-service-degraded`;
  const template = (stopConditions: unknown) => res("aws:fis/experimentTemplate:ExperimentTemplate", { description: "chaos", roleArn: ROLE("fis"), stopConditions, actions: [], targets: [] });
  resourceCases(ops.fisStopsOnAlarm, {
    pass: [{ title: "a stop condition on the service-degraded alarm", resource: template([{ source: "aws:cloudwatch:alarm", value: ALARM }]) }],
    fail: [
      { title: "only 'none'", resource: template([{ source: "none" }]), expect: /^stopConditions must include an aws:cloudwatch:alarm \(got none\)$/ },
      { title: "no stop condition", resource: template([]), expect: /got none/ },
      { title: "a wildcard alarm ARN", resource: template([{ source: "aws:cloudwatch:alarm", value: `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:*` }]), expect: /must be an exact CloudWatch alarm ARN/ },
    ],
  });
  const service = (patch: Record<string, unknown> = {}) =>
    res(T.ecsService, { ...good.service, alarms: { alarmNames: ["credlink-prod-5xx-rate"], enable: true, rollback: true }, deploymentController: { type: "ECS" }, deploymentConfiguration: { strategy: "CANARY" }, ...patch });
  resourceCases(ops.ecsAlarmRollback, {
    pass: [
      { title: "alarm rollback with CANARY (prod)", resource: service() },
      { title: "alarm rollback with ROLLING where the environment requires it (dev)", resource: service({ deploymentConfiguration: { strategy: "ROLLING" } }), config: { requiredStrategy: "ROLLING" } },
    ],
    fail: [
      { title: "alarm rollback off", resource: service({ alarms: { alarmNames: ["credlink-prod-5xx-rate"], enable: true, rollback: false } }), expect: /^alarms\.rollback must be true/ },
      { title: "no deployment alarms", resource: service({ alarms: undefined }), expect: /alarms\.enable must be true/ },
      { title: "alarms enabled with none named", resource: service({ alarms: { alarmNames: [], enable: true, rollback: true } }), expect: /alarmNames must name at least one alarm/ },
      { title: "ROLLING where CANARY is required", resource: service({ deploymentConfiguration: { strategy: "ROLLING" } }), expect: /strategy must be CANARY in this environment, got ROLLING/ },
      { title: "no strategy (ECS's default ROLLING)", resource: service({ deploymentConfiguration: undefined }), expect: /got ROLLING/ },
    ],
  });
  const budget = (patch: Record<string, unknown> = {}): StackResourceSpec => ({
    type: "aws:budgets/budget:Budget",
    name: "credlink-prod",
    props: {
      budgetType: "COST",
      limitAmount: "195.00",
      limitUnit: "USD",
      timeUnit: "MONTHLY",
      notifications: [{ comparisonOperator: "GREATER_THAN", notificationType: "ACTUAL", threshold: 100, thresholdType: "PERCENTAGE", subscriberSnsTopicArns: [`arn:aws:sns:us-east-1:${ACCOUNT}:page`] }],
      ...patch,
    },
  });
  stackCases(ops.budgetWithinCeiling, {
    pass: [
      { title: "exactly the default $195 total ceiling, notifying the page topic", stack: [budget()] },
      { title: "exactly dev's $70 total ceiling", stack: [budget({ limitAmount: "70.00" })], config: { totalCeilingUsd: 70 } },
      { title: "under the ceiling, notifying an email address", stack: [budget({ limitAmount: "150", notifications: [{ notificationType: "FORECASTED", threshold: 80, subscriberEmailAddresses: ["oncall@credlink.example"] }] })] },
      { title: "no budget where none is required", stack: [], config: { requireBudget: false } },
    ],
    fail: [
      { title: "no budget", stack: [], expect: /^the stack has no monthly cost budget \(aws\.budgets\.Budget, budgetType COST\)/ },
      { title: "a cent over the total ceiling", stack: [budget({ limitAmount: "195.01" })], expect: /^credlink-prod: limitAmount \$195\.01 is over the stack's total ceiling of \$195\.00$/ },
      { title: "a cent over dev's $70 total ceiling", stack: [budget({ limitAmount: "70.01" })], config: { totalCeilingUsd: 70 }, expect: /^credlink-prod: limitAmount \$70\.01 is over the stack's total ceiling of \$70\.00$/ },
      { title: "no notifications", stack: [budget({ notifications: [] })], expect: /needs at least one notification with a subscriber/ },
      { title: "a notification nobody receives", stack: [budget({ notifications: [{ notificationType: "ACTUAL", threshold: 100 }] })], expect: /with a subscriber/ },
      { title: "a yearly budget", stack: [budget({ timeUnit: "ANNUALLY" })], expect: /timeUnit must be MONTHLY/ },
    ],
  });
});

describe("recovery controls", () => {
  const PROOFS = { name: "credlink-prod-proofs", physical: "credlink-prod-proofs-abc1234" };
  const replica = { type: T.bucket, name: "credlink-prod-proofs-replica", urn: urnOf(T.bucket, "credlink-prod-proofs-replica"), provider: west, props: { bucket: "credlink-prod-proofs-replica-1", arn: "arn:aws:s3:::credlink-prod-proofs-replica-1", objectLockEnabled: true } };
  const replication: StackResourceSpec = {
    type: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
    name: "proofs-replication",
    provider: east,
    props: { bucket: "credlink-prod-proofs-abc1234", rules: [{ id: "dr", status: "Enabled", destination: { bucket: replica.props.arn } }] },
    propertyDependencies: { bucket: [urnOf(T.bucket, "credlink-prod-proofs")] },
  };
  const lock = (bucketName: string, bucketUrn: string, retention: Record<string, unknown> = { days: 365, mode: "GOVERNANCE" }): StackResourceSpec => ({
    type: "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
    name: `${bucketName}-lock`,
    props: { bucket: bucketName, objectLockEnabled: "Enabled", rule: { defaultRetention: retention } },
    propertyDependencies: { bucket: [bucketUrn] },
  });
  const proofs = (opts: { retention?: Record<string, unknown>; replicaRetention?: Record<string, unknown>; objectLock?: boolean } = {}) => [
    ...bucketStack({ ...PROOFS, override: { bucket: { objectLockEnabled: opts.objectLock ?? true } } }),
    lock("credlink-prod-proofs-abc1234", urnOf(T.bucket, "credlink-prod-proofs"), opts.retention),
    replica,
    replication,
    lock(replica.props.bucket, replica.urn, opts.replicaRetention),
  ];
  stackCases(rec.proofObjectLock, {
    pass: [
      { title: "a year of GOVERNANCE on the proofs and the replica", stack: proofs() },
      { title: "one year expressed in years", stack: proofs({ retention: { years: 1, mode: "GOVERNANCE" } }) },
      { title: "COMPLIANCE where the environment requires it", stack: proofs({ retention: { days: 400, mode: "COMPLIANCE" }, replicaRetention: { days: 400, mode: "COMPLIANCE" } }), config: { mode: "COMPLIANCE" } },
      { title: "a bucket that holds no proofs needs no lock", stack: bucketStack({ name: "alb-logs" }) },
    ],
    fail: [
      { title: "the proofs' retention cut to one day", stack: proofs({ retention: { days: 1, mode: "GOVERNANCE" } }), expect: /^credlink-prod-proofs \(proof bucket\): credlink-prod-proofs-abc1234-lock: default retention 1 days is under the minimum of 365$/ },
      { title: "364 days on the replica", stack: proofs({ replicaRetention: { days: 364, mode: "GOVERNANCE" } }), expect: /^credlink-prod-proofs-replica \(replica of credlink-prod-proofs\): .* 364 days is under the minimum of 365/ },
      { title: "COMPLIANCE where GOVERNANCE is configured", stack: proofs({ retention: { days: 365, mode: "COMPLIANCE" } }), expect: /mode must be GOVERNANCE in this environment, got COMPLIANCE/ },
      { title: "GOVERNANCE where COMPLIANCE is required", stack: proofs(), config: { mode: "COMPLIANCE" }, expect: /mode must be COMPLIANCE/ },
      { title: "Object Lock off on the bucket", stack: proofs({ objectLock: false }), expect: /objectLockEnabled must be true/ },
      { title: "no lock configuration on the replica", stack: proofs().filter((r) => r.name !== `${replica.props.bucket}-lock`), expect: /^credlink-prod-proofs-replica \(replica of credlink-prod-proofs\): has no aws\.s3\.BucketObjectLockConfiguration/ },
    ],
  });
  const bucketArn = "arn:aws:s3:::credlink-prod-proofs-abc1234";
  const denyPolicy = (deny: Record<string, unknown>) =>
    bucketStack({
      ...PROOFS,
      override: {
        policy: {
          policy: doc(
            { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [bucketArn, `${bucketArn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } },
            { Sid: "DenyRetentionBypassAndLockChanges", Effect: "Deny", Principal: "*", Action: ["s3:BypassGovernanceRetention", "s3:PutBucketObjectLockConfiguration", "s3:PutLifecycleConfiguration"], Resource: [bucketArn, `${bucketArn}/*`], ...deny },
          ),
        },
      },
    });
  stackCases(rec.proofLockDeny, {
    pass: [
      { title: "the committed deny (no exemption)", stack: denyPolicy({}) },
      { title: "a break-glass role exempt by its exact ARN", stack: denyPolicy({ Condition: { ArnNotEquals: { "aws:PrincipalArn": "arn:aws:iam::123456789012:role/credlink-break-glass" } } }) },
      { title: "s3:* denied on every resource", stack: denyPolicy({ Action: "s3:*", Resource: "*" }) },
    ],
    fail: [
      { title: "no lock deny at all", stack: bucketStack(PROOFS), expect: /^credlink-prod-proofs \(proof bucket\): its bucket policy must deny s3:BypassGovernanceRetention, s3:PutBucketObjectLockConfiguration on arn:aws:s3:::credlink-prod-proofs-abc1234 and/ },
      { title: "the bypass no longer denied", stack: denyPolicy({ Action: ["s3:PutBucketObjectLockConfiguration"] }), expect: /must deny s3:BypassGovernanceRetention on/ },
      { title: "the deny on the bucket only, not its objects", stack: denyPolicy({ Resource: bucketArn }), expect: /s3:BypassGovernanceRetention, s3:PutBucketObjectLockConfiguration/ },
      { title: "an exemption for every role of every account", stack: denyPolicy({ Condition: { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/*" } } }), expect: /must deny/ },
      { title: "a deny to one account's root only", stack: denyPolicy({ Principal: { AWS: "arn:aws:iam::123456789012:root" } }), expect: /must deny/ },
    ],
  });

  const plan = (rules: any[]) => res(T.backupPlan, { name: "credlink-prod-backup", rules });
  const daily = (deleteAfter: number, copyDays?: number) => ({
    ruleName: "daily",
    schedule: "cron(0 5 * * ? *)",
    targetVaultName: "main",
    lifecycle: { deleteAfter },
    ...(copyDays === undefined ? {} : { copyActions: [{ destinationVaultArn: "arn:aws:backup:us-west-2:123456789012:backup-vault:dr", lifecycle: { deleteAfter: copyDays } }] }),
  });
  const continuous = (deleteAfter: number) => ({ ruleName: "continuous", schedule: "cron(0 5 * * ? *)", targetVaultName: "main", enableContinuousBackup: true, lifecycle: { deleteAfter } });
  resourceCases(rec.backupPlanRetention, {
    pass: [
      { title: "35 days, copies 35 days, continuous 14 days (prod)", resource: plan([daily(35, 35), continuous(14)]) },
      { title: "no deleteAfter (kept until deleted by hand)", resource: plan([{ ruleName: "forever", targetVaultName: "main" }]) },
      { title: "7 days where the environment asks 7 (dev)", resource: plan([daily(7)]), config: { minRetentionDays: 7 } },
    ],
    fail: [
      { title: "the daily rule cut to 34 days", resource: plan([daily(34, 35), continuous(14)]), expect: /^rule daily keeps recovery points 34 days; at least 35$/ },
      { title: "the DR copy kept 7 days", resource: plan([daily(35, 7), continuous(14)]), expect: /keeps its copy to arn:aws:backup:us-west-2:123456789012:backup-vault:dr 7 days; at least 35/ },
      { title: "the continuous rule cut to 13 days", resource: plan([daily(35, 35), continuous(13)]), expect: /^rule continuous keeps recovery points 13 days; at least 14$/ },
    ],
  });
  resourceCases(rec.backupPlanContinuous, {
    pass: [{ title: "a continuous rule beside the daily one", resource: plan([daily(35), continuous(14)]) }],
    fail: [
      { title: "the continuous rule removed", resource: plan([daily(35)]), expect: /^needs a rule with enableContinuousBackup true/ },
      { title: "a rule with continuous backup off", resource: plan([daily(35), { ...continuous(14), enableContinuousBackup: false }]), expect: /enableContinuousBackup/ },
    ],
  });
  const vault = (name: string, provider = east) => ({ type: T.backupVault, name, urn: urnOf(T.backupVault, name), provider, props: { name, arn: `arn:aws:backup:us-east-1:123456789012:backup-vault:${name}` } });
  const planIn = (copyTo?: string): StackResourceSpec => ({
    type: T.backupPlan,
    name: "credlink-prod-backup",
    provider: east,
    props: { rules: [{ ruleName: "daily", targetVaultName: "main", lifecycle: { deleteAfter: 35 }, ...(copyTo ? { copyActions: [{ destinationVaultArn: copyTo, lifecycle: { deleteAfter: 35 } }] } : {}) }] },
  });
  const dr = vault("dr", west);
  stackCases(rec.backupPlanDrCopy, {
    pass: [
      { title: "a copy to the vault in us-west-2", stack: [vault("main"), dr, planIn(dr.props.arn)] },
      { title: "no copy where none is required (dev)", stack: [vault("main"), planIn()], config: { requireDrCopy: false } },
    ],
    fail: [
      { title: "the DR copy removed", stack: [vault("main"), dr, planIn()], expect: /^credlink-prod-backup: no rule copies its recovery points to a vault of the stack in another region/ },
      { title: "a copy to a vault in the same region", stack: [vault("main"), vault("other"), planIn("arn:aws:backup:us-east-1:123456789012:backup-vault:other")], expect: /another region/ },
      { title: "a copy to a vault outside the stack", stack: [vault("main"), planIn("arn:aws:backup:us-west-2:999999999999:backup-vault:theirs")], expect: /another region/ },
    ],
  });
  const vaultLock = (v: { name: string; urn: string }, minRetentionDays = 7): StackResourceSpec => ({ type: "aws:backup/vaultLockConfiguration:VaultLockConfiguration", name: `${v.name}-lock`, props: { backupVaultName: v.name, minRetentionDays, maxRetentionDays: 365 }, propertyDependencies: { backupVaultName: [v.urn] } });
  const main = vault("main");
  const compliance = (lock: StackResourceSpec, changeableForDays = 3): StackResourceSpec => ({ ...lock, props: { ...lock.props, changeableForDays } });
  const airGapped = (minRetentionDays = 7): StackResourceSpec => ({
    type: rec.AIR_GAPPED_VAULT,
    name: "air-gapped",
    urn: urnOf(rec.AIR_GAPPED_VAULT, "air-gapped"),
    provider: west,
    props: { name: "air-gapped", minRetentionDays, maxRetentionDays: 365, arn: "arn:aws:backup:us-west-2:123456789012:backup-vault:air-gapped" },
  });
  stackCases(rec.backupVaultsLocked, {
    pass: [
      { title: "both vaults locked for 7-365 days", stack: [main, dr, vaultLock(main), vaultLock(dr)] },
      { title: "compliance mode (changeableForDays 3, AWS's minimum) where it is required", stack: [main, dr, compliance(vaultLock(main)), compliance(vaultLock(dr))], config: { mode: "compliance" } },
      { title: "an air-gapped vault keeping recovery points at least 7 days", stack: [main, compliance(vaultLock(main)), airGapped(7)], config: { mode: "compliance" } },
    ],
    fail: [
      { title: "the DR vault's lock removed", stack: [main, dr, vaultLock(main)], expect: /^dr: the vault has no vault lock/ },
      { title: "a lock of 6 days", stack: [main, vaultLock(main, 6)], expect: /^main: its vault lock's minRetentionDays 6 is under 7$/ },
      {
        title: "a governance lock (no changeableForDays) where compliance is required",
        stack: [main, dr, compliance(vaultLock(main)), vaultLock(dr)],
        config: { mode: "compliance" },
        expect: /^dr: its vault lock is in governance mode \(no changeableForDays\)/,
      },
      { title: "an air-gapped vault keeping recovery points 6 days", stack: [main, vaultLock(main), airGapped(6)], expect: /^air-gapped: the air-gapped vault's minRetentionDays 6 is under 7$/ },
    ],
  });
  const BREAK_GLASS = "arn:aws:iam::123456789012:role/credlink-break-glass";
  const vaultPolicy = (v: { name: string; urn: string }, statement: Record<string, unknown> = {}): StackResourceSpec => ({
    type: "aws:backup/vaultPolicy:VaultPolicy",
    name: `${v.name}-policy`,
    props: {
      backupVaultName: v.name,
      policy: doc({ Sid: "DenyDeletionAndUnlockingExceptBreakGlass", Effect: "Deny", Principal: { AWS: "*" }, Action: [...rec.VAULT_DENIED_ACTIONS], Resource: "*", Condition: { ArnNotEquals: { "aws:PrincipalArn": BREAK_GLASS } }, ...statement }),
    },
    propertyDependencies: { backupVaultName: [v.urn] },
  });
  const lag = airGapped();
  stackCases(rec.backupVaultAccessPolicy, {
    pass: [
      { title: "every vault, the air-gapped one included, denying the five actions to all but the break-glass role", stack: [main, dr, lag, vaultPolicy(main), vaultPolicy(dr), vaultPolicy({ name: "air-gapped", urn: lag.urn! })] },
      { title: "backup:* denied to everyone, no exemption", stack: [main, vaultPolicy(main, { Action: "backup:*", Condition: undefined })] },
      { title: "no policy where none is required (dev: no break-glass role)", stack: [main], config: { requireAccessPolicy: false } },
    ],
    fail: [
      { title: "the DR vault without an access policy", stack: [main, dr, vaultPolicy(main)], expect: /^dr: the vault has no access policy \(aws\.backup\.VaultPolicy\)/ },
      { title: "the air-gapped vault without an access policy", stack: [main, lag, vaultPolicy(main)], expect: /^air-gapped: the vault has no access policy/ },
      {
        title: "recovery-point deletion left out of the deny",
        stack: [main, vaultPolicy(main, { Action: rec.VAULT_DENIED_ACTIONS.filter((a) => a !== "backup:DeleteRecoveryPoint") })],
        expect: /^main: its access policy must deny backup:DeleteRecoveryPoint to Principal "\*"/,
      },
      {
        title: "an exemption for every role of the account (a pattern, not the break-glass role)",
        stack: [main, vaultPolicy(main, { Condition: { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::123456789012:role/*" } } })],
        expect: /must deny backup:DeleteRecoveryPoint, backup:UpdateRecoveryPointLifecycle, backup:DeleteBackupVault, backup:PutBackupVaultAccessPolicy, backup:DeleteBackupVaultLockConfiguration/,
      },
      { title: "an Allow instead of a Deny", stack: [main, vaultPolicy(main, { Effect: "Allow" })], expect: /must deny/ },
    ],
  });
  const db = { type: T.rdsInstance, name: "credlink-prod-db", urn: urnOf(T.rdsInstance, "credlink-prod-db"), props: { arn: "arn:aws:rds:us-east-1:123456789012:db:credlink-prod-db" } };
  const proofBucket = { type: T.bucket, name: "credlink-prod-proofs", urn: urnOf(T.bucket, "credlink-prod-proofs"), props: { bucket: "p", arn: "arn:aws:s3:::p" } };
  const testPlan: StackResourceSpec = { type: "aws:backup/restoreTestingPlan:RestoreTestingPlan", name: "restore-test", props: { name: "credlink_prod_restore_test", scheduleExpression: "cron(0 6 ? * SUN *)" } };
  const selection = (type: string, arns: string[], planName = "credlink_prod_restore_test"): StackResourceSpec => ({ type: "aws:backup/restoreTestingSelection:RestoreTestingSelection", name: `restore-test-${type}`, props: { restoreTestingPlanName: planName, protectedResourceType: type, protectedResourceArns: arns, iamRoleArn: ROLE("backup") } });
  stackCases(rec.restoreTestingCoverage, {
    pass: [
      { title: "selections for the database and the proofs", stack: [db, proofBucket, testPlan, selection("RDS", [db.props.arn]), selection("S3", [proofBucket.props.arn])] },
      { title: "every S3 resource of the plan's vaults ('*')", stack: [db, proofBucket, testPlan, selection("RDS", [db.props.arn]), selection("S3", ["*"])] },
    ],
    fail: [
      { title: "the proofs' selection removed", stack: [db, proofBucket, testPlan, selection("RDS", [db.props.arn])], expect: /^credlink-prod-proofs: no restore testing selection/ },
      { title: "no restore testing at all", stack: [db, proofBucket], expect: /^credlink-prod-db: no restore testing selection/ },
      { title: "a selection of a plan not in the stack", stack: [db, proofBucket, testPlan, selection("RDS", [db.props.arn], "other_plan"), selection("S3", [proofBucket.props.arn])], expect: /^credlink-prod-db:/ },
    ],
  });
});

describe("designed policies, tightened against their near misses", () => {
  const composite = (patch: Record<string, unknown> = {}) => res(T.compositeAlarm, { alarmName: "credlink-prod-service-degraded", alarmRule: 'ALARM("a") OR ALARM("b")', actionsEnabled: true, alarmActions: [`arn:aws:sns:us-east-1:${ACCOUNT}:page`], ...patch });
  resourceCases(log.alarmActions, {
    pass: [{ title: "a composite alarm that pages", resource: composite() }],
    fail: [
      { title: "a composite alarm that pages nobody", resource: composite({ alarmActions: [] }), expect: /^alarmActions must name at least one action/ },
      { title: "a composite alarm with actions disabled", resource: composite({ actionsEnabled: false }), expect: /^actionsEnabled must not be false$/ },
      { title: "a metric alarm notifying a wildcard topic ARN", resource: res(T.metricAlarm, { ...good.alarm, alarmActions: ["arn:aws:sns:us-east-1:*:alerts"] }), expect: /must be exact ARNs/ },
    ],
  });
  const aclWith = (defaultAction: unknown) => res(T.webAcl, { ...good.webAcl, defaultAction });
  resourceCases(exp.wafRuleActions, {
    pass: [{ title: "default action block", resource: aclWith({ block: {} }) }],
    fail: [
      { title: "no default action", resource: aclWith(undefined), expect: /^defaultAction must be exactly one of allow or block, got null$/ },
      { title: "an empty default action", resource: aclWith({}), expect: /exactly one of allow or block, got \{\}/ },
      { title: "both allow and block", resource: aclWith({ allow: {}, block: {} }), expect: /exactly one of allow or block/ },
      { title: "count (not a default action WAF takes)", resource: aclWith({ count: {} }), expect: /got \{"count":\{\}\}/ },
    ],
  });
  const rolePolicy = (resource: string) => res("aws:iam/rolePolicy:RolePolicy", { role: "app", policy: doc({ Sid: "Svc", Effect: "Allow", Action: "s3:*", Resource: resource }) });
  resourceCases(id.iamNoServiceWildcardOnAllResources, {
    pass: [{ title: "s3:* on this stack's buckets by prefix", resource: rolePolicy("arn:aws:s3:::credlink-prod-*") }],
    fail: [
      { title: "s3:* on arn:aws:s3:::*", resource: rolePolicy("arn:aws:s3:::*"), expect: /^policy: statement Svc allows s3:\* on Resource "arn:aws:s3:::\*" \(every resource\)$/ },
      { title: "kms:* on arn:aws:kms:*:*:key/*", resource: res("aws:iam/policy:Policy", { policy: doc({ Effect: "Allow", Action: "kms:*", Resource: "arn:aws:kms:*:*:key/*" }) }), expect: /arn:aws:kms:\*:\*:key\/\*/ },
      { title: "logs:* on arn:aws:logs:*:*:*", resource: res("aws:iam/policy:Policy", { policy: doc({ Effect: "Allow", Action: "logs:*", Resource: "arn:aws:logs:*:*:*" }) }), expect: /arn:aws:logs:\*:\*:\*/ },
    ],
  });
  const bucketPolicy = (condition: Record<string, unknown>) => res(T.bucketPolicy, { bucket: "b", policy: doc({ Sid: "Grant", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*", Condition: condition }) });
  resourceCases(id.resourcePolicyNoPublicGrant, {
    pass: [{ title: "'*' pinned by an exact role ARN", resource: bucketPolicy({ ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::123456789012:role/reader" } }) }],
    fail: [
      { title: "'*' pinned by a role name in any account", resource: bucketPolicy({ ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/reader" } }), expect: /pins the caller to an exact account, ARN/ },
      { title: "'*' pinned by a topic name in any region and account", resource: bucketPolicy({ ArnLike: { "aws:SourceArn": "arn:aws:sns:*:*:t" } }), expect: /a wildcard pattern is not a pin/ },
      { title: "'*' pinned by an account pattern", resource: bucketPolicy({ StringLike: { "aws:SourceAccount": "1234*" } }), expect: /pins the caller/ },
    ],
  });
  resourceCases(id.snsTopicNotPublic, {
    pass: [{ title: "'*' pinned to this account", resource: res(T.snsTopicPolicy, { arn: "arn:t", policy: doc({ Effect: "Allow", Principal: "*", Action: "sns:Publish", Resource: "arn:t", Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } }) }) }],
    fail: [
      { title: "'*' with a condition that pins nothing (any condition used to pass)", resource: res(T.snsTopicPolicy, { arn: "arn:t", policy: doc({ Sid: "Any", Effect: "Allow", Principal: "*", Action: "sns:Publish", Resource: "arn:t", Condition: { Bool: { "aws:SecureTransport": "true" } } }) }), expect: /^statement Any allows Principal "\*" without a condition that pins the caller to an exact account or ARN$/ },
      { title: "'*' with a wildcard source ARN", resource: res(T.snsTopicPolicy, { arn: "arn:t", policy: doc({ Effect: "Allow", Principal: "*", Action: "sns:Publish", Resource: "arn:t", Condition: { ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:*:*:alarm:*" } } }) }), expect: /pins the caller/ },
    ],
  });
});
