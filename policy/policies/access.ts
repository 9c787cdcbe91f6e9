/**
 * Access controls this program relies on that no checkov or trivy check covers (POLICY-COVERAGE.md, "Controls this
 * program relies on"): the confused-deputy guard on every service role, what KMS key policies grant, and which
 * secrets the task execution role may read. Mandatory in every environment.
 */
import type { PolicyResource } from "@pulumi/policy";
import { statements } from "../lib/aws";
import { conditionValues, isAccountScopedArn, isExactAccount, parseArn, wildcardResources } from "../lib/pins";
import { CredlinkPolicy, getOr, many, plain, refersTo, resourceRule, stackRule, StackProblem } from "../lib/rules";
import { T } from "../lib/types";
import { identityDocuments } from "./identity";

const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const ROLE_POLICY_ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const MANAGED_POLICY = "aws:iam/policy:Policy";
const KEY_POLICY = "aws:kms/keyPolicy:KeyPolicy";

const sid = (s: any) => s.Sid ?? "(no Sid)";
const actionsOf = (s: any): string[] => many<string>(s.Action).map(String);
const servicePrincipals = (principal: unknown): string[] =>
  principal && typeof principal === "object" ? many<string>((principal as any).Service).map(String) : [];

// ---------------------------------------------------------------------------------------------------------------
// The confused deputy on service roles

/**
 * Service principals that assume a role without sending `aws:SourceAccount` / `aws:SourceArn`, so a trust policy that
 * requires them would never match and the service could not assume the role at all. Each is only reachable through
 * `iam:PassRole` inside this account, which is their guard instead.
 */
export const CONFUSED_DEPUTY_EXCEPTIONS: Readonly<Record<string, string>> = {
  // EC2 instance profiles: the IAM user guide's instance role trust policy has no condition; EC2 assumes the role for
  // the instance it was passed to, and a role can't be passed across accounts.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html
  // (and the known false positive of the same check elsewhere: https://github.com/prowler-cloud/prowler/issues/2810)
  "ec2.amazonaws.com": "EC2 instance profile roles (AWS's documented trust policy has no source condition)",
  // The ECS infrastructure role (load balancers for blue/green, linear and canary deployments): the ECS developer
  // guide gives the trust policy as exactly Sid AllowAccessToECSForInfrastructureManagement, no condition.
  // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/AmazonECSInfrastructureRolePolicyForLoadBalancers.html
  "ecs.amazonaws.com": "the ECS infrastructure role (AWS's documented trust policy has no source condition)",
  // The role ECR assumes to create a replicated repository from a creation template that uses a customer managed key:
  // the Amazon ECR user guide gives its trust policy as exactly ecr.amazonaws.com and sts:AssumeRole, no condition.
  // https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-creation-templates-create-iam.html
  "ecr.amazonaws.com": "the ECR repository creation template role (AWS's documented trust policy has no source condition)",
};

/**
 * Services that send `aws:SourceArn` when they assume a role, so the trust policy must pin it too (in this account),
 * with the ARN's service field each one sends.
 */
