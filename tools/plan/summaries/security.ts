/**
 * Plan summaries for what a security reviewer reads first: security-group rules (direction, protocol, ports, peer),
 * IAM statements (effect, actions, resources) and bucket-policy statements (effect, who, condition).
 */
import { SummaryInput, Summarizer } from "./types";

interface Statement {
  readonly Effect?: string;
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: string | string[];
  readonly Principal?: string | Record<string, string | string[]>;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function statements(policy: unknown): Statement[] | undefined {
  let doc: unknown = policy;
  if (typeof policy === "string") {
    try {
      doc = JSON.parse(policy);
    } catch {
      return undefined;
    }
  }
  const s = (doc as { Statement?: Statement | Statement[] } | undefined)?.Statement;
  return s === undefined ? undefined : Array.isArray(s) ? s : [s];
}

/** "arn:aws:s3:::credlink-prod-proofs-1234/*" -> "s3:::credlink-prod-proofs-1234/*": the part a reviewer reads. */
const shortArn = (arn: string) => arn.replace(/^arn:aws:/, "").replace(/:123456789012:/, "::");

function principal(p: Statement["Principal"]): string {
  if (p === undefined) return "";
  if (typeof p === "string") return p;
  return Object.entries(p).map(([kind, who]) => `${kind === "AWS" ? "" : `${kind.toLowerCase()}:`}${list(who).map(shortArn).join(",")}`).join(" ");
}

function condition(c: Statement["Condition"]): string {
  if (!c) return "";
  return Object.entries(c)
    .flatMap(([op, kv]) => Object.entries(kv).map(([k, v]) => `${k} ${op} ${Array.isArray(v) ? v.join(",") : String(v)}`))
    .join(" and ");
}

/** One line per statement: "Allow s3:GetObject,s3:PutObject on s3:::bucket/*". */
export function describeStatements(policy: unknown, withPrincipal = false): string | undefined {
  const all = statements(policy);
  if (!all) return undefined;
  return all
    .map((s) => {
      const actions = s.NotAction !== undefined ? `all but ${list(s.NotAction).join(",")}` : list(s.Action).join(",");
      const who = withPrincipal && s.Principal !== undefined ? ` by ${principal(s.Principal)}` : "";
      const on = list(s.Resource).map(shortArn).join(",");
      const when = condition(s.Condition);
      return `${s.Effect ?? "?"} ${actions}${who}${on ? ` on ${on}` : ""}${when ? ` when ${when}` : ""}`;
    })
    .join(" | ");
}

function ports(inputs: Record<string, any>): string {
  if (inputs.ipProtocol === "-1" || inputs.ipProtocol === "all") return "all traffic";
  const from = inputs.fromPort;
  const to = inputs.toPort;
  return `${inputs.ipProtocol ?? "?"} ${from === to ? from : `${from}-${to}`}`;
}

function peer({ inputs, nameOfId }: SummaryInput): string {
  const group = inputs.referencedSecurityGroupId;
  if (typeof group === "string") return `sg ${nameOfId?.(group) ?? group}`;
  return inputs.cidrIpv4 ?? inputs.cidrIpv6 ?? (inputs.prefixListId ? `prefix list ${nameOfId?.(inputs.prefixListId) ?? inputs.prefixListId}` : "?");
}

export const securitySummaries: Record<string, Summarizer> = {
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": (r) => ({ rule: `in ${ports(r.inputs)} from ${peer(r)}`, group: r.nameOfId?.(r.inputs.securityGroupId) }),
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": (r) => ({ rule: `out ${ports(r.inputs)} to ${peer(r)}`, group: r.nameOfId?.(r.inputs.securityGroupId) }),
  "aws:ec2/securityGroup:SecurityGroup": ({ inputs }) => ({
    inline: (inputs.ingress?.length ?? 0) + (inputs.egress?.length ?? 0) || undefined,
    description: inputs.description,
  }),
  "aws:iam/role:Role": ({ inputs }) => ({ assumedBy: describeStatements(inputs.assumeRolePolicy, true)?.replace(/^Allow sts:AssumeRole by /, "") }),
  "aws:iam/rolePolicy:RolePolicy": ({ inputs }) => ({ statements: describeStatements(inputs.policy) }),
  "aws:iam/policy:Policy": ({ inputs }) => ({ statements: describeStatements(inputs.policy) }),
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": ({ inputs }) => ({ policy: typeof inputs.policyArn === "string" ? inputs.policyArn.split(":").pop() : undefined }),
  "aws:s3/bucketPolicy:BucketPolicy": ({ inputs }) => ({ statements: describeStatements(inputs.policy, true) }),
};
