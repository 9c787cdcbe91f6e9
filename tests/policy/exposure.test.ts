import * as exp from "../../policy/policies/exposure";
import { T } from "../../policy/lib/types";
import { resourceCases, stackCases } from "./cases";
import type { StackResourceSpec } from "../../tools/offline/policy";
import { urnOf } from "../../tools/offline/policy";
import { bucketStack, good, res } from "./fixtures";

const world = (rule: Record<string, any>) => ({ description: "x", cidrBlocks: ["0.0.0.0/0"], ...rule });

describe("exposure policies", () => {
  resourceCases(exp.rdsNotPublic, {
    pass: [{ title: "a private RDS instance", resource: res(T.rdsInstance, good.rds) }],
    fail: [{ title: "publiclyAccessible true", resource: res(T.rdsInstance, { ...good.rds, publiclyAccessible: true }) }],
  });
  stackCases(exp.s3PublicAccessBlock, {
    pass: [{ title: "all four block settings", stack: bucketStack() }],
    fail: [
      { title: "no public access block", stack: bucketStack({ omit: ["pab"] }) },
      { title: "restrictPublicBuckets false", stack: bucketStack({ override: { pab: { restrictPublicBuckets: false } } }), expect: /restrictPublicBuckets/ },
    ],
  });
  stackCases(exp.s3NoAcls, {
    pass: [{ title: "BucketOwnerEnforced", stack: bucketStack() }],
    fail: [
      { title: "no ownership controls", stack: bucketStack({ omit: ["ownership"] }) },
      { title: "a public-read ACL", stack: bucketStack({ override: { bucket: { acl: "public-read" } } }), expect: /public-read/ },
    ],
  });
  resourceCases(exp.ecsNoPublicIp, {
    pass: [{ title: "tasks without public IPs", resource: res(T.ecsService, good.service) }],
    fail: [{ title: "assignPublicIp true", resource: res(T.ecsService, { ...good.service, networkConfiguration: { ...good.service.networkConfiguration, assignPublicIp: true } }) }],
  });
  resourceCases(exp.albDropInvalidHeaders, {
    pass: [{ title: "dropInvalidHeaderFields", resource: res(T.loadBalancer, good.alb) }],
    fail: [{ title: "invalid headers passed on", resource: res(T.loadBalancer, { ...good.alb, dropInvalidHeaderFields: false }) }],
  });
  resourceCases(exp.albDesyncMitigation, {
    pass: [
      { title: "strictest", resource: res(T.loadBalancer, good.alb) },
      { title: "the default (defensive)", resource: res(T.loadBalancer, { ...good.alb, desyncMitigationMode: undefined }) },
    ],
    fail: [{ title: "monitor", resource: res(T.loadBalancer, { ...good.alb, desyncMitigationMode: "monitor" }) }],
  });
  const lbUrn = urnOf(T.loadBalancer, "alb");
  const lb = { type: T.loadBalancer, name: "alb", urn: lbUrn, props: { ...good.alb, arn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/alb/1" } };
  stackCases(exp.albPublicHasWaf, {
    pass: [
      { title: "an internet-facing ALB with a web ACL association", stack: [lb, { type: T.webAclAssociation, name: "waf", props: { resourceArn: "unknown-at-preview" }, propertyDependencies: { resourceArn: [lbUrn] } }] },
      { title: "an internal ALB without WAF", stack: [{ ...lb, props: { ...lb.props, internal: true } }] },
    ],
    fail: [{ title: "an internet-facing ALB without WAF", stack: [lb], expect: /WebAclAssociation/ }],
  });
  // Behind the Cloudflare edge, Cloudflare's WAF stands in for the web ACL, but only when the ALB admits
  // nothing else (prefix-list ingress) and verifies Cloudflare's client certificate.
  const sgUrn = urnOf(T.securityGroup, "alb-sg");
  const cloudflareFronted = (ingress: Record<string, any>): StackResourceSpec[] => [
    { ...lb, props: { ...lb.props, securityGroups: ["sg-alb"] }, propertyDependencies: { securityGroups: [sgUrn] } },
    { type: T.securityGroup, name: "alb-sg", urn: sgUrn, props: { id: "sg-alb" } },
    { type: T.ingressRule, name: "alb-https", props: { securityGroupId: "sg-alb", ipProtocol: "tcp", fromPort: 443, toPort: 443, ...ingress }, propertyDependencies: { securityGroupId: [sgUrn] } },
    { type: T.listener, name: "https", props: { loadBalancerArn: "x", port: 443, protocol: "HTTPS", mutualAuthentication: { mode: "verify", trustStoreArn: "ts" } }, propertyDependencies: { loadBalancerArn: [lbUrn] } },
    { type: "cloudflare:index/ruleset:Ruleset", name: "waf", props: { kind: "zone", phase: "http_request_firewall_managed", rules: [] } },
  ];
  stackCases({ ...exp.albPublicHasWaf, name: "alb-internet-facing-has-waf (Cloudflare edge)" }, {
    pass: [{ title: "an ALB behind Cloudflare: managed WAF ruleset, prefix-list ingress only, mTLS verify", stack: cloudflareFronted({ prefixListId: "pl-123" }) }],
    fail: [{ title: "the same ALB still open to 0.0.0.0/0", stack: cloudflareFronted({ cidrIpv4: "0.0.0.0/0" }), expect: /WebAclAssociation/ }],
  });
  resourceCases(exp.wafHasRules, {
    pass: [{ title: "a web ACL with rules", resource: res(T.webAcl, good.webAcl) }],
    fail: [{ title: "an empty web ACL", resource: res(T.webAcl, { ...good.webAcl, rules: [] }) }],
  });
  resourceCases(exp.wafKnownBadInputs, {
    pass: [{ title: "AWSManagedRulesKnownBadInputsRuleSet", resource: res(T.webAcl, good.webAcl) }],
    fail: [
      { title: "no known-bad-inputs group", resource: res(T.webAcl, { ...good.webAcl, rules: good.webAcl.rules.filter((r) => r.name !== "bad-inputs") }) },
      { title: "known-bad-inputs in count mode", resource: res(T.webAcl, { ...good.webAcl, rules: good.webAcl.rules.map((r) => (r.name === "bad-inputs" ? { ...r, overrideAction: { count: {} } } : r)) }), expect: /count/ },
    ],
  });
  resourceCases(exp.wafRuleActions, {
    pass: [{ title: "every rule with an action", resource: res(T.webAcl, good.webAcl) }],
    fail: [{ title: "a rule without an action", resource: res(T.webAcl, { ...good.webAcl, rules: [{ name: "rate", priority: 1, statement: { rateBasedStatement: { limit: 100 } } }] }), expect: /no action/ }],
  });
  const vpcUrn = urnOf(T.awsxVpc, "vpc");
  const vpc = { type: T.awsxVpc, name: "vpc", urn: vpcUrn, props: { vpcId: "vpc-123", natGateways: { strategy: "Single" } } };
  stackCases(exp.vpcDefaultSgClosed, {
    pass: [{ title: "a managed default SG with no rules", stack: [vpc, { type: T.defaultSecurityGroup, name: "default", props: { vpcId: "vpc-123", ingress: [], egress: [] } }] }],
    fail: [
      { title: "an unmanaged default SG", stack: [vpc], expect: /not managed/ },
      { title: "a default SG with an egress rule", stack: [vpc, { type: T.defaultSecurityGroup, name: "default", props: { vpcId: "vpc-123", ingress: [], egress: [world({ protocol: "-1", fromPort: 0, toPort: 0 })] } }], expect: /no ingress or egress/ },
    ],
  });
  resourceCases(exp.sgDescriptions, {
    pass: [
      { title: "a described SG with described rules", resource: res(T.securityGroup, good.securityGroup) },
      { title: "a described ingress rule resource", resource: res(T.ingressRule, { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 5432, toPort: 5432, referencedSecurityGroupId: "sg-2", description: "Postgres from the tasks" }) },
    ],
    fail: [
      { title: "the default 'Managed by Pulumi' description", resource: res(T.securityGroup, { ...good.securityGroup, description: "Managed by Pulumi" }), expect: /Managed by Pulumi/ },
      { title: "an undescribed inline rule", resource: res(T.securityGroup, { ...good.securityGroup, ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }] }), expect: /ingress\[0\]/ },
    ],
  });
  resourceCases(exp.sgNoAdminPortsFromWorld, {
    pass: [{ title: "443 from the world", resource: res(T.securityGroup, good.securityGroup) }],
    fail: [
      { title: "22 from the world", resource: res(T.securityGroup, { ...good.securityGroup, ingress: [world({ protocol: "tcp", fromPort: 22, toPort: 22 })] }), expect: /22/ },
      { title: "3389 from ::/0 via a rule resource", resource: res(T.ingressRule, { ipProtocol: "tcp", fromPort: 3389, toPort: 3389, cidrIpv6: "::/0", description: "x" }), expect: /3389/ },
    ],
  });
  resourceCases(exp.sgNoAllPortsIngress, {
    pass: [{ title: "one port from the world", resource: res(T.securityGroup, good.securityGroup) }],
    fail: [{ title: "all protocols from the world", resource: res(T.securityGroupRule, world({ type: "ingress", protocol: "-1", fromPort: 0, toPort: 0 })) }],
  });
  resourceCases(exp.sgEgressRestricted, {
    pass: [
      { title: "egress to the VPC only", resource: res(T.securityGroup, good.securityGroup) },
      { title: "egress 443 to the world", resource: res(T.egressRule, { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0", description: "AWS APIs" }) },
    ],
    fail: [{ title: "all egress to the world", resource: res(T.securityGroup, { ...good.securityGroup, egress: [world({ protocol: "-1", fromPort: 0, toPort: 0 })] }) }],
  });
  resourceCases(exp.subnetNoPublicIp, {
    pass: [
      { title: "a private subnet", resource: res(T.subnet, { mapPublicIpOnLaunch: false }, "credlink-prod-private-1") },
      { title: "an awsx public-tier subnet", resource: res(T.subnet, { mapPublicIpOnLaunch: true }, "credlink-prod-public-1") },
    ],
    fail: [{ title: "a private-tier subnet mapping public IPs", resource: res(T.subnet, { mapPublicIpOnLaunch: true }, "credlink-prod-private-1") }],
  });
});