export const SENDS_SOURCE_ARN: Readonly<Record<string, { readonly arnService: string; readonly cite: string }>> = {
  "ecs-tasks.amazonaws.com": { arnService: "ecs", cite: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html (arn:aws:ecs:<region>:<account>:*)" },
  "vpc-flow-logs.amazonaws.com": { arnService: "ec2", cite: "https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html (arn:aws:ec2:<region>:<account>:vpc-flow-log/*)" },
  "fis.amazonaws.com": { arnService: "fis", cite: "https://docs.aws.amazon.com/fis/latest/userguide/getting-started-iam-service-role.html (arn:aws:fis:<region>:<account>:experiment/*)" },
  "s3.amazonaws.com": { arnService: "s3", cite: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html (the source bucket's ARN)" },
  "monitoring.rds.amazonaws.com": { arnService: "rds", cite: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Monitoring.OS.Enabling.html#USER_Monitoring.OS.confused-deputy (the DB instance's ARN)" },
};

const ASSUME_ACTIONS = /^(sts:AssumeRole|sts:\*|\*)$/i;
const EQUALS = /^(ForAnyValue:)?(StringEquals|StringEqualsIgnoreCase)$/;
const ARN_MATCH = /^(ForAnyValue:)?(ArnEquals|ArnLike|StringEquals|StringLike)$/;

/** What is missing from one trust statement's guard for one service principal, or undefined. */
export function confusedDeputyProblem(service: string, condition: unknown): string | undefined {
  if (service in CONFUSED_DEPUTY_EXCEPTIONS) return undefined;
  const accounts = conditionValues(condition, "aws:SourceAccount", EQUALS);
  if (accounts.length === 0 || !accounts.every(isExactAccount)) {
    return `must pin aws:SourceAccount to this account's 12-digit id with StringEquals (got ${accounts.length ? JSON.stringify(accounts) : "none"})`;
  }
  const needsArn = SENDS_SOURCE_ARN[service];
  if (!needsArn) return undefined;
  const arns = conditionValues(condition, "aws:SourceArn", ARN_MATCH);
  if (arns.length === 0) return `must also pin aws:SourceArn: ${service} sends it (${needsArn.cite})`;
  const bad = arns.filter((a) => {
    const arn = parseArn(a);
    return !isAccountScopedArn(a) || arn?.service !== needsArn.arnService || (arn.account !== "" && !accounts.includes(arn.account));
  });
  return bad.length
    ? `aws:SourceArn ${JSON.stringify(bad)} must be an arn:<partition>:${needsArn.arnService}:... ARN of this account (${accounts.join(", ")}), with no wildcard in its partition, service, region or account`
    : undefined;
}

export const serviceRoleConfusedDeputy = resourceRule({
  name: "iam-service-role-trust-pins-source-account-and-arn",
  description:
    "Every role an AWS service assumes pins aws:SourceAccount to this account, and aws:SourceArn (in this account) where the service sends it, so another account's resource can't get the service to act with this role (the confused deputy). Exceptions, each cited in the code: EC2 instance roles and the ECS infrastructure role.",
  covers: ["no service role without its confused-deputy condition"],
  enforcementLevel: "mandatory",
  types: [ROLE],
  check: (p) =>
    statements(p.assumeRolePolicy)
      .filter((s) => s.Effect === "Allow" && actionsOf(s).some((a) => ASSUME_ACTIONS.test(a)))
      .flatMap((s) =>
        servicePrincipals(s.Principal).flatMap((service) => {
          const problem = confusedDeputyProblem(service, s.Condition);
          return problem ? [`assumeRolePolicy: statement ${sid(s)} for ${service} ${problem}`] : [];
        }),
      ),
});

// ---------------------------------------------------------------------------------------------------------------
// KMS key policies

const KEY_POLICY_TYPES = [T.kmsKey, KEY_POLICY];

export const kmsNoFullAccess = resourceRule({
  name: "kms-no-full-access-to-any-principal",
  description:
    "No KMS key policy statement allows kms:* (or *, or NotAction) to any principal, the account root included: with kms:* any identity whose IAM policy allows kms:Decrypt could use the key directly, around its kms:ViaService statements.",
  covers: ["KMS: no kms:* to any principal"],
  enforcementLevel: "mandatory",
  types: KEY_POLICY_TYPES,
  check: (p) =>
    statements(p.policy)
      .filter((s) => s.Effect === "Allow")
      .flatMap((s) => {
        if (s.NotAction !== undefined) return [`statement ${sid(s)} allows NotAction, i.e. every other KMS action`];
        const full = actionsOf(s).filter((a) => a === "*" || a.toLowerCase() === "kms:*");
        return full.length ? [`statement ${sid(s)} allows ${full.join(", ")} to ${JSON.stringify(plain(s.Principal))}: name the actions`] : [];
      }),
});

/** The actions CloudWatch Logs needs on a key that encrypts log groups. */
const LOGS_ACTIONS = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"];
/** The actions an AWS service needs to publish to an encrypted SNS topic. */
const PUBLISH_TO_ENCRYPTED_TOPIC = ["kms:GenerateDataKey*", "kms:Decrypt"];

/**
 * The KMS actions each service principal may get in a key policy: what the service uses, as AWS documents it. A
 * principal not in this list gets a violation until its documented actions are added here with the citation.
 */
export const KMS_SERVICE_ACTIONS: readonly { readonly principal: RegExp; readonly actions: readonly string[]; readonly cite: string }[] = [
  {
    principal: /^logs\.[a-z]{2}(-gov)?-[a-z]+-\d\.amazonaws\.com$/,
    actions: LOGS_ACTIONS,
    cite: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html",
  },
  // Alarms, EventBridge rules, Budgets and Cost Anomaly Detection publishing to an encrypted topic: "Enable
  // compatibility between event sources from AWS services and encrypted topics".
  ...["cloudwatch.amazonaws.com", "events.amazonaws.com", "budgets.amazonaws.com", "costalerts.amazonaws.com"].map((service) => ({
    principal: new RegExp(`^${service.replace(/\./g, "\\.")}$`),
    actions: PUBLISH_TO_ENCRYPTED_TOPIC,
    cite: "https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services",
  })),
  // S3 event notifications to an encrypted SQS queue (the R2 copy's queue).
  {
    principal: /^s3\.amazonaws\.com$/,
    actions: ["kms:GenerateDataKey", "kms:Decrypt"],
    cite: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/ways-to-add-notification-config-to-bucket.html#grant-destinations-permissions-to-s3",
  },
  // CloudTrail encrypting a trail's log files (and describing the key when the trail is created or updated).
  {
    principal: /^cloudtrail\.amazonaws\.com$/,
    actions: ["kms:GenerateDataKey*", "kms:DescribeKey"],
    cite: "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html",
  },
  // The log delivery service writing vended logs (VPC flow logs) to an SSE-KMS bucket.
  {
    principal: /^delivery\.logs\.amazonaws\.com$/,
    actions: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
    cite: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-and-resource-policy.html#AWS-logs-SSE-KMS-S3",
  },
];

export const kmsServicePrincipalActions = resourceRule({
  name: "kms-service-principals-get-only-their-actions",
  description:
    "In KMS key policies, a service principal is allowed only the actions that service uses, from a cited allow-list per service (CloudWatch Logs: Encrypt*, Decrypt*, ReEncrypt*, GenerateDataKey*, Describe*; services publishing to an encrypted topic: GenerateDataKey*, Decrypt...). An unlisted service is a violation until its documented actions are added.",
  covers: ["KMS: service principals get only the actions they use"],
  enforcementLevel: "mandatory",
  types: KEY_POLICY_TYPES,
  check: (p) =>
    statements(p.policy)
      .filter((s) => s.Effect === "Allow")
      .flatMap((s) =>
        servicePrincipals(s.Principal).flatMap((service) => {
          const entry = KMS_SERVICE_ACTIONS.find((e) => e.principal.test(service));
          if (!entry) return [`statement ${sid(s)} grants ${service}, which has no allow-list entry: add its documented actions (with the citation) to KMS_SERVICE_ACTIONS in policy/policies/access.ts`];
          if (s.NotAction !== undefined) return [`statement ${sid(s)} gives ${service} NotAction; allowed: ${entry.actions.join(", ")}`];
          const allowed = entry.actions.map((a) => a.toLowerCase());
          const extra = actionsOf(s).filter((a) => !allowed.includes(a.toLowerCase()));
          return extra.length ? [`statement ${sid(s)} gives ${service} ${extra.join(", ")}; it uses only ${entry.actions.join(", ")} (${entry.cite})`] : [];
        }),
      ),
});

// ---------------------------------------------------------------------------------------------------------------
// The task execution role and secrets

/** Actions that read a secret's value: Secrets Manager's GetSecretValue and SSM parameters (by name or wildcard). */
const READS_SECRETS = /^(\*|secretsmanager:(\*|Get\*|GetSecretValue|BatchGetSecretValue)|ssm:(\*|Get\*|GetParameters?|GetParametersByPath|GetParameter\*))$/i;

/** AWS managed policies that read every secret. */
const READS_EVERY_SECRET = /:iam::aws:policy\/(SecretsManagerReadWrite|AdministratorAccess|PowerUserAccess|AmazonSSMReadOnlyAccess|AmazonSSMFullAccess|ReadOnlyAccess)$/;

/** The roles a task definition names as its execution role. */
function executionRoles(all: readonly PolicyResource[]): PolicyResource[] {
  const tasks = all.filter((r) => r.type === T.ecsTaskDefinition);
  return all.filter((r) => r.type === ROLE && tasks.some((t) => refersTo(t, "executionRoleArn", r)));
}

/** The statements that read secrets on a wildcard resource, in a document. */
function secretsOnWildcard(doc: unknown): string[] {
  return statements(doc)
    .filter((s) => s.Effect === "Allow")
    .flatMap((s) => {
      const reads = actionsOf(s).filter((a) => READS_SECRETS.test(a));
      const wild = wildcardResources(s);
      return reads.length && wild.length ? [`statement ${sid(s)} allows ${reads.join(", ")} on ${wild.join(", ")}`] : [];
    });
}

export const executionRoleNamedSecrets = stackRule({
  name: "ecs-execution-role-reads-named-secrets-only",
  description:
    "A task definition's execution role reads secrets (secretsmanager:GetSecretValue, ssm:GetParameters...) only on named ARNs, never on \"*\" or a wildcard ARN (arn:aws:secretsmanager:<region>:<account>:secret:*), and has no AWS managed policy that reads every secret.",
  covers: ["no execution role reads secrets on *"],
  enforcementLevel: "mandatory",
  check: (all) => {
    const problems: StackProblem[] = [];
    for (const role of executionRoles(all)) {
      const docs: { where: string; doc: unknown; urn: string }[] = identityDocuments(ROLE, role.props).map((d) => ({ ...d, urn: role.urn }));
      for (const rp of all.filter((r) => r.type === ROLE_POLICY && refersTo(r, "role", role))) docs.push({ where: rp.name, doc: getOr(rp.props, ["policy"], undefined), urn: rp.urn });
      for (const att of all.filter((r) => r.type === ROLE_POLICY_ATTACHMENT && refersTo(r, "role", role))) {
        const arn = String(getOr(att.props, ["policyArn"], ""));
        if (READS_EVERY_SECRET.test(arn)) problems.push({ message: `${role.name}: the execution role has ${arn}, which reads every secret`, urn: att.urn });
        const managed = all.find((m) => m.type === MANAGED_POLICY && refersTo(att, "policyArn", m));
        if (managed) docs.push({ where: managed.name, doc: getOr(managed.props, ["policy"], undefined), urn: managed.urn });
      }
      for (const { where, doc, urn } of docs) {
        for (const problem of secretsOnWildcard(doc)) problems.push({ message: `${role.name}: the execution role's ${where}: ${problem}; name the secrets' ARNs`, urn });
      }
    }
    return problems;
  },
});

export const accessPolicies: CredlinkPolicy[] = [serviceRoleConfusedDeputy, kmsNoFullAccess, kmsServicePrincipalActions, executionRoleNamedSecrets];
