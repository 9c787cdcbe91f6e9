/**
 * Exposure: what can be reached from the internet, or by anyone. Mandatory in every environment.
 */
import { allPorts, companions, coversPort, ec2DescriptionProblem, fromWorld, inline, refersToAny, sgRules, truthy, vpcs } from "../lib/aws";
import type { PolicyResource } from "@pulumi/policy";
import { CredlinkPolicy, eachOfType, getOr, many, plain, refersTo, resourceRule, stackRule, StackProblem, tryGet } from "../lib/rules";
import { BUCKET_TYPES, LISTENER_TYPES, LOAD_BALANCER_TYPES, SG_RULE_TYPES, T } from "../lib/types";

const SG_TYPES = [T.securityGroup, T.defaultSecurityGroup, ...SG_RULE_TYPES];

export const rdsNotPublic = resourceRule({
  name: "rds-not-publicly-accessible",
  description: "RDS instances are not publicly accessible.",
  covers: ["CKV_AWS_17", "AVD-AWS-0180"],
  enforcementLevel: "mandatory",
  types: [T.rdsInstance],
  check: (p) => (truthy(p.publiclyAccessible) ? "publiclyAccessible must be false" : undefined),
});

const PAB_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

export const s3PublicAccessBlock = stackRule({
  name: "s3-bucket-public-access-blocked",
  description: "Every S3 bucket has a public access block with all four settings on.",
  covers: ["CKV2_AWS_6", "CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56", "AVD-AWS-0086", "AVD-AWS-0087", "AVD-AWS-0091", "AVD-AWS-0093", "AVD-AWS-0094"],
  enforcementLevel: "mandatory",
  check: eachOfType(BUCKET_TYPES, (bucket, all) => {
    const blocks = companions(all, T.bucketPublicAccessBlock, bucket);
    if (blocks.length === 0) return "has no public access block (aws.s3.BucketPublicAccessBlock)";
    const off = PAB_FLAGS.filter((f) => !blocks.some((b) => truthy(getOr(b.props, [f], false))));
    return off.length ? `public access block must set ${off.join(", ")} to true` : undefined;
  }),
});

export const s3NoAcls = stackRule({
  name: "s3-bucket-acls-disabled",
  description: "S3 buckets disable ACLs (object ownership BucketOwnerEnforced) and grant nothing through ACLs.",
  covers: ["CKV_AWS_20", "CKV_AWS_57", "AVD-AWS-0092"],
  enforcementLevel: "mandatory",
  check: eachOfType(BUCKET_TYPES, (bucket, all) => {
    const problems: string[] = [];
    const ownership = companions(all, T.bucketOwnershipControls, bucket).map((o) => getOr(o.props, ["rule", "objectOwnership"], ""));
    if (!ownership.includes("BucketOwnerEnforced")) problems.push("needs aws.s3.BucketOwnershipControls with objectOwnership BucketOwnerEnforced");
    const acl = inline(bucket, "acl");
    if (acl && acl !== "private") problems.push(`acl ${acl} grants access; remove it`);
    if (many(inline(bucket, "grants")).length > 0) problems.push("grants must be empty");
    if (companions(all, T.bucketAcl, bucket).length > 0) problems.push("must not have an aws.s3.BucketAcl");
    return problems;
  }),
});

export const ecsNoPublicIp = resourceRule({
  name: "ecs-service-no-public-ip",
  description: "ECS services don't give tasks public IP addresses.",
  covers: ["CKV_AWS_333"],
  enforcementLevel: "mandatory",
  types: [T.ecsService],
  check: (p) => (truthy(p.networkConfiguration?.assignPublicIp) ? "networkConfiguration.assignPublicIp must be false" : undefined),
});

