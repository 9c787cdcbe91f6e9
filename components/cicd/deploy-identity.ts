/**
 * The identity GitHub Actions deploys with: GitHub's OIDC provider (or an existing one), a deploy role per
 * stack that only a job in the stack's protected GitHub environment can assume, and a read-only preview role for pull
 * requests. No long-lived AWS keys exist anywhere.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsContext, AwsContext } from "../lib/aws-context";

/** GitHub's OIDC issuer, and the audience aws-actions/configure-aws-credentials asks for. */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
export const GITHUB_OIDC_AUDIENCE = "sts.amazonaws.com";

/**
 * GitHub's naming rules (the sign-up and "create repository" forms; GitHub Docs, "About repositories"): an owner (user
 * or organization) is 1-39 letters, digits and single hyphens, not starting or ending with one; a repository name is
 * 1-100 letters, digits, `.`, `_` and `-`, and not `.` or `..`. The OIDC `sub` claim spells both exactly as GitHub
 * does, and the trust policy compares with StringEquals (case-sensitive): write them with GitHub's capitalisation.
 */
export const GITHUB_OWNER_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
export const GITHUB_REPO_PATTERN = /^(?!\.{1,2}$)[A-Za-z0-9._-]{1,100}$/;

export interface DeployIdentityArgs {
  /** The GitHub user or organization that owns the repository, spelled as GitHub does (the `sub` claim is case-sensitive). */
  readonly githubOwner: string;
  /** The repository's name. */
  readonly githubRepo: string;
  /** The GitHub environment whose jobs may assume the deploy role (`repo:<owner>/<repo>:environment:<environment>`). */
  readonly environment: string;
  /**
   * The prefix of every physical name this stack creates (`credlink-prod`): the deploy role's writes are scoped to
   * ARNs that start with it where the service names resources after their logical name.
   */
  readonly resourcePrefix: string;
  /** The regions the stack deploys to (the primary and, with DR, the DR region): writes outside them are refused. */
  readonly regions: readonly string[];
  /**
   * Create GitHub's OIDC provider. It is an account singleton (one per issuer URL): in an account two stacks share,
   * exactly one of them creates it, and the other uses `oidcProviderArn` or the account's default ARN. @default false
   */
  readonly createOidcProvider?: boolean;
  /**
   * The existing provider to trust when `createOidcProvider` is false.
   * @default `arn:<partition>:iam::<account>:oidc-provider/token.actions.githubusercontent.com`
   */
  readonly oidcProviderArn?: string;
  /** The Route 53 hosted zone the stack writes records in (certificate validation, alias). @default undefined (none) */
  readonly hostedZoneId?: string;
  /**
   * The S3 bucket of a self-managed Pulumi state backend (`pulumi login s3://<bucket>`): the roles get exactly this
   * stack's state, history, backups and lock objects. With Pulumi Cloud, leave it out. @default undefined
   */
  readonly stateBucket?: string;
  /** The Pulumi project and stack, for the state objects' keys. @default "credlink", the environment */
  readonly project?: string;
  readonly stack?: string;
}

export type ResolvedDeployIdentityArgs = Omit<DeployIdentityArgs, "createOidcProvider" | "project" | "stack"> &
  Required<Pick<DeployIdentityArgs, "createOidcProvider" | "project" | "stack">>;

/** Applies the documented defaults. The single place they live. */
export function resolveDeployIdentityArgs(args: DeployIdentityArgs): ResolvedDeployIdentityArgs {
  return { ...args, createOidcProvider: args.createOidcProvider ?? false, project: args.project ?? "credlink", stack: args.stack ?? args.environment };
}

