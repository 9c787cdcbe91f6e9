/**
 * The CI roles' policy documents, built from the permission table (permissions/): the deploy role's customer managed
 * policies (one per group of services, each within IAM's 6,144 characters), the preview role's read-only ones, and the
 * guardrails: explicit denies that stay denies whatever another policy allows.
 */
import * as pulumi from "@pulumi/pulumi";
import { BOUNDED_ROLE_ACTIONS, breakGlassActions, DeployScope, global, kmsViaServices, passedToServices, readActions, regional, resourceTagged, SERVICES, serviceLinkedRoleServices, Statement, tableActions } from "./permissions";
import { proofBuckets } from "./permissions/s3";
import { stackRoles } from "./permissions/iam";

/** Where the CI identity's own managed policies live (IAM paths: a name under them can't be one the program makes). */
export const CI_POLICY_PATH = "/credlink-cicd/";
/** Where the stacks' permissions boundaries live. The pack knows this path too (policy/lib/boundary.ts). */
export const BOUNDARY_POLICY_PATH = "/credlink-boundary/";

/** The deploy role's managed policies: each group's services' statements (and the central ones), in this order. */
export const DEPLOY_POLICY_GROUPS: readonly { readonly name: string; readonly services: readonly string[] }[] = [
  { name: "network", services: ["ec2", "ssm", "autoscaling"] },
  { name: "app", services: ["ecs", "ecr", "application-autoscaling", "lambda"] },
  { name: "edge", services: ["elasticloadbalancing", "acm", "route53", "wafv2"] },
  { name: "data", services: ["rds", "elasticache", "s3", "secretsmanager", "sqs"] },
  { name: "identity", services: ["iam", "kms"] },
  { name: "operations", services: ["logs", "cloudwatch", "events", "sns", "budgets", "ce"] },
  { name: "recovery", services: ["backup", "fis", "cloudtrail", "guardduty", "inspector2", "securityhub"] },
];

/** IAM's limit on a customer managed policy document, counted without whitespace (IAM user guide, "IAM and AWS STS quotas"). */
export const MANAGED_POLICY_MAX_CHARS = 6144;
/** Managed policies attached to one role, by default (same page; raisable to 20 by quota request). */
export const MANAGED_POLICIES_PER_ROLE = 10;

/** The secrets-provider key: its alias (`alias/<prefix>-state`), and its ARN when the stack's config names it. */
export interface StateKey {
  readonly alias: string;
  readonly arn?: string;
}