export const albDropInvalidHeaders = resourceRule({
  name: "alb-drops-invalid-headers",
  description: "Application load balancers drop HTTP headers with invalid names (request smuggling).",
  covers: ["CKV_AWS_131", "AVD-AWS-0052"],
  enforcementLevel: "mandatory",
  types: [...LOAD_BALANCER_TYPES],
  check: (p, _c, args) => {
    if ((p.loadBalancerType ?? "application") !== "application") args.notApplicable("not an application load balancer");
    return truthy(p.dropInvalidHeaderFields) ? undefined : "dropInvalidHeaderFields must be true";
  },
});

export const albDesyncMitigation = resourceRule({
  name: "alb-desync-mitigation-defensive-or-strictest",
  description: "Application load balancers mitigate HTTP desync in 'defensive' or 'strictest' mode, never 'monitor'.",
  covers: ["CKV_AWS_328"],
  enforcementLevel: "mandatory",
  types: [...LOAD_BALANCER_TYPES],
  check: (p, _c, args) => {
    if ((p.loadBalancerType ?? "application") !== "application") args.notApplicable("not an application load balancer");
    const mode = p.desyncMitigationMode ?? "defensive";
    return ["defensive", "strictest"].includes(mode) ? undefined : `desyncMitigationMode must be defensive or strictest, got ${mode}`;
  },
});

/**
 * An ALB behind the Cloudflare edge, whose WAF is Cloudflare's: the stack deploys a Cloudflare managed WAF
 * ruleset, every ingress rule of the ALB's security groups comes from a prefix list (Cloudflare's ranges, no CIDR),
 * and an HTTPS listener verifies client certificates (Authenticated Origin Pulls).
 */
export function frontedByCloudflare(lb: PolicyResource, all: readonly PolicyResource[]): boolean {
  const waf = all.some((r) => r.type === "cloudflare:index/ruleset:Ruleset" && getOr(r.props, ["phase"], "") === "http_request_firewall_managed");
  const groupUrns = (lb.propertyDependencies?.securityGroups ?? []).map((d) => d.urn);
  const groupIds = many<string>(getOr<string[]>(lb.props, ["securityGroups"], []));
  const groups = all.filter((r) => r.type === T.securityGroup && (groupUrns.includes(r.urn) || groupIds.includes(getOr(r.props, ["id"], "?"))));
  const ingress = all.filter((r) => r.type === T.ingressRule && groups.some((g) => refersTo(r, "securityGroupId", g)));
  const edgeOnly = ingress.length > 0 && ingress.every((r) => getOr(r.props, ["prefixListId"], undefined) !== undefined && getOr(r.props, ["cidrIpv4"], undefined) === undefined && getOr(r.props, ["cidrIpv6"], undefined) === undefined);
  const mtls = all.some((r) => LISTENER_TYPES.includes(r.type) && refersTo(r, "loadBalancerArn", lb) && getOr(r.props, ["mutualAuthentication", "mode"], "off") === "verify");
  return waf && edgeOnly && mtls;
}

export const albPublicHasWaf = stackRule({
  name: "alb-internet-facing-has-waf",
  description:
    "Every internet-facing application load balancer is associated with a WAFv2 web ACL, or sits behind the Cloudflare edge (a Cloudflare managed WAF ruleset, ingress only from a prefix list, mTLS on the listener).",
  covers: ["CKV2_AWS_28"],
  enforcementLevel: "mandatory",
  check: eachOfType(LOAD_BALANCER_TYPES, (lb, all) => {
    if (truthy(getOr(lb.props, ["internal"], false)) || getOr(lb.props, ["loadBalancerType"], "application") !== "application") return;
    if (frontedByCloudflare(lb, all)) return;
    const associated = all.some((a) => a.type === T.webAclAssociation && refersTo(a, "resourceArn", lb));
    return associated ? undefined : "is internet-facing but has no aws.wafv2.WebAclAssociation";
  }),
});

/** A web ACL's rules, from `rules` or `ruleJson`. */
export function wafRules(p: Record<string, any>): any[] {
  const rules = many<any>(plain(p.rules));
  if (rules.length) return rules;
  try {
    return many<any>(typeof p.ruleJson === "string" ? JSON.parse(p.ruleJson) : undefined);
  } catch {
    return [];
  }
}

