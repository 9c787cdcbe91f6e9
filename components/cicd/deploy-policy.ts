/**
 * The CI roles' policy documents, built from the permission table (permissions/): the deploy role's customer managed
 * policies (one per group of services, each within IAM's 6,144 characters), the preview role's read-only ones, and the
 * guardrails: explicit denies that stay denies whatever another policy allows.
 */
import * as pulumi from "@pulumi/pulumi";
import { BOUNDED_ROLE_ACTIONS, breakGlassActions, DeployScope, global, kmsViaServices, passedToServices, readActions, regional, resourceTagged, SERVICES, serviceLinkedRoleServices, Statement, tableActions } from "./permissions";
import { proofBuckets } from "./permissions/s3";
import { stackRoles } from "./permissions/iam";
import { alertTopics } from "./permissions/sns";

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

/**
 * The object keys of one stack in a self-managed (DIY) backend with projects (pulumi/pulumi, pkg/backend/diy):
 * store.go puts the checkpoint at `.pulumi/stacks/<project>/<stack>.json` (`.gz`, `.zst` and the `.bak` beside it),
 * history and backups under `.pulumi/{history,backups}/<project>/<stack>/`, incremental journal entries (newer CLIs)
 * under `.pulumi/journal/<project>/<stack>/`; lock.go puts the lock at `.pulumi/locks/<fully qualified name>/<id>.json`,
 * and a project stack's fully qualified name is `organization/<project>/<stack>` (diyBackendReference).
 */
export function stateObjectPaths(project: string, stack: string) {
  return {
    meta: ".pulumi/meta.yaml",
    stack: `.pulumi/stacks/${project}/${stack}.json*`,
    history: `.pulumi/history/${project}/${stack}/*`,
    backups: `.pulumi/backups/${project}/${stack}/*`,
    journal: `.pulumi/journal/${project}/${stack}/*`,
    lock: `.pulumi/locks/organization/${project}/${stack}/*`,
  } as const;
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
  const paths = stateObjectPaths(scope.project, scope.stack);
  const objects = (keys: readonly string[]) => keys.map((k) => pulumi.interpolate`${bucket}/${k}`);
  return [
    key,
    { Sid: "ListTheStateBucket", Effect: "Allow", Action: ["s3:ListBucket"], Resource: [bucket] },
    { Sid: "ReadThisStacksState", Effect: "Allow", Action: ["s3:GetObject"], Resource: objects([paths.meta, paths.stack, paths.lock, paths.journal]) },
    {
      Sid: deploy ? "WriteThisStacksState" : "TakeThisStacksLock",
      Effect: "Allow",
      Action: ["s3:DeleteObject", "s3:PutObject"],
      Resource: objects(deploy ? [paths.stack, paths.history, paths.backups, paths.lock, paths.journal] : [paths.lock]),
    },
  ];
}

/** The global services a regional deny must leave alone (their endpoint is one region, whatever the stack's are). */
export const GLOBAL_SERVICE_ACTIONS = ["budgets:*", "ce:*", "cloudfront:*", "health:*", "iam:*", "route53:*", "sts:*", "support:*"];

/** IAM's writes, by verb: what no principal of the stack but an administrator may do to the CI identity. */
export const IAM_WRITE_VERBS = ["iam:Add*", "iam:Attach*", "iam:Create*", "iam:Delete*", "iam:Detach*", "iam:PassRole", "iam:Put*", "iam:Remove*", "iam:Set*", "iam:Tag*", "iam:Untag*", "iam:Update*", "iam:Upload*"];

/**
 * The guardrails: explicit denies (an Allow elsewhere can't undo them). The state backend has a policy of its own.
 * - the CI identity (its roles, its policies, the boundaries, the OIDC provider) never changes or is passed by CI;
 * - no role without the stack's boundary, and no boundary removed;
 * - nothing reserved to the break-glass role (every table entry's `breakGlassOnly`: recovery points, vault locks and
 *   access policies, key deletion, trails, log deletion, object versions, Object Lock bypass);
 * - the proof buckets' policy, Object Lock, versioning and deletion;
 * - the names of another stack nested under this one's prefix (a failover stack beside its primary), and the DR
 *   region's replica images;
 * - the secrets-provider key: use only (no policy, deletion or grant);
 * - nothing outside the stack's regions but the global services.
 */
