/**
 * Network and instance controls this program relies on that no checkov or trivy check covers (POLICY-COVERAGE.md,
 * "Controls this program relies on"): the NAT instances' launch templates (IMDSv2 only, encrypted volumes) and security
 * group (only the VPC may send it traffic), and the data ports, which no security group opens to an address range.
 * Mandatory in every environment.
 */
import type { PolicyResource } from "@pulumi/policy";
import { coversPort, refersToAny, sgRules, truthy, vpcs } from "../lib/aws";
import { CredlinkPolicy, getOr, many, plain, refersTo, resourceRule, stackRule, StackProblem } from "../lib/rules";
import { SG_RULE_TYPES, T } from "../lib/types";

const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
const NETWORK_INTERFACE = "aws:ec2/networkInterface:NetworkInterface";
const SG_TYPES = [T.securityGroup, T.defaultSecurityGroup, ...SG_RULE_TYPES];

// ---------------------------------------------------------------------------------------------------------------
// Launch templates and instances

/**
 * The instance metadata service: IMDSv2 only (`httpTokens: required`), and a response hop limit of at most
 * `maxHopLimit` (1 keeps the token on the instance; 2 is AWS's recommendation only for containers on the instance).
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-new-instances.html
 */
function metadataProblems(options: any, maxHopLimit: number): string[] {
  const problems: string[] = [];
  if (options?.httpEndpoint === "disabled") return problems; // no IMDS at all: nothing to steal a credential from
  if (options?.httpTokens !== "required") problems.push(`metadataOptions.httpTokens must be "required" (IMDSv2 only), got ${JSON.stringify(options?.httpTokens ?? "(unset: IMDSv1 allowed)")}`);
  const hops = options?.httpPutResponseHopLimit;
  if (hops !== undefined && !(Number(hops) >= 1 && Number(hops) <= maxHopLimit)) problems.push(`metadataOptions.httpPutResponseHopLimit must be 1-${maxHopLimit}, got ${hops}`);
  return problems;
}

export const launchTemplateHardened = resourceRule<{ maxHopLimit: number }>({
  name: "launch-template-imdsv2-and-encrypted-volumes",
  description:
    "EC2 launch templates and instances require IMDSv2 (metadataOptions.httpTokens required, hop limit at most maxHopLimit) and encrypt every EBS volume they map (a launch template must map the root volume, encrypted: the AMI's own mapping may not be).",
  covers: ["launch templates: IMDSv2 only, encrypted volumes"],
  enforcementLevel: "mandatory",
  types: [LAUNCH_TEMPLATE, T.ec2Instance],
  configSchema: { properties: { maxHopLimit: { type: "integer", minimum: 1, maximum: 64, default: 1, description: "Largest httpPutResponseHopLimit accepted." } } },
  check: (p, c, args) => {
    const x = plain(p) as Record<string, any>;
    const problems = metadataProblems(x.metadataOptions, c.maxHopLimit);
    if (args.type === LAUNCH_TEMPLATE) {
      const ebs = many<any>(x.blockDeviceMappings).filter((m) => m?.ebs);
      if (ebs.length === 0) problems.push("blockDeviceMappings must map the root volume with ebs.encrypted true (else the AMI's unencrypted mapping applies)");
      for (const m of ebs) if (!truthy(m.ebs.encrypted)) problems.push(`blockDeviceMappings ${m.deviceName ?? "?"}: ebs.encrypted must be true`);
    } else {
      if (!truthy(x.rootBlockDevice?.encrypted)) problems.push("rootBlockDevice.encrypted must be true");
      for (const d of many<any>(x.ebsBlockDevices)) if (!truthy(d?.encrypted)) problems.push(`ebsBlockDevices ${d?.deviceName ?? "?"}: encrypted must be true`);
    }
    return problems;
  },
});

// ---------------------------------------------------------------------------------------------------------------
// The NAT instances' security group