/** Resource and condition that name the secrets-provider key: its ARN, or any key of the primary region with its alias. */
export function stateKeyTarget(scope: DeployScope, key: StateKey): Pick<Statement, "Resource" | "Condition"> {
  if (key.arn !== undefined) return { Resource: [key.arn] };
  return { Resource: [pulumi.interpolate`arn:${scope.partition}:kms:${scope.regions[0]}:${scope.accountId}:key/*`], Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": key.alias } } };
}

/** A CI role's inputs beyond the stack scope. */
export interface CiPolicyInputs {
  readonly scope: DeployScope;
  /** The deploy and preview roles themselves: never changed, passed or tagged by CI. */
  readonly ciRoleArns: readonly pulumi.Input<string>[];
  /**
   * The stack's secrets-provider key (awskms), created once by hand before `pulumi stack init`: the deploy role encrypts
   * and decrypts with it, the preview role decrypts. By its ARN when known, else by its alias (`kms:ResourceAliases`).
   */
  readonly stateKey: StateKey;
  /** A self-managed state backend: this stack's objects only. */
  readonly stateBucket?: string;
}

export interface NamedStatements {
  /** The policy's name suffix (`<prefix>-deploy-<name>`). */
  readonly name: string;
  readonly statements: Statement[];
}

/** Services whose actions a file places: its own prefix and the ones it also places. */
function actionsForFile(service: string, also: readonly string[] = []): string[] {
  const byPrefix = tableActions();
  return [service, ...also].flatMap((p) => byPrefix.get(p) ?? []);
}

/** Every table action with a prefix no service file places: a programming error the tests show. */
export function unplacedPrefixes(): string[] {
  const placed = new Set(SERVICES.flatMap((s) => [s.service, ...(s.alsoPlaces ?? [])]));
  return [...tableActions().keys()].filter((p) => !placed.has(p));
}

function serviceStatements(name: string, scope: DeployScope): Statement[] {
  const file = SERVICES.find((s) => s.service === name);
  if (!file) throw new Error(`no permissions file for the service ${name}`);
  return file.statements(scope, actionsForFile(file.service, file.alsoPlaces));
}

/** iam:PassRole: the stack's roles, to exactly the services the program passes a role to. */
export function passRoleStatement(scope: DeployScope): Statement {
  return {
    Sid: "PassThisStacksRolesToItsServices",
    Effect: "Allow",
    Action: ["iam:PassRole"],
    Resource: [stackRoles(scope)],
    Condition: { StringEquals: { "iam:PassedToService": passedToServices() } },
  };
}

/** The service-linked roles the program's services make on first use. */
export function serviceLinkedRoleStatement(scope: DeployScope): Statement {
  return {
    Sid: "ServiceLinkedRolesOfTheseServices",
    Effect: "Allow",
    Action: ["iam:CreateServiceLinkedRole"],
    Resource: [global(scope, "iam", "role/aws-service-role/*")],
    Condition: { StringEquals: { "iam:AWSServiceName": serviceLinkedRoleServices() } },
  };
}

/** The `kms:ViaService` values: each service the program uses a key through, in each of the stack's regions. */
export const viaServices = (scope: DeployScope) => kmsViaServices().flatMap((svc) => scope.regions.map((r) => `${svc}.${r}.amazonaws.com`));

/**
 * Keys used for the caller through a service (RDS, ElastiCache, ECR, Backup, S3, Secrets Manager, Lambda): only through
 * those services in the stack's regions, on keys tagged as this stack; grants only for AWS resources (KMS developer
 * guide, "kms:ViaService" and "kms:GrantIsForAWSResource").
 */
export function kmsThroughServicesStatements(scope: DeployScope): Statement[] {
  const keys = regional(scope, "kms", "key/*");
  return [
    {
      Sid: "KmsGrantsForAwsResourcesThroughServices",
      Effect: "Allow",
      Action: ["kms:CreateGrant"],
      Resource: keys,
      Condition: { StringEquals: { "kms:ViaService": viaServices(scope), ...resourceTagged(scope) }, Bool: { "kms:GrantIsForAWSResource": "true" } },
    },
    {
      Sid: "KmsUseThroughServices",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey*"],
      Resource: keys,
      Condition: { StringEquals: { "kms:ViaService": viaServices(scope), ...resourceTagged(scope) } },
    },
  ];
}

/** The state backend's objects of this stack: read for both roles, written by the deploy role (the preview role only takes the lock). */
function stateStatements(inputs: CiPolicyInputs, deploy: boolean): Statement[] {
  const { scope, stateBucket } = inputs;
  const target = stateKeyTarget(scope, inputs.stateKey);
  const key: Statement = deploy
    ? { Sid: "UseThisStacksSecretsKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], ...target }
    : { Sid: "DecryptThisStacksSecrets", Effect: "Allow", Action: ["kms:Decrypt"], ...target };
  if (stateBucket === undefined) return [key];
  const bucket = global(scope, "s3", stateBucket, false);
  const path = (dir: string, tail: string) => pulumi.interpolate`${bucket}/.pulumi/${dir}/${scope.project}/${scope.stack}${tail}`;
  return [
    key,
    { Sid: "ListTheStateBucket", Effect: "Allow", Action: ["s3:ListBucket"], Resource: [bucket] },
    { Sid: "ReadThisStacksState", Effect: "Allow", Action: ["s3:GetObject"], Resource: [pulumi.interpolate`${bucket}/.pulumi/meta.yaml`, path("stacks", ".json*"), path("locks", "/*")] },
    {
      Sid: deploy ? "WriteThisStacksState" : "TakeThisStacksLock",
      Effect: "Allow",
      Action: ["s3:DeleteObject", "s3:PutObject"],
      Resource: deploy ? [path("stacks", ".json*"), path("history", "/*"), path("backups", "/*"), path("locks", "/*")] : [path("locks", "/*")],
    },
  ];
}

/** The global services a regional deny must leave alone (their endpoint is one region, whatever the stack's are). */
export const GLOBAL_SERVICE_ACTIONS = ["budgets:*", "ce:*", "cloudfront:*", "health:*", "iam:*", "route53:*", "sts:*", "support:*"];

/** IAM's writes, by verb: what no principal of the stack but an administrator may do to the CI identity. */
export const IAM_WRITE_VERBS = ["iam:Add*", "iam:Attach*", "iam:Create*", "iam:Delete*", "iam:Detach*", "iam:PassRole", "iam:Put*", "iam:Remove*", "iam:Set*", "iam:Tag*", "iam:Untag*", "iam:Update*", "iam:Upload*"];

/**
 * The guardrails: explicit denies (an Allow elsewhere can't undo them), and the state backend.
 * - the CI identity (its roles, its policies, the boundaries, the OIDC provider) never changes or is passed by CI;
 * - no role without the stack's boundary, and no boundary removed;
 * - nothing reserved to the break-glass role (every table entry's `breakGlassOnly`: recovery points, vault locks and
 *   access policies, key deletion, trails, log deletion, object versions, Object Lock bypass);
 * - the proof buckets' policy, Object Lock, versioning and deletion;
 * - the secrets-provider key: use only (no policy, deletion or grant);
 * - nothing outside the stack's regions but the global services.
 */
export function guardrailStatements(inputs: CiPolicyInputs): Statement[] {
  return [...guardrailDenies(inputs.scope, inputs.stateKey, inputs.ciRoleArns), ...stateStatements(inputs, true)];
}

/**
 * The CI identity's roles by name: every role the DeployIdentity and the RunnerIngress create is `<prefix>-cicd-*`
 * (their component names), so a role CI could otherwise write, such as the scan or the runner-ingress role, is covered
 * before it exists.
 */
export const ciIdentityRoles = (scope: DeployScope) => global(scope, "iam", `role/${scope.prefix}-cicd-*`);

/** The guardrails' denies (see guardrailStatements): the same in the deploy role's policy and in the CI boundary. */
export function guardrailDenies(scope: DeployScope, stateKey: StateKey, ciRoleArns: readonly pulumi.Input<string>[] = []): Statement[] {
  return [
    {
      Sid: "NeverChangeTheCiIdentity",
      Effect: "Deny",
      Action: IAM_WRITE_VERBS,
      Resource: [
        ...ciRoleArns,
        ciIdentityRoles(scope),
        global(scope, "iam", `policy${CI_POLICY_PATH}*`),
        global(scope, "iam", `policy${BOUNDARY_POLICY_PATH}*`),
        global(scope, "iam", "oidc-provider/*"),
      ],
    },
    {
      Sid: "NoRoleWithoutThisStacksBoundary",
      Effect: "Deny",
      Action: BOUNDED_ROLE_ACTIONS,
      Resource: "*",
      Condition: { StringNotEquals: { "iam:PermissionsBoundary": scope.boundaryArn } },
    },
    { Sid: "BreakGlassOnly", Effect: "Deny", Action: breakGlassActions(), Resource: "*" },
    {
      Sid: "ProofBucketsAreBreakGlass",
      Effect: "Deny",
      Action: ["s3:DeleteBucket", "s3:DeleteBucketPolicy", "s3:PutBucketObjectLockConfiguration", "s3:PutBucketPolicy", "s3:PutBucketVersioning"],
      Resource: proofBuckets(scope),
    },
    {
      Sid: "SecretsKeyIsUseOnly",
      Effect: "Deny",
      NotAction: ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags"],
      ...stateKeyTarget(scope, stateKey),
    },
    {
      // Repointing the secrets-provider alias would send new secrets to a key of CI's choosing.
      Sid: "SecretsKeyAliasIsAdminOnly",
      Effect: "Deny",
      Action: ["kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"],
      Resource: regional(scope, "kms", `alias/${scope.prefix}-state`),
    },
    {
      Sid: "StayInTheseRegions",
      Effect: "Deny",
      NotAction: GLOBAL_SERVICE_ACTIONS,
      Resource: "*",
      Condition: { StringNotEquals: { "aws:RequestedRegion": [...scope.regions] } },
    },
  ];
}

/**
 * The CI boundary, on the deploy and preview roles: it allows the services their policies grant in and repeats the
 * guardrails' denies, so no policy attached to a CI role later (by mistake, or by an administrator in a hurry) lifts them: evidence
 * stays break-glass, the CI identity and the secrets key stay as the administrator left them, roles are made only with
 * the stack's boundary, and nothing leaves the stack's regions.
 */
export function ciBoundaryStatements(scope: DeployScope, stateKey: StateKey): Statement[] {
  return [{ Sid: "TheServicesTheCiPoliciesUse", Effect: "Allow", Action: ciBoundaryServices().map((p) => `${p}:*`), Resource: "*" }, ...guardrailDenies(scope, stateKey)];
}

/**
 * The services the CI roles' policies act in: every prefix of the permission table (what the program's types call),
 * and the state's (S3 for a self-managed backend, KMS for the secrets key). A role can't act outside them whatever is
 * attached to it.
 */
export function ciBoundaryServices(): string[] {
  return [...new Set([...tableActions().keys(), "iam", "kms", "s3"])].sort();
}

/** The deploy role's managed policies, by group. */
export function deployPolicyStatements(inputs: CiPolicyInputs): NamedStatements[] {
  const { scope } = inputs;
  const groups = DEPLOY_POLICY_GROUPS.map((g) => ({
    name: g.name,
    statements: [
      ...g.services.flatMap((s) => serviceStatements(s, scope)),
      ...(g.name === "identity" ? [passRoleStatement(scope), serviceLinkedRoleStatement(scope), ...kmsThroughServicesStatements(scope)] : []),
    ],
  }));
  return [...groups, { name: "guardrails", statements: guardrailStatements(inputs) }];
}

/**
 * Reads that return data, not configuration: never the preview role's (object contents and keys, secret values,
 * decryption, parameter values, log events, queue messages, image layers, function code, certificate bodies).
 */
export const DATA_PLANE_READS =
  /^(s3:(GetObject|ListBucket)|secretsmanager:GetSecretValue|kms:Decrypt|ssm:GetParameter|logs:(GetLogEvents|FilterLogEvents|StartQuery|GetQueryResults)|sqs:ReceiveMessage|ecr:(BatchGetImage|GetDownloadUrlForLayer)|lambda:GetFunction$|acm:GetCertificate$)/;

/** The preview role's reads: every type's refresh reads, less the data-plane ones, on `*`, one statement per service. */
export function previewReadStatements(): Statement[] {
  const byService = new Map<string, string[]>();
  for (const a of readActions().filter((x) => !DATA_PLANE_READS.test(x))) {
    const svc = a.split(":")[0];
    byService.set(svc, [...(byService.get(svc) ?? []), a]);
  }
  const sid = (svc: string) => `Read${svc.split("-").map((w) => w[0].toUpperCase() + w.slice(1)).join("")}Configuration`;
  return [...byService].sort(([a], [b]) => a.localeCompare(b)).map(([svc, actions]) => ({ Sid: sid(svc), Effect: "Allow" as const, Action: actions, Resource: "*" }));
}

/** The preview role's policies: the reads, split to fit IAM's limit, then the state (decrypt and lock only). */
export function previewPolicyStatements(inputs: CiPolicyInputs): NamedStatements[] {
  return [...packStatements("read", previewReadStatements()), { name: "state", statements: stateStatements(inputs, false) }];
}

/** IAM counts a policy's characters without whitespace. */
export const iamLength = (json: string) => json.replace(/\s/g, "").length;

/**
 * Statements packed in order into as few documents as fit IAM's limit (estimated on the statement text with the
 * account id and partition at their longest; the tests check the real documents).
 */
export function packStatements(name: string, statements: Statement[], limit = MANAGED_POLICY_MAX_CHARS - 400): NamedStatements[] {
  const out: NamedStatements[] = [];
  let current: Statement[] = [];
  let size = 0;
  for (const s of statements) {
    const n = iamLength(JSON.stringify(s));
    if (current.length > 0 && size + n > limit) {
      out.push({ name: `${name}-${out.length + 1}`, statements: current });
      current = [];
      size = 0;
    }
    current.push(s);
    size += n;
  }
  if (current.length > 0) out.push({ name: out.length === 0 ? name : `${name}-${out.length + 1}`, statements: current });
  return out;
}

/** A policy document from statements (Outputs resolved). */
export const policyDocument = (statements: readonly Statement[]): pulumi.Output<string> => pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements });
