/** AWS-specific helpers shared by several policy files: IAM documents, security group rules, S3 companions, VPCs. */
import type { PolicyResource } from "@pulumi/policy";
import { getOr, many, parseJson, parentUrn, plain, refersTo, related, tryGet } from "./rules";
import { BUCKET_TYPES, LOAD_BALANCER_TYPES, T } from "./types";

/** A policy document's statements, whether the document arrived as a JSON string or an object. */
export function statements(doc: unknown): any[] {
  const parsed = parseJson(plain(doc));
  return parsed ? many(parsed.Statement) : [];
}

/**
 * True when an IAM principal is everyone: "*", or "*" under AWS, Federated or CanonicalUser.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-anonymous
 */
export function isWildcardPrincipal(principal: unknown): boolean {
  if (principal === "*") return true;
  if (principal && typeof principal === "object") return ["AWS", "Federated", "CanonicalUser"].some((k) => many((principal as any)[k]).includes("*"));
  return false;
}

export const WORLD = ["0.0.0.0/0", "::/0"];

/** One ingress or egress permission, normalised from inline rules and the three rule resource shapes. */
export interface SgRule {
  readonly direction: "ingress" | "egress";
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
  readonly cidrs: readonly string[];
  readonly description?: string;
  /** True when the rule names another security group (EC2's UserIdGroupPair), whose description excludes `&`. */
  readonly referencesGroup: boolean;
  readonly where: string;
}

const normaliseProtocol = (p: unknown): string => {
  const s = String(p ?? "-1").toLowerCase();
  return s === "all" ? "-1" : s;
};

function fromInline(rule: any, direction: "ingress" | "egress", where: string): SgRule {
  return {
    direction,
    protocol: normaliseProtocol(rule.protocol),
    fromPort: Number(rule.fromPort ?? 0),
    toPort: Number(rule.toPort ?? 0),
    cidrs: [...many(rule.cidrBlocks), ...many(rule.ipv6CidrBlocks)],
    description: rule.description,
    referencesGroup: many(rule.securityGroups).length > 0 || truthy(rule.self) || typeof rule.sourceSecurityGroupId === "string",
    where,
  };
}

/** The rules a security group resource (or rule resource) defines. Reads plain copies, so unknowns become absent. */
export function sgRules(type: string, props: Record<string, any>): SgRule[] {
  const p = plain(props);
  switch (type) {
    case T.securityGroup:
    case T.defaultSecurityGroup:
      return [
        ...many<any>(p.ingress).map((r, i) => fromInline(r, "ingress", `ingress[${i}]`)),
        ...many<any>(p.egress).map((r, i) => fromInline(r, "egress", `egress[${i}]`)),
      ];
    case T.securityGroupRule:
      return [fromInline(p, p.type === "egress" ? "egress" : "ingress", "rule")];
    case T.ingressRule:
    case T.egressRule:
      return [
        {
          direction: type === T.ingressRule ? "ingress" : "egress",
          protocol: normaliseProtocol(p.ipProtocol),
          fromPort: Number(p.fromPort ?? 0),
          toPort: Number(p.toPort ?? 0),
          cidrs: [p.cidrIpv4, p.cidrIpv6].filter((c): c is string => typeof c === "string"),
          description: p.description,
          referencesGroup: typeof p.referencedSecurityGroupId === "string",
          where: "rule",
        },
      ];
    default:
      return [];
  }
}

/** True when the rule opens `port` (all protocols, or TCP/UDP in range). */
export function coversPort(rule: SgRule, port: number): boolean {
  if (rule.protocol === "-1") return true;
  if (!["tcp", "udp", "6", "17"].includes(rule.protocol)) return false;
  return rule.fromPort <= port && port <= rule.toPort;
}

export const fromWorld = (rule: SgRule): boolean => rule.cidrs.some((c) => WORLD.includes(c));
export const allPorts = (rule: SgRule): boolean => rule.protocol === "-1" || (rule.fromPort <= 0 && rule.toPort >= 65535);