const OIDC_PROVIDER_ARN = /^arn:aws[\w-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/;
/** S3 bucket names: 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Throws an Error naming the argument, the value and what is allowed. */
export function validateDeployIdentityArgs(args: Pick<ResolvedDeployIdentityArgs, "githubOwner" | "githubRepo" | "createOidcProvider" | "oidcProviderArn" | "stateBucket">): void {
  if (!GITHUB_OWNER_PATTERN.test(args.githubOwner)) {
    throw new Error(`githubOwner must be a GitHub user or organization name (1-39 letters, digits and single hyphens, not starting or ending with one), got ${JSON.stringify(args.githubOwner)}`);
  }
  if (!GITHUB_REPO_PATTERN.test(args.githubRepo)) {
    throw new Error(`githubRepo must be a GitHub repository name (1-100 letters, digits, '.', '_' and '-', not "." or ".."), got ${JSON.stringify(args.githubRepo)}`);
  }
  if (args.oidcProviderArn !== undefined && args.createOidcProvider) {
    throw new Error(`oidcProviderArn must not be set with createOidcProvider true (the stack creates the provider itself), got ${JSON.stringify(args.oidcProviderArn)}`);
  }
  if (args.oidcProviderArn !== undefined && !OIDC_PROVIDER_ARN.test(args.oidcProviderArn)) {
    throw new Error(`oidcProviderArn must be GitHub's OIDC provider, arn:aws:iam::<12 digits>:oidc-provider/token.actions.githubusercontent.com, got ${JSON.stringify(args.oidcProviderArn)}`);
  }
  if (args.stateBucket !== undefined && !BUCKET_NAME.test(args.stateBucket)) {
    throw new Error(`stateBucket must be an S3 bucket name (3-63 lowercase letters, digits, '.' and '-'), got ${JSON.stringify(args.stateBucket)}`);
  }
}

/** The trust policy of a role GitHub Actions assumes: the audience and the exact subject, no wildcard. */
export function githubTrustPolicy(providerArn: pulumi.Input<string>, subject: string): pulumi.Output<string> {
  return pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "GitHubActionsOidc",
        Effect: "Allow",
        Principal: { Federated: providerArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE,
            [`${GITHUB_OIDC_HOST}:sub`]: subject,
          },
        },
      },
    ],
  });
}

/** The subjects the roles trust: a job in the protected environment, and a pull request's jobs. */
export const deploySubject = (owner: string, repo: string, environment: string) => `repo:${owner}/${repo}:environment:${environment}`;
export const previewSubject = (owner: string, repo: string) => `repo:${owner}/${repo}:pull_request`;

/**
 * What `pulumi preview` and a refresh read: describe/list/get of the configuration of every service the program uses.
 * No data: no S3 object, no secret value, no log event, no KMS decrypt.
 */
export const READ_ACTIONS = [
  "acm:DescribeCertificate",
  "acm:ListTagsForCertificate",
  "application-autoscaling:Describe*",
  "cloudwatch:DescribeAlarms",
  "cloudwatch:GetDashboard",
  "cloudwatch:ListTagsForResource",
  "ec2:Describe*",
  "ecr:DescribeRepositories",
  "ecr:GetLifecyclePolicy",
  "ecr:GetRepositoryPolicy",
  "ecr:ListTagsForResource",
  "ecs:Describe*",
  "ecs:List*",
  "elasticache:Describe*",
  "elasticache:ListTagsForResource",
  "elasticloadbalancing:Describe*",
  "iam:GetOpenIDConnectProvider",
  "inspector2:ListFindings",
  "iam:GetRole",
  "iam:GetRolePolicy",
  "iam:ListAttachedRolePolicies",
  "iam:ListRolePolicies",
  "kms:DescribeKey",
  "kms:GetKeyPolicy",
  "kms:GetKeyRotationStatus",
  "kms:ListAliases",
  "kms:ListResourceTags",
  "logs:DescribeLogGroups",
  "logs:ListTagsForResource",
  "rds:Describe*",
  "rds:ListTagsForResource",
  "route53:GetChange",
  "route53:GetHealthCheck",
  "route53:GetHostedZone",
  "route53:ListResourceRecordSets",
  "route53:ListTagsForResource",
  "s3:GetBucket*",
  "s3:GetEncryptionConfiguration",
  "s3:GetLifecycleConfiguration",
  "s3:GetReplicationConfiguration",
  "s3:ListAllMyBuckets",
  "secretsmanager:DescribeSecret",
  "secretsmanager:GetResourcePolicy",
  "sns:GetSubscriptionAttributes",
  "sns:GetTopicAttributes",
  "sns:ListTagsForResource",
] as const;

/** The services whose roles the stack passes (ECS tasks and infrastructure, RDS monitoring, flow logs, S3 replication). */
export const PASSED_TO_SERVICES = ["ecs-tasks.amazonaws.com", "ecs.amazonaws.com", "monitoring.rds.amazonaws.com", "vpc-flow-logs.amazonaws.com", "s3.amazonaws.com"] as const;

/** The IAM write actions on the stack's own roles. */
const ROLE_WRITE_ACTIONS = [
  "iam:CreateRole",
  "iam:DeleteRole",
  "iam:UpdateRole",
  "iam:UpdateRoleDescription",
  "iam:UpdateAssumeRolePolicy",
  "iam:TagRole",
  "iam:UntagRole",
  "iam:PutRolePolicy",
  "iam:DeleteRolePolicy",
  "iam:ListInstanceProfilesForRole",
];

type Statement = { Sid: string; Effect: "Allow" | "Deny"; Action: string | readonly string[]; Resource: pulumi.Input<string> | pulumi.Input<string>[]; Condition?: Record<string, unknown> };

/** The state backend's objects of this stack: read for both roles, written by the deploy role (the preview role only takes the lock). */
function stateStatements(args: ResolvedDeployIdentityArgs, partition: pulumi.Input<string>, deploy: boolean): Statement[] {
  if (args.stateBucket === undefined) return [];
  const bucket = pulumi.interpolate`arn:${partition}:s3:::${args.stateBucket}`;
  const key = (dir: string, tail: string) => pulumi.interpolate`${bucket}/.pulumi/${dir}/${args.project}/${args.stack}${tail}`;
  return [
    { Sid: "ListTheStateBucket", Effect: "Allow", Action: "s3:ListBucket", Resource: bucket },
    {
      Sid: "ReadThisStacksState",
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: [pulumi.interpolate`${bucket}/.pulumi/meta.yaml`, key("stacks", ".json*"), key("locks", "/*")],
    },
    {
      Sid: deploy ? "WriteThisStacksState" : "TakeThisStacksLock",
      Effect: "Allow",
      Action: ["s3:PutObject", "s3:DeleteObject"],
      Resource: deploy ? [key("stacks", ".json*"), key("history", "/*"), key("backups", "/*"), key("locks", "/*")] : [key("locks", "/*")],
    },
  ];
}

/** The preview role's policy: the configuration reads, and the state (when self-managed). Nothing that writes AWS. */
export function previewPolicyDocument(args: ResolvedDeployIdentityArgs, ctx: Pick<AwsContext, "partition">): pulumi.Output<string> {
  return pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [{ Sid: "ReadConfiguration", Effect: "Allow", Action: READ_ACTIONS, Resource: "*" }, ...stateStatements(args, ctx.partition, false)],
  });
}

/**
 * The deploy role's policy: what `pulumi up` of this stack does, scoped to the stack's own names where the service
 * names resources after them, and to the stack's regions where it can't (README, "What the deploy role can't scope").
 * `ciRoleArns` are the deploy and preview roles themselves: an explicit deny keeps CI from widening its own rights.
 */
export function deployPolicyDocument(
  args: ResolvedDeployIdentityArgs,
  ctx: Pick<AwsContext, "partition" | "accountId">,
  ciRoleArns: pulumi.Input<string>[],
): pulumi.Output<string> {
  const p = args.resourcePrefix;
  const { partition: part, accountId: acct } = ctx;
  const inRegions = { StringEquals: { "aws:RequestedRegion": [...args.regions] } };
  const regional = (service: string, tail: string) => args.regions.map((r) => pulumi.interpolate`arn:${part}:${service}:${r}:${acct}:${tail}`);
  const statements: Statement[] = [
    { Sid: "ReadConfiguration", Effect: "Allow", Action: READ_ACTIONS, Resource: "*" },
    {
      // VPC, subnets, route tables, NAT gateways, EIPs, security groups and flow logs get random ids: scoped by region.
      Sid: "NetworkInTheseRegions",
      Effect: "Allow",
      Action: [
        "ec2:Allocate*", "ec2:Associate*", "ec2:Attach*", "ec2:AuthorizeSecurityGroup*", "ec2:Create*", "ec2:Delete*",
        "ec2:Detach*", "ec2:Disassociate*", "ec2:Modify*", "ec2:ReleaseAddress", "ec2:Replace*", "ec2:RevokeSecurityGroup*",
        "ec2:UpdateSecurityGroupRule*",
      ],
      Resource: "*",
      Condition: inRegions,
    },
    {
      // Key ids are random; a key policy of its own guards each key's use (this role is not a key user).
      Sid: "KeysInTheseRegions",
      Effect: "Allow",
      Action: [
        "kms:CreateKey", "kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias", "kms:EnableKeyRotation", "kms:PutKeyPolicy",
        "kms:ScheduleKeyDeletion", "kms:TagResource", "kms:UntagResource", "kms:UpdateKeyDescription",
      ],
      Resource: "*",
      Condition: inRegions,
    },
    {
      // Buckets only: no object is read. Deleting objects lets a dev stack (forceDestroy) tear down.
      Sid: "ThisStacksBuckets",
      Effect: "Allow",
      Action: "s3:*",
      Resource: [pulumi.interpolate`arn:${part}:s3:::${p}-*`],
    },
    {
      Sid: "EmptyThisStacksBuckets",
      Effect: "Allow",
      Action: ["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:ListBucketVersions"],
      Resource: [pulumi.interpolate`arn:${part}:s3:::${p}-*/*`],
    },
    { Sid: "ThisStacksRoles", Effect: "Allow", Action: ROLE_WRITE_ACTIONS, Resource: pulumi.interpolate`arn:${part}:iam::${acct}:role/${p}-*` },
    {
      // Managed policies: only the two AWS policies the stack attaches (RDS enhanced monitoring, the ECS infrastructure role).
      Sid: "AttachOnlyTheseManagedPolicies",
      Effect: "Allow",
      Action: ["iam:AttachRolePolicy", "iam:DetachRolePolicy"],
      Resource: pulumi.interpolate`arn:${part}:iam::${acct}:role/${p}-*`,
      Condition: {
        ArnEquals: {
          "iam:PolicyARN": [
            pulumi.interpolate`arn:${part}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`,
            pulumi.interpolate`arn:${part}:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers`,
          ],
        },
      },
    },
    {
      Sid: "PassThisStacksRolesToItsServices",
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: pulumi.interpolate`arn:${part}:iam::${acct}:role/${p}-*`,
      Condition: { StringEquals: { "iam:PassedToService": [...PASSED_TO_SERVICES] } },
    },
    {
      Sid: "ServiceLinkedRoles",
      Effect: "Allow",
      Action: "iam:CreateServiceLinkedRole",
      Resource: pulumi.interpolate`arn:${part}:iam::${acct}:role/aws-service-role/*`,
      Condition: {
        StringEquals: {
          "iam:AWSServiceName": ["ecs.amazonaws.com", "elasticloadbalancing.amazonaws.com", "rds.amazonaws.com", "elasticache.amazonaws.com", "ecs.application-autoscaling.amazonaws.com"],
        },
      },
    },
    { Sid: "ThisStacksLogGroups", Effect: "Allow", Action: "logs:*", Resource: [...regional("logs", "log-group:/credlink/*"), ...regional("logs", `log-group:/aws/rds/instance/${p}*`)] },
    { Sid: "ThisStacksRepository", Effect: "Allow", Action: "ecr:*", Resource: regional("ecr", `repository/${p}*`) },
    {
      Sid: "ThisStacksEcs",
      Effect: "Allow",
      Action: "ecs:*",
      Resource: [...regional("ecs", `cluster/${p}*`), ...regional("ecs", `service/${p}*/*`), ...regional("ecs", `task-definition/${p}*:*`)],
    },
    // Task definitions are registered without a resource ARN (ECS has no resource-level permission for it).
    { Sid: "TaskDefinitions", Effect: "Allow", Action: ["ecs:RegisterTaskDefinition", "ecs:DeregisterTaskDefinition", "ecs:TagResource"], Resource: "*", Condition: inRegions },
    {
      Sid: "ThisStacksLoadBalancer",
      Effect: "Allow",
      Action: "elasticloadbalancing:*",
      Resource: [
        ...regional("elasticloadbalancing", `loadbalancer/app/${p}*/*`),
        ...regional("elasticloadbalancing", `targetgroup/${p}*/*`),
        ...regional("elasticloadbalancing", `listener/app/${p}*/*`),
        ...regional("elasticloadbalancing", `listener-rule/app/${p}*/*`),
      ],
    },
    { Sid: "ThisStacksDatabase", Effect: "Allow", Action: "rds:*", Resource: regional("rds", `*:${p}*`) },
    { Sid: "ThisStacksCache", Effect: "Allow", Action: "elasticache:*", Resource: [...regional("elasticache", `*:${p}*`), ...regional("elasticache", "parametergroup:default.*")] },
    {
      // The cache AUTH secret (named after the stack) and the database master secret RDS creates for the caller (rds!db-...).
      Sid: "ThisStacksSecrets",
      Effect: "Allow",
      Action: [
        "secretsmanager:CreateSecret", "secretsmanager:DeleteSecret", "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecret",
        "secretsmanager:TagResource", "secretsmanager:UntagResource", "secretsmanager:PutResourcePolicy", "secretsmanager:DeleteResourcePolicy",
        "secretsmanager:RotateSecret",
      ],
      Resource: [...regional("secretsmanager", `secret:${p}-*`), ...regional("secretsmanager", "secret:rds!*")],
    },
    { Sid: "ThisStacksTopics", Effect: "Allow", Action: "sns:*", Resource: regional("sns", `${p}-*`) },
    { Sid: "ThisStacksAlarmsAndDashboard", Effect: "Allow", Action: "cloudwatch:*", Resource: [...regional("cloudwatch", `alarm:${p}-*`), pulumi.interpolate`arn:${part}:cloudwatch::${acct}:dashboard/${p}*`] },
    {
      // Scalable targets and scaling policies have generated ids.
      Sid: "Autoscaling",
      Effect: "Allow",
      Action: ["application-autoscaling:RegisterScalableTarget", "application-autoscaling:DeregisterScalableTarget", "application-autoscaling:PutScalingPolicy", "application-autoscaling:DeleteScalingPolicy", "application-autoscaling:TagResource"],
      Resource: "*",
      Condition: inRegions,
    },
    {
      Sid: "Certificates",
      Effect: "Allow",
      Action: ["acm:RequestCertificate", "acm:DeleteCertificate", "acm:AddTagsToCertificate", "acm:RemoveTagsFromCertificate"],
      Resource: "*",
      Condition: inRegions,
    },
    {
      // Route 53 health checks have generated ids; record changes are limited to the stack's zone.
      Sid: "HealthChecks",
      Effect: "Allow",
      Action: ["route53:CreateHealthCheck", "route53:UpdateHealthCheck", "route53:DeleteHealthCheck", "route53:ChangeTagsForResource"],
      Resource: pulumi.interpolate`arn:${part}:route53:::healthcheck/*`,
    },
    ...(args.hostedZoneId
      ? [{ Sid: "ThisStacksZone", Effect: "Allow" as const, Action: "route53:ChangeResourceRecordSets", Resource: pulumi.interpolate`arn:${part}:route53:::hostedzone/${args.hostedZoneId}` }]
      : []),
    ...stateStatements(args, part, true),
    {
      // CI never changes its own identity: the deploy and preview roles (and the OIDC provider) change only through an
      // administrator's local `pulumi up`.
      Sid: "NeverChangeTheCiIdentity",
      Effect: "Deny",
      Action: ["iam:Attach*", "iam:Create*", "iam:Delete*", "iam:Detach*", "iam:Put*", "iam:Tag*", "iam:Untag*", "iam:Update*"],
      Resource: [...ciRoleArns, pulumi.interpolate`arn:${part}:iam::${acct}:oidc-provider/*`],
    },
  ];
  return pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements });
}