/** An IPv4 CIDR as [network, prefix length], or undefined. */
function parseCidr(cidr: string): [number, number] | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const bits = Number(m[5]);
  if (octets.some((o) => o > 255) || bits > 32) return undefined;
  return [((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0, bits];
}

/** Whether `inner` lies within `outer` (IPv4 CIDRs). */
export function cidrWithin(inner: string, outer: string): boolean {
  const a = parseCidr(inner);
  const b = parseCidr(outer);
  if (!a || !b || a[1] < b[1]) return false;
  const mask = b[1] === 0 ? 0 : (0xffffffff << (32 - b[1])) >>> 0;
  return (a[0] & mask) >>> 0 === (b[0] & mask) >>> 0;
}

/** The security groups of the stack's NAT instances: those of a network interface or instance that forwards (sourceDestCheck false). */
function natGroups(all: readonly PolicyResource[]): PolicyResource[] {
  const forwarders = all.filter((r) => (r.type === NETWORK_INTERFACE || r.type === T.ec2Instance) && getOr(r.props, ["sourceDestCheck"], true) === false);
  const prop = (r: PolicyResource) => (r.type === NETWORK_INTERFACE ? "securityGroups" : "vpcSecurityGroupIds");
  return all.filter((g) => g.type === T.securityGroup && forwarders.some((f) => f.propertyDependencies?.[prop(f)]?.some((d) => d.urn === g.urn)));
}

/** A rule's address sources: CIDR blocks and prefix lists (any shape). */
function addressSources(type: string, props: Record<string, any>): { cidrs: string[]; prefixLists: string[] } {
  const x = plain(props) ?? {};
  if (type === T.ingressRule) return { cidrs: [x.cidrIpv4, x.cidrIpv6].filter((v): v is string => typeof v === "string"), prefixLists: typeof x.prefixListId === "string" ? [x.prefixListId] : [] };
  return { cidrs: [...many<string>(x.cidrBlocks), ...many<string>(x.ipv6CidrBlocks)].map(String), prefixLists: many<string>(x.prefixListIds).map(String) };
}

/** The ingress of a security group in the stack: its inline rules and the rule resources that attach to it. */
function ingressOf(group: PolicyResource, all: readonly PolicyResource[]): { where: PolicyResource; label: string; rule: Record<string, any>; type: string }[] {
  const inline = many<any>(plain(getOr(group.props, ["ingress"], []))).map((rule, i) => ({ where: group, label: `${group.name} ingress[${i}]`, rule, type: T.securityGroupRule }));
  const rules = all
    .filter((r) => (r.type === T.ingressRule || (r.type === T.securityGroupRule && getOr(r.props, ["type"], "") === "ingress")) && refersTo(r, "securityGroupId", group))
    .map((r) => ({ where: r, label: r.name, rule: plain(r.props) as Record<string, any>, type: r.type }));
  return [...inline, ...rules];
}

export const natGroupVpcOnly = stackRule({
  name: "nat-instance-security-group-admits-only-vpc",
  description:
    "The security groups of the NAT instances (a network interface or instance with sourceDestCheck false) admit only the VPC's own CIDR (or a security group): never the internet, another network or a prefix list, which would make the NAT an open relay.",
  covers: ["NAT instance security groups admit only the VPC"],
  enforcementLevel: "mandatory",
  check: (all) => {
    const problems: StackProblem[] = [];
    const networks = vpcs(all);
    for (const group of natGroups(all)) {
      const vpc = networks.find(({ owners }) => refersToAny(group, "vpcId", owners));
      const vpcCidr = vpc ? getOr<string | undefined>(vpc.vpc.props, ["cidrBlock"], undefined) : undefined;
      for (const { where, label, rule, type } of ingressOf(group, all)) {
        const { cidrs, prefixLists } = addressSources(type, rule);
        const outside = cidrs.filter((c) => vpcCidr === undefined || !cidrWithin(c, vpcCidr));
        if (outside.length) problems.push({ message: `${label}: the NAT instances' group ${group.name} admits ${outside.join(", ")}, outside the VPC ${vpcCidr ?? "(CIDR unknown)"}`, urn: where.urn });
        if (prefixLists.length) problems.push({ message: `${label}: the NAT instances' group ${group.name} admits the prefix list ${prefixLists.join(", ")}; admit the VPC's CIDR only`, urn: where.urn });
      }
    }
    return problems;
  },
});

// ---------------------------------------------------------------------------------------------------------------
// Data ports

export const dataPortsNeverFromCidr = resourceRule<{ ports: number[] }>({
  name: "security-group-data-ports-never-from-cidr",
  description:
    "No security group, whoever it belongs to (the tasks' included), admits a data port (PostgreSQL 5432, Valkey/Redis 6379) from a CIDR block or a prefix list, inline or through a rule resource: data ports are reached from named security groups only.",
  covers: ["data ports (5432, 6379) never from a CIDR in any security group, the tasks' included"],
  enforcementLevel: "mandatory",
  types: SG_TYPES,
  configSchema: { properties: { ports: { type: "array", items: { type: "integer", minimum: 0, maximum: 65535 }, uniqueItems: true, default: [5432, 6379], description: "The data ports." } } },
  check: (p, c, args) => {
    const x = plain(p) as Record<string, any>;
    // One entry per rule, with its address sources, whatever the resource's shape.
    const rules: { where: string; rule: ReturnType<typeof sgRules>[number]; sources: string[] }[] = [];
    const parsed = sgRules(args.type, p).filter((r) => r.direction === "ingress");
    if (args.type === T.securityGroup || args.type === T.defaultSecurityGroup) {
      many<any>(x.ingress).forEach((raw, i) => {
        const s = addressSources(T.securityGroupRule, raw);
        rules.push({ where: `ingress[${i}]`, rule: parsed[i], sources: [...s.cidrs, ...s.prefixLists] });
      });
    } else if (parsed.length) {
      const s = addressSources(args.type, x);
      rules.push({ where: "rule", rule: parsed[0], sources: [...s.cidrs, ...s.prefixLists] });
    }
    return rules
      .filter((r) => r.rule && r.sources.length > 0)
      .flatMap((r) => c.ports.filter((port) => coversPort(r.rule, port)).map((port) => `${r.where}: admits data port ${port} from ${r.sources.join(", ")}; admit a security group instead`));
  },
});

export const networkPolicies: CredlinkPolicy[] = [launchTemplateHardened, natGroupVpcOnly, dataPortsNeverFromCidr];