/** The buckets in the stack. */
export const buckets = (all: readonly PolicyResource[]) => all.filter((r) => BUCKET_TYPES.includes(r.type));

/** The companion resources of `type` configuring `bucket` (their `bucket` property refers to it). */
export const companions = (all: readonly PolicyResource[], type: string, bucket: PolicyResource) => related(all, type, "bucket", bucket);

/** An inline bucket setting from the legacy (pre-v7) inline properties, as a plain value. */
export const inline = (bucket: PolicyResource, prop: string): any => {
  const got = tryGet(bucket.props, prop);
  return got.known ? plain(got.value) : undefined;
};

/** Whether any ancestor of `r` (by parent chain) is `target`. */
export function descendsFrom(r: PolicyResource, target: PolicyResource, all: readonly PolicyResource[]): boolean {
  const byUrn = new Map(all.map((x) => [x.urn, x]));
  let urn = parentUrn(r as any);
  for (let i = 0; urn && i < 50; i++) {
    if (urn === target.urn) return true;
    const parent = byUrn.get(urn);
    urn = parent ? parentUrn(parent as any) : undefined;
  }
  return false;
}

/**
 * The VPCs to check: real aws:ec2/vpc:Vpc resources, plus awsx VPCs whose aws Vpc child is not visible (mocks).
 * `satisfiedBy(vpc, r, prop)` is true when `r[prop]` refers to the VPC or (for a real VPC) to its awsx parent, whose
 * `vpcId` output is what components pass on.
 */
export function vpcs(all: readonly PolicyResource[]): { vpc: PolicyResource; owners: PolicyResource[] }[] {
  const awsx = all.filter((r) => r.type === T.awsxVpc);
  const real = all.filter((r) => r.type === T.vpc);
  const result = real.map((vpc) => ({ vpc, owners: [vpc, ...awsx.filter((a) => descendsFrom(vpc, a, all))] }));
  for (const a of awsx) if (!real.some((v) => descendsFrom(v, a, all))) result.push({ vpc: a, owners: [a] });
  return result;
}

export function refersToAny(from: PolicyResource, prop: string, targets: readonly PolicyResource[]): boolean {
  return targets.some((t) => refersTo(from, prop, t) || refersToOutput(from, prop, t, "vpcId"));
}

/** Whether from.props[prop] equals target.props[output] (e.g. a resource's vpcId and the awsx VPC's vpcId output). */
function refersToOutput(from: PolicyResource, prop: string, target: PolicyResource, output: string): boolean {
  const a = tryGet(from.props, prop);
  const b = tryGet(target.props, output);
  return a.known && b.known && a.value !== undefined && a.value === b.value;
}

export const truthy = (v: unknown): boolean => v === true || v === "true";
export { getOr };

/** Whether `bucket` receives logs itself (an S3 server access log target, a VPC flow log destination, or an ALB's access log bucket). */
export function isLogTarget(bucket: PolicyResource, all: readonly PolicyResource[]): boolean {
  if (all.some((r) => r.type === T.bucketLogging && refersTo(r, "targetBucket", bucket))) return true;
  // A bucket VPC flow logs are delivered to: a log bucket too (logging it would only move the problem).
  if (all.some((r) => r.type === T.flowLog && refersTo(r, "logDestination", bucket))) return true;
  return all.some((lb) => {
    if (!LOAD_BALANCER_TYPES.includes(lb.type)) return false;
    if (lb.propertyDependencies?.accessLogs?.some((d) => d.urn === bucket.urn)) return true;
    const target = tryGet(lb.props, "accessLogs", "bucket");
    if (!target.known || !target.value) return false;
    return ["id", "bucket", "name"].some((k) => { const g = tryGet(bucket.props, k); return g.known && g.value === target.value; });
  });
}