export const wafHasRules = resourceRule({
  name: "waf-web-acl-has-rules",
  description: "WAFv2 web ACLs have at least one rule.",
  covers: ["CKV_AWS_175"],
  enforcementLevel: "mandatory",
  types: [T.webAcl],
  check: (p) => (wafRules(p).length ? undefined : "rules must not be empty"),
});

const ruleGroupNames = (rule: any): string[] => {
  const s = rule.statement ?? rule.Statement ?? {};
  const managed = s.managedRuleGroupStatement ?? s.ManagedRuleGroupStatement;
  return managed ? [managed.name ?? managed.Name] : [];
};

export const wafKnownBadInputs = resourceRule({
  name: "waf-blocks-known-bad-inputs",
  description: "WAFv2 web ACLs include AWS's Known Bad Inputs managed rule group (Log4j/Log4Shell and similar payloads).",
  covers: ["CKV_AWS_192", "CKV2_AWS_76"],
  enforcementLevel: "mandatory",
  types: [T.webAcl],
  check: (p) => {
    const rules = wafRules(p);
    const rule = rules.find((r) => ruleGroupNames(r).includes("AWSManagedRulesKnownBadInputsRuleSet"));
    if (!rule) return "rules must include the managed rule group AWSManagedRulesKnownBadInputsRuleSet";
    if (rule.overrideAction?.count !== undefined || rule.OverrideAction?.Count !== undefined) return "AWSManagedRulesKnownBadInputsRuleSet must block, not count";
    return undefined;
  },
});

export const wafRuleActions = resourceRule({
  name: "waf-rules-have-actions",
  description: "Every WAFv2 rule has an action (or, for a rule group, an override action), and the web ACL's default action is exactly one of allow or block.",
  covers: ["CKV_AWS_342", "WAF on an internet-facing ALB: a default action that is allow or block"],
  enforcementLevel: "mandatory",
  types: [T.webAcl],
  check: (p) => {
    const problems: string[] = [];
    // DefaultAction takes exactly one of Allow or Block. https://docs.aws.amazon.com/waf/latest/APIReference/API_DefaultAction.html
    const defaultAction = plain(p.defaultAction) as Record<string, unknown> | undefined;
    const kinds = Object.keys(defaultAction ?? {}).filter((k) => (defaultAction as Record<string, unknown>)[k] !== undefined && (defaultAction as Record<string, unknown>)[k] !== null);
    if (kinds.length !== 1 || !["allow", "block"].includes(kinds[0])) problems.push(`defaultAction must be exactly one of allow or block, got ${JSON.stringify(defaultAction ?? null)}`);
    for (const [i, r] of wafRules(p).entries()) {
      const isGroup = ruleGroupNames(r).length > 0 || (r.statement ?? {}).ruleGroupReferenceStatement;
      const action = isGroup ? r.overrideAction ?? r.OverrideAction : r.action ?? r.Action;
      if (!action || Object.keys(action).length === 0) problems.push(`rules[${i}] (${r.name ?? r.Name ?? "?"}) has no ${isGroup ? "overrideAction" : "action"}`);
    }
    return problems;
  },
});

export const vpcDefaultSgClosed = stackRule({
  name: "vpc-default-security-group-allows-nothing",
  description: "Every VPC's default security group is managed with no ingress and no egress rules.",
  covers: ["CKV2_AWS_12", "AVD-AWS-0173"],
  enforcementLevel: "mandatory",
  check: (all) => {
    const problems: StackProblem[] = [];
    const defaults = all.filter((r) => r.type === T.defaultSecurityGroup);
    for (const { vpc, owners } of vpcs(all)) {
      if (!defaults.some((d) => refersToAny(d, "vpcId", owners))) {
        problems.push({ message: `${vpc.name}: its default security group is not managed (aws.ec2.DefaultSecurityGroup with no rules)`, urn: vpc.urn });
      }
    }
    for (const d of defaults) {
      if (sgRules(d.type, d.props).length > 0) problems.push({ message: `${d.name}: the default security group must have no ingress or egress rules`, urn: d.urn });
    }
    return problems;
  },
});