export function guardrailStatements(inputs: CiPolicyInputs): Statement[] {
  return guardrailDenies(inputs.scope, inputs.stateKey, inputs.ciRoleArns);
}

/**
 * The CI identity's roles by name: every role the DeployIdentity and the RunnerIngress create is `<prefix>-cicd-*`
 * (their component names), so a role CI could otherwise write, such as the scan or the runner-ingress role, is covered
 * before it exists.
 */
export const ciIdentityRoles = (scope: DeployScope) => global(scope, "iam", `role/${scope.prefix}-cicd-*`);

/**
 * Every name another stack in the account can have under this stack's prefix (`credlink-prod-dr`, prod's failover
 * stack, under prod's `credlink-prod`), in each service the table scopes by name: the deny that keeps this stack's
 * `<prefix>-*` grants off them. ARN wildcards stay within a segment but the last, and never stand for the service (IAM
 * user guide, "IAM JSON policy elements: Resource", wildcards in resource ARNs): one pattern per service, any region.
 * A test derives the list's completeness from the generated allows (every name-scoped pattern, with the other prefix).
 */
export function nestedStackResources(scope: DeployScope, other: string): pulumi.Output<string>[] {
  // Any account: a deny on the nested stack's names in every account is as strict here (the deploy role acts in its
  // own), and the CI boundary, one managed policy of at most 6,144 characters, can't spare the account id 22 times.
  const { partition: p } = scope;
  const a = "*";
  const arn = (service: string, region: string, account: pulumi.Input<string>, tail: string) => pulumi.interpolate`arn:${p}:${service}:${region}:${account}:${tail}`;
  return [
    ...["role", "policy", "instance-profile"].map((kind) => arn("iam", "", a, `${kind}/${other}-*`)),
    arn("s3", "", "", `${other}-*`),
    arn("cloudwatch", "", a, `dashboard/${other}*`),
    arn("budgets", "", a, `budget/${other}-*`),
    ...["rds", "elasticache"].map((service) => arn(service, "*", a, `*:${other}-*`)),
    ...["ecs", "elasticloadbalancing", "wafv2"].map((service) => arn(service, "*", a, `*/${other}*`)),
    arn("cloudwatch", "*", a, `alarm:*${other}*`),
    arn("logs", "*", a, `log-group:*${other}*`),
    arn("events", "*", a, `rule/${other}-*`),
    arn("ecr", "*", a, `repository/${other}*`),
    arn("kms", "*", a, `alias/${other}-*`),
    arn("lambda", "*", a, `function:${other}-*`),
    arn("secretsmanager", "*", a, `secret:${other}-*`),
    arn("sns", "*", a, `${other}-*`),
    arn("sqs", "*", a, `${other}-*`),
    arn("backup", "*", a, `backup-vault:${other}-*`),
    arn("autoscaling", "*", a, `autoScalingGroup:*:autoScalingGroupName/${other}-*`),
    arn("cloudtrail", "*", a, `trail/${other}-*`),
  ];
}

/**
 * Lifecycle actions the program calls that the deploy role is nevertheless denied on some resources, or in prod: each
 * silences a pager or loosens evidence, so only the break-glass role does it. In prod the first `up` is the
 * break-glass role's (docs/CICD.md, "One-time setup"): it creates what these actions configure, and CI's later `up`s
 * only read them back; a change to one (a replication rule, a new notification on a proof bucket, a database or
 * backup plan replaced) fails in CI and is run by an administrator ("What only break-glass may do").
 */
export interface ScopedBreakGlass {
  readonly sid: string;
  readonly actions: readonly string[];
  readonly resources: (s: DeployScope) => pulumi.Input<string> | readonly pulumi.Input<string>[];
  /** Denied in prod stacks only (credlink:environment prod); dev's CI keeps them. */
  readonly prodOnly: boolean;
  readonly why: string;
}