/**
 * EC2's documented charset for security group and rule descriptions, 0-255 characters:
 * - CreateSecurityGroup GroupDescription and IpRange/Ipv6Range/PrefixListId Description: a-z, A-Z, 0-9, spaces and
 *   ._-:/()#,@[]+=&;{}!$*
 *   https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html
 *   https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpRange.html
 * - UserIdGroupPair Description (a rule that references another group): the same without `&`.
 *   https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_UserIdGroupPair.html
 */
export const EC2_DESCRIPTION = /^[a-zA-Z0-9 ._\-:/()#,@\[\]+=&;{}!$*]*$/;
export const EC2_GROUP_PAIR_DESCRIPTION = /^[a-zA-Z0-9 ._\-:/()#,@\[\]+=;{}!$*]*$/;

/** What is wrong with an EC2 security group or rule description, or undefined. */
export function ec2DescriptionProblem(description: string, referencesGroup = false): string | undefined {
  if (description.length > 255) return `is ${description.length} characters; EC2 allows at most 255`;
  const re = referencesGroup ? EC2_GROUP_PAIR_DESCRIPTION : EC2_DESCRIPTION;
  const bad = [...new Set([...description].filter((c) => !re.test(c)))];
  if (bad.length) {
    const allowed = referencesGroup ? "a-zA-Z0-9, spaces and ._-:/()#,@[]+=;{}!$* (no & in a rule that references a group)" : "a-zA-Z0-9, spaces and ._-:/()#,@[]+=&;{}!$*";
    return `contains ${bad.map((c) => JSON.stringify(c)).join(", ")}, which EC2 rejects (allowed: ${allowed})`;
  }
  return undefined;
}

/**
 * True when a KMS key reference is an AWS managed key (`alias/aws/<service>`, bare or as an alias ARN): those are
 * not customer managed keys and satisfy no "with a CMK" check. https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-cmk
 */
export function isAwsManagedKeyRef(ref: unknown): boolean {
  return typeof ref === "string" && /(^|:)alias\/aws\//.test(ref);
}

/** Why `ref` is not a customer managed key reference, or undefined when it is one. */
export function cmkProblem(prop: string, ref: unknown): string | undefined {
  if (typeof ref !== "string" || ref.length === 0) return `${prop} must name a customer managed key`;
  if (isAwsManagedKeyRef(ref)) return `${prop} ${ref} is an AWS managed key; it must name a customer managed key`;
  return undefined;
}

/** The region a resource's provider deploys to (undefined when the provider or its region isn't known). */
export function regionOf(r: PolicyResource): string | undefined {
  const region = r.provider ? tryGet(r.provider.props, "region") : undefined;
  return region?.known && typeof region.value === "string" ? region.value : undefined;
}

export const BUCKET_REPLICATION = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";

/** The buckets `bucket` replicates to with an Enabled rule (destination ARN matched to a bucket of the stack). */
export function replicaBuckets(bucket: PolicyResource, all: readonly PolicyResource[]): PolicyResource[] {
  const isBucketArn = (b: PolicyResource, arn: string) => BUCKET_TYPES.includes(b.type) && (getOr(b.props, ["arn"], undefined) === arn || `arn:aws:s3:::${getOr(b.props, ["bucket"], "")}` === arn);
  const found = new Map<string, PolicyResource>();
  for (const c of companions(all, BUCKET_REPLICATION, bucket)) {
    for (const rule of many<any>(plain(getOr(c.props, ["rules"], [])))) {
      if (rule?.status !== "Enabled") continue;
      const arn = String(rule.destination?.bucket ?? "");
      for (const b of [...all, ...(c.propertyDependencies?.rules ?? [])]) if (b.urn !== bucket.urn && isBucketArn(b, arn)) found.set(b.urn, b);
    }
  }
  return [...found.values()];
}

/** Whether an IAM pattern (`*` and `?` wildcards, case-insensitive as IAM compares actions) matches `value`. */
export function iamPatternMatches(pattern: string, value: string, caseInsensitive = true): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, caseInsensitive ? "i" : "");
  return re.test(value);
}