export const sgDescriptions = resourceRule({
  name: "security-group-rules-described",
  description: "Every security group and every rule has a description that says why it exists, in the charset EC2 accepts.",
  covers: ["CKV_AWS_23", "AVD-AWS-0099", "AVD-AWS-0124"],
  enforcementLevel: "mandatory",
  types: SG_TYPES,
  check: (p, _c, args) => {
    const problems: string[] = [];
    if (args.type === T.securityGroup && (!p.description || p.description === "Managed by Pulumi")) {
      problems.push("description must say what the group is for (not the default 'Managed by Pulumi')");
    } else if (args.type === T.securityGroup) {
      // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html (GroupDescription)
      const problem = ec2DescriptionProblem(String(p.description));
      if (problem) problems.push(`description ${problem}`);
    }
    for (const rule of sgRules(args.type, p)) {
      if (!rule.description) problems.push(`${rule.where}: description must be set`);
      else {
        // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpRange.html, .../API_UserIdGroupPair.html (no &)
        const problem = ec2DescriptionProblem(rule.description, rule.referencesGroup);
        if (problem) problems.push(`${rule.where}: description ${problem}`);
      }
    }
    return problems;
  },
});

export const sgNoAdminPortsFromWorld = resourceRule({
  name: "security-group-no-ssh-rdp-from-internet",
  description: "No security group admits SSH (22) or RDP (3389) from 0.0.0.0/0 or ::/0.",
  covers: ["CKV_AWS_24", "CKV_AWS_25", "AVD-AWS-0107"],
  enforcementLevel: "mandatory",
  types: SG_TYPES,
  check: (p, _c, args) =>
    sgRules(args.type, p)
      .filter((r) => r.direction === "ingress" && fromWorld(r))
      .flatMap((r) => [22, 3389].filter((port) => coversPort(r, port)).map((port) => `${r.where}: admits port ${port} from the internet`)),
});

export const sgNoAllPortsIngress = resourceRule({
  name: "security-group-no-all-ports-ingress-from-internet",
  description: "No security group admits every port or protocol from 0.0.0.0/0 or ::/0.",
  covers: ["CKV_AWS_277"],
  enforcementLevel: "mandatory",
  types: SG_TYPES,
  check: (p, _c, args) =>
    sgRules(args.type, p)
      .filter((r) => r.direction === "ingress" && fromWorld(r) && allPorts(r))
      .map((r) => `${r.where}: admits all ports from the internet`),
});

export const sgEgressRestricted = resourceRule({
  name: "security-group-egress-restricted",
  description: "No security group allows egress on every protocol and port to 0.0.0.0/0 or ::/0; name the ports (e.g. 443).",
  covers: ["CKV_AWS_382", "AVD-AWS-0104"],
  enforcementLevel: "mandatory",
  types: SG_TYPES,
  check: (p, _c, args) =>
    sgRules(args.type, p)
      .filter((r) => r.direction === "egress" && fromWorld(r) && allPorts(r))
      .map((r) => `${r.where}: allows all egress to the internet`),
});

export const subnetNoPublicIp = resourceRule<{ publicSubnetNamePattern: string }>({
  name: "subnet-no-public-ip-on-launch",
  description: "Only public-tier subnets (the ALB's nodes and the NAT gateways) map public IPs on launch.",
  covers: ["CKV_AWS_130", "AVD-AWS-0164"],
  enforcementLevel: "mandatory",
  types: [T.subnet],
  configSchema: {
    properties: {
      publicSubnetNamePattern: { type: "string", default: "-public-", description: "A regular expression; subnets whose logical name matches are the public tier (awsx names them <vpc>-public-<n>)." },
    },
  },
  check: (p, config, args) => {
    if (!truthy(p.mapPublicIpOnLaunch)) return;
    return new RegExp(config.publicSubnetNamePattern).test(args.name) ? undefined : "mapPublicIpOnLaunch must be false outside the public tier";
  },
});

/** Where each data store names its security groups. */
const DATA_STORE_SG_PROPS: Readonly<Record<string, string>> = {
  [T.rdsInstance]: "vpcSecurityGroupIds",
  [T.cacheReplicationGroup]: "securityGroupIds",
  [T.cacheCluster]: "securityGroupIds",
};

/** Whether `from[prop]` (a list of security group ids) names `group`: by property dependency, else by id. */
function namesGroup(from: PolicyResource, prop: string, group: PolicyResource): boolean {
  if (from.propertyDependencies?.[prop]?.some((d) => d.urn === group.urn)) return true;
  const ids = tryGet(from.props, prop);
  const id = tryGet(group.props, "id");
  return ids.known && id.known && typeof id.value === "string" && many<string>(plain(ids.value)).includes(id.value);
}

/** A rule's CIDR or prefix-list sources, whatever its shape. */
function addressSources(type: string, p: Record<string, any>): string[] {
  const x = plain(p) ?? {};
  if (type === T.ingressRule) return [x.cidrIpv4, x.cidrIpv6, x.prefixListId].filter((v): v is string => typeof v === "string");
  return [...many<string>(x.cidrBlocks), ...many<string>(x.ipv6CidrBlocks), ...many<string>(x.prefixListIds)].map(String);
}

export const dataStoreIngressFromGroupsOnly = stackRule({
  name: "security-group-data-store-ingress-from-groups-only",
  description: "The security groups of data stores (RDS, ElastiCache) admit only other security groups, never a CIDR block or prefix list: an address range admits whatever lands in it.",
  covers: ["data-store security groups admit only security-group references"],
  enforcementLevel: "mandatory",
  check: (all) => {
    const stores = all.filter((r) => r.type in DATA_STORE_SG_PROPS);
    const groups = all.filter((r) => r.type === T.securityGroup && stores.some((s) => namesGroup(s, DATA_STORE_SG_PROPS[s.type], r)));
    const problems: StackProblem[] = [];
    for (const group of groups) {
      const inline = many<any>(plain(getOr(group.props, ["ingress"], []))).filter((r) => addressSources(T.securityGroupRule, r).length > 0);
      for (const r of inline) problems.push({ message: `${group.name}: a data store's security group admits ${addressSources(T.securityGroupRule, r).join(", ")} (inline ingress); admit security groups only`, urn: group.urn });
      for (const rule of all) {
        const isIngress = rule.type === T.ingressRule || (rule.type === T.securityGroupRule && getOr(rule.props, ["type"], "") === "ingress");
        if (!isIngress || !refersTo(rule, "securityGroupId", group)) continue;
        const sources = addressSources(rule.type, rule.props);
        if (sources.length) problems.push({ message: `${rule.name}: admits ${sources.join(", ")} to ${group.name}, a data store's security group; admit security groups only`, urn: rule.urn });
      }
    }
    return problems;
  },
});

export const exposurePolicies: CredlinkPolicy[] = [
  rdsNotPublic,
  s3PublicAccessBlock,
  s3NoAcls,
  ecsNoPublicIp,
  albDropInvalidHeaders,
  albDesyncMitigation,
  albPublicHasWaf,
  wafHasRules,
  wafKnownBadInputs,
  wafRuleActions,
  vpcDefaultSgClosed,
  sgDescriptions,
  sgNoAdminPortsFromWorld,
  sgNoAllPortsIngress,
  sgEgressRestricted,
  subnetNoPublicIp,
  dataStoreIngressFromGroupsOnly,
];

