/**
 * credlink:cicd:RunnerIngress: the role the deploy workflow's check job (smoke check, k6, ZAP) assumes to open an
 * allowlisted load balancer (dev's) to its own runner for the length of the job, and to close it again. GitHub-hosted runners egress from thousands of published
 * ranges, too many for a security group, so the job adds its runner's /32 on the listener ports and revokes it in an
 * `always()` step (.github/scripts/runner-ingress.sh).
 *
 * What IAM can and can't hold it to (Service Authorization Reference, Amazon EC2: AuthorizeSecurityGroupIngress and
 * RevokeSecurityGroupIngress take the `security-group` resource with the condition keys `ec2:SecurityGroupID`,
 * `ec2:Vpc` and tags, and no key for a rule's port, protocol or CIDR):
 * - only this one security group: the statement names its ARN;
 * - not the port or the /32: IAM has no condition key for them. What bounds them instead: the group is the load
 *   balancer's, and an ALB accepts connections on its listener ports only (80, 443), so a rule for any other port
 *   reaches nothing; the script sends `<runner address>/32` on 80 and 443 only, and the trust admits the check job of
 *   this stack's checks environment (`<environment>-checks`) of the deploy workflow on main only. That job runs
 *   third-party tooling (k6, ZAP) with an OIDC token: its subject is one the deploy role never trusts, so the most that
 *   tooling can reach is this role.
 * The role carries the stack's permissions boundary. Its name starts `<prefix>-cicd-` like the rest of the CI identity,
 * which the deploy role's guardrails forbid it to change.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsContext } from "../lib/aws-context";
import { githubTrustPolicy } from "./deploy-identity";

/** The ports the load balancer listens on: the only ones a runner rule can reach. */
export const RUNNER_INGRESS_PORTS = [80, 443] as const;

/**
 * Inbound rules per security group: AWS's default quota, 60 (Amazon VPC user guide, "Amazon VPC quotas", security
 * groups: "Inbound or outbound rules per security group"). The load balancer's group holds two rules per allowlisted
 * block (80 and 443) and, while a deploy job runs, the runner's two: so an allowlist beside the runner holds at most
 * (60 - 2) / 2 = 29 blocks, or the job's authorize fails with RulesPerSecurityGroupLimitExceeded.
 */
export const SECURITY_GROUP_INBOUND_RULES = 60;
export const MAX_ALLOWED_CIDRS_WITH_RUNNER = Math.floor((SECURITY_GROUP_INBOUND_RULES - RUNNER_INGRESS_PORTS.length) / RUNNER_INGRESS_PORTS.length);

/** The description every runner rule carries: the script finds (and revokes) exactly these. */
export const RUNNER_RULE_DESCRIPTION_PREFIX = "github-actions-runner";

export interface RunnerIngressArgs {
  /** The load balancer's security group the runner is admitted to. */
  readonly securityGroupId: pulumi.Input<string>;
  /** GitHub's OIDC provider the role trusts (DeployIdentity.oidcProviderArn). */
  readonly oidcProviderArn: pulumi.Input<string>;
  /** The one subject it trusts: the check job's (DeployIdentity.subjects.checks), compared exactly. */
  readonly subject: string;
  /** The stack's permissions boundary. @default undefined (none) */
  readonly permissionsBoundary?: pulumi.Input<string>;
}

/** Throws an Error naming the argument, the value and what is allowed. */
export function validateRunnerIngressArgs(args: RunnerIngressArgs): void {
  if (args.subject.trim() === "" || /[*?]/.test(args.subject)) throw new Error(`subject must be one exact OIDC subject (no wildcard), got ${JSON.stringify(args.subject)}`);
}

/** The role's statements: authorize and revoke ingress on the one group, and read its rules (List actions take `*` only). */
export function runnerIngressStatements(securityGroupArn: pulumi.Input<string>, region: pulumi.Input<string>) {
  return [
    {
      Sid: "OpenAndCloseThisGroupOnly",
      Effect: "Allow",
      Action: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"],
      Resource: securityGroupArn,
    },
    {
      Sid: "ReadTheGroupsRules",
      Effect: "Allow",
      Action: ["ec2:DescribeSecurityGroupRules", "ec2:DescribeSecurityGroups"],
      Resource: "*",
      Condition: { StringEquals: { "aws:RequestedRegion": region } },
    },
  ];
}

export class RunnerIngress extends pulumi.ComponentResource {
  /** The role the deploy job assumes (stack output `runnerIngressRoleArn`). */
  public readonly roleArn: pulumi.Output<string>;

  constructor(name: string, args: RunnerIngressArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("credlink:cicd:RunnerIngress", name, {}, opts);
    validateRunnerIngressArgs(args);
    const ctx = awsContext(this);
    const role = new aws.iam.Role(
      name,
      {
        description: `CredLink ${name}: the check job opens the load balancer's group to its runner's address, and closes it`,
        assumeRolePolicy: githubTrustPolicy(args.oidcProviderArn, args.subject),
        maxSessionDuration: 3600,
        permissionsBoundary: args.permissionsBoundary,
      },
      { parent: this },
    );
    const groupArn = pulumi.interpolate`arn:${ctx.partition}:ec2:${ctx.region}:${ctx.accountId}:security-group/${args.securityGroupId}`;
    new aws.iam.RolePolicy(
      name,
      { role: role.id, policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: runnerIngressStatements(groupArn, ctx.region) }) },
      { parent: this },
    );
    this.roleArn = role.arn;
    this.registerOutputs({ roleArn: this.roleArn });
  }
}