export const SCOPED_BREAK_GLASS: readonly ScopedBreakGlass[] = [
  { sid: "AlertTopicsStay", actions: ["sns:DeleteTopic"], resources: alertTopics, prodOnly: false, why: "deleting an alert topic silences every alarm and finding routed to it" },
  {
    sid: "ProdProofBucketsConfigurationIsBreakGlass",
    actions: ["s3:PutBucketLogging", "s3:PutBucketNotification", "s3:PutEncryptionConfiguration", "s3:PutReplicationConfiguration"],
    resources: proofBuckets,
    prodOnly: true,
    why: "the proof record's replica, encryption, access log and notifications are set by the first (break-glass) up",
  },
  {
    sid: "ProdDatabaseAndBackupsAreBreakGlass",
    actions: ["backup:DeleteBackupPlan", "backup:DeleteBackupSelection", "backup:PutBackupVaultLockConfiguration", "rds:DeleteDBInstance"],
    resources: () => "*",
    prodOnly: true,
    why: "deleting the database or the backup plan or selection, or changing a vault lock, ends what protects the record",
  },
];

/** The scoped break-glass denies that apply to one stack. */
export const scopedBreakGlass = (scope: Pick<DeployScope, "environment">) => SCOPED_BREAK_GLASS.filter((b) => !b.prodOnly || scope.environment === "prod");

/** Every action the deploy role of a stack is denied that some lifecycle or break-glass entry names. */
export const breakGlassOnlyFor = (scope: Pick<DeployScope, "environment">) => [...new Set([...breakGlassActions(), ...scopedBreakGlass(scope).flatMap((b) => b.actions)])].sort();

/** The guardrails' denies (see guardrailStatements): the same in the deploy role's policy and in the CI boundary. */
export function guardrailDenies(scope: DeployScope, stateKey: StateKey, ciRoleArns: readonly pulumi.Input<string>[] = []): Statement[] {
  const nested = scope.nestedStackPrefixes ?? [];
  const drRegions = scope.regions.slice(1);
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
    // A key policy written with the lockout safety check bypassed may name nobody able to repair it, the account root
    // included (KMS API reference, PutKeyPolicy and CreateKey: BypassPolicyLockoutSafetyCheck). Every key's own
    // policy denies the PutKeyPolicy half to the deploy role too (lib/kms.ts); only IAM policies reach CreateKey.
    { Sid: "NeverBypassTheKeyLockoutCheck", Effect: "Deny", Action: ["kms:CreateKey", "kms:PutKeyPolicy"], Resource: "*", Condition: { Bool: { "kms:BypassPolicyLockoutSafetyCheck": "true" } } },
    ...scopedBreakGlass(scope).map((b): Statement => ({ Sid: b.sid, Effect: "Deny", Action: [...b.actions], Resource: b.resources(scope) })),
    {
      Sid: "ProofBucketsAreBreakGlass",
      Effect: "Deny",
      Action: ["s3:DeleteBucket", "s3:DeleteBucketPolicy", "s3:PutBucketObjectLockConfiguration", "s3:PutBucketPolicy", "s3:PutBucketVersioning"],
      Resource: proofBuckets(scope),
    },
    // Another stack's resources, in this account under this stack's prefix: its CI identity and everything it runs.
    ...(nested.length === 0 ? [] : [{ Sid: "NeverTheNestedStacksResources", Effect: "Deny" as const, Action: ["*"], Resource: nested.flatMap((o) => nestedStackResources(scope, o)) }]),
    // The DR region's copy of the images (the replica of the stack's repository): a failover runs it. Its images and the
    // repository itself are never deleted by CI (the copies' freshness check would page, but the image would be gone).
    ...(drRegions.length === 0
      ? []
      : [
          {
            Sid: "ReplicaImagesAreBreakGlass",
            Effect: "Deny" as const,
            Action: ["ecr:BatchDeleteImage", "ecr:DeleteRepository"],
            Resource: drRegions.map((r) => pulumi.interpolate`arn:${scope.partition}:ecr:${r}:${scope.accountId}:repository/${scope.prefix}`),
          },
        ]),
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
  // The state backend's statements in a policy of their own, as the preview role's: with a self-managed bucket they
  // would push the guardrails past IAM's 6,144 characters.
  return [...groups, { name: "guardrails", statements: guardrailStatements(inputs) }, { name: "state", statements: stateStatements(inputs, true) }];
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