/**
 * GitHub Actions' way into this stack's account: an OIDC provider (or an existing one), a deploy role trusted only by a
 * job in the stack's GitHub environment, and a read-only preview role trusted by the repository's pull requests.
 */
export class DeployIdentity extends pulumi.ComponentResource {
  public readonly oidcProviderArn: pulumi.Output<string>;
  public readonly deployRoleArn: pulumi.Output<string>;
  public readonly previewRoleArn: pulumi.Output<string>;

  constructor(name: string, args: DeployIdentityArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("credlink:cicd:DeployIdentity", name, {}, opts);
    const resolved = resolveDeployIdentityArgs(args);
    validateDeployIdentityArgs(resolved);
    const ctx = awsContext(this);

    this.oidcProviderArn = this.createOrReferenceProvider(name, resolved, ctx);
    const { githubOwner: owner, githubRepo: repo } = resolved;

    const previewRole = new aws.iam.Role(
      `${name}-preview`,
      {
        description: `CredLink ${name}: pulumi preview from pull requests of ${owner}/${repo} (read-only)`,
        assumeRolePolicy: githubTrustPolicy(this.oidcProviderArn, previewSubject(owner, repo)),
        maxSessionDuration: 3600,
      },
      { parent: this },
    );
    new aws.iam.RolePolicy(`${name}-preview`, { role: previewRole.id, policy: previewPolicyDocument(resolved, ctx) }, { parent: this });

    const deployRole = new aws.iam.Role(
      `${name}-deploy`,
      {
        description: `CredLink ${name}: pulumi up from the ${resolved.environment} environment of ${owner}/${repo}`,
        assumeRolePolicy: githubTrustPolicy(this.oidcProviderArn, deploySubject(owner, repo, resolved.environment)),
        maxSessionDuration: 3600,
      },
      { parent: this },
    );
    new aws.iam.RolePolicy(
      `${name}-deploy`,
      { role: deployRole.id, policy: deployPolicyDocument(resolved, ctx, [deployRole.arn, previewRole.arn]) },
      { parent: this },
    );

    this.deployRoleArn = deployRole.arn;
    this.previewRoleArn = previewRole.arn;
    this.registerOutputs({ oidcProviderArn: this.oidcProviderArn, deployRoleArn: this.deployRoleArn, previewRoleArn: this.previewRoleArn });
  }

  /** GitHub's provider: created here, or the given ARN, or the account's one (its ARN is fixed by the issuer's host). */
  private createOrReferenceProvider(name: string, args: ResolvedDeployIdentityArgs, ctx: AwsContext): pulumi.Output<string> {
    if (args.createOidcProvider) {
      // No thumbprint: IAM trusts GitHub's issuer through its own root CAs (the thumbprint list is optional since 2023).
      const provider = new aws.iam.OpenIdConnectProvider(
        `${name}-github`,
        { url: `https://${GITHUB_OIDC_HOST}`, clientIdLists: [GITHUB_OIDC_AUDIENCE] },
        { parent: this },
      );
      return provider.arn;
    }
    if (args.oidcProviderArn !== undefined) return pulumi.output(args.oidcProviderArn);
    return pulumi.interpolate`arn:${ctx.partition}:iam::${ctx.accountId}:oidc-provider/${GITHUB_OIDC_HOST}`;
  }
}
