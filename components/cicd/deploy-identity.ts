/**
 * The identity GitHub Actions deploys with: GitHub's OIDC provider (or an existing one), a deploy role per stack that
 * only the deploy workflow on the main branch, in the stack's protected GitHub environment, of this repository (by
 * numeric id) can assume, a read-only preview role for the repository's pull requests in the stack's preview
 * environment (`<githubEnvironment>-preview`: prod's has required reviewers), and a scan role that reads the image's
 * findings for the deploy workflow's scan gate, which runs in the stack's checks environment
 * (`<githubEnvironment>-checks`). No long-lived AWS key exists anywhere. Beside them: the stack's permissions
 * boundary (every role the program creates carries it), the CI boundary the deploy and preview roles carry (the
 * guardrails again, as a cap no attached policy can lift), and the grants on the stack's secrets-provider key
 * (`awskms://alias/<prefix>-state?region=...`), which an administrator creates by hand before `pulumi stack init` (the
 * stack's secrets need it before the stack's first `up`).
 *
 * The deploy role's permissions are derived from the permission table (permissions/): what each resource type's
 * create, read, update and delete call, scoped to the stack's names, tags and regions, as customer managed policies
 * within IAM's size limits (deploy-policy.ts). CI never changes this component's resources: an administrator's `up`
 * does (the guardrails deny it to the deploy role).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsContext, AwsContext } from "../lib/aws-context";
import { boundaryName, boundaryStatements, ciBoundaryName, ciBoundaryStatements, permissionsBoundaryArn } from "./boundary";
import { BOUNDARY_POLICY_PATH, CI_POLICY_PATH, CiPolicyInputs, deployPolicyStatements, NamedStatements, policyDocument, previewPolicyStatements, StateKey } from "./deploy-policy";
import { checksEnvironment, deploySubject, GITHUB_ID_PATTERN, GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST, GitHubRepository, previewEnvironment, previewSubjectPattern, WORKFLOW_PATH_PATTERN, BRANCH_PATTERN } from "./github-oidc";
import { DeployScope, Statement } from "./permissions";

export { checksEnvironment, GITHUB_ID_PATTERN, GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST, previewEnvironment } from "./github-oidc";

/**
 * GitHub's naming rules (the sign-up and "create repository" forms; GitHub Docs, "About repositories"): an owner (user
 * or organization) is 1-39 letters, digits and single hyphens, not starting or ending with one; a repository name is
 * 1-100 letters, digits, `.`, `_` and `-`, and not `.` or `..`. The OIDC `sub` claim spells both exactly as GitHub
 * does, and the trust policy compares with StringEquals (case-sensitive): write them with GitHub's capitalisation.
 */
export const GITHUB_OWNER_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
export const GITHUB_REPO_PATTERN = /^(?!\.{1,2}$)[A-Za-z0-9._-]{1,100}$/;

export interface DeployIdentityArgs {
  /** The GitHub user or organization that owns the repository, spelled as GitHub does (in `job_workflow_ref`). */
  readonly githubOwner: string;
  /** The repository's name (in `job_workflow_ref`). */
  readonly githubRepo: string;
  /**
   * The owner's numeric id (`gh api users/<owner> --jq .id`): the trust pins it, so a re-created owner isn't trusted.
   * Without it (and githubRepoId) the roles trust GitHub's default, name-based subject: a transitional fallback the
   * component reports in `warnings`. @default undefined
   */
  readonly githubOwnerId?: string;
  /** The repository's numeric id (`gh api repos/<owner>/<repo> --jq .id`). @default undefined (see githubOwnerId) */
  readonly githubRepoId?: string;
  /**
   * The stack's environment (`dev`, `prod`): the `Environment` tag value the deploy role's tag-scoped grants and the
   * guardrails' scoped denies name. Two stacks of one environment (prod and its failover stack) share it.
   */
  readonly environment: string;
  /**
   * The GitHub environment whose jobs may assume the deploy role (protected: required reviewers for prod), and the
   * stem of the preview and checks environments' defaults. Give each stack its own (the program passes the stack's
   * name): two stacks of one `environment` in one account would otherwise trust each other's deploy jobs.
   * @default `environment`
   */
  readonly githubEnvironment?: string;
  /** The deploy workflow, the only one that may assume the deploy role. @default ".github/workflows/deploy.yml" */
  readonly deployWorkflow?: string;
  /** The branch the deploy workflow must run from. @default "main" */
  readonly deployBranch?: string;
  /** The pull-request workflow, the only one that may assume the preview role. @default ".github/workflows/pull-request.yml" */
  readonly previewWorkflow?: string;
  /**
   * The GitHub environment of the preview jobs (prod's has required reviewers: a pull request's code runs with prod's
   * preview role, which decrypts prod's secrets, only once a reviewer approves). @default `<githubEnvironment>-preview`
   */
  readonly previewEnvironment?: string;
  /**
   * The GitHub environment of the deploy workflow's check jobs (the scan gate; dev's smoke, load and DAST checks, which
   * run third-party tooling): the scan and runner-ingress roles trust its subject, the deploy role never does.
   * @default `<githubEnvironment>-checks`
   */
  readonly checksEnvironment?: string;
  /**
   * The prefix of every physical name this stack creates (`credlink-prod`): the deploy role's writes are scoped to
   * ARNs that start with it, and to resources tagged with `environment` where the service names them randomly.
   */
  readonly resourcePrefix: string;
  /** The regions the stack deploys to (the primary and, with DR, the DR region): everything else is denied. */
  readonly regions: readonly string[];
  /**
   * The role an administrator assumes for what CI may never do (the first `up`, evidence, the CI identity): it uses and
   * administers the secrets-provider key. Created by hand. @default undefined (the account's administrators, through
   * IAM, administer the key; nobody but CI uses it)
   */
  readonly breakGlassRoleArn?: string;
  /** Whether this stack owns the account's singletons (credlink:account.baseline): GuardDuty, Inspector... @default false */
  readonly ownsAccountBaseline?: boolean;
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
   * The name prefixes of the other stacks in this account nested under `resourcePrefix` (prod's failover stack
   * `credlink-prod-dr` beside prod): the deploy and preview roles' guardrails deny every action on their names, which
   * the `<prefix>-*` scopes would otherwise match. @default [] (none)
   */
  readonly nestedStackPrefixes?: readonly string[];
  /**
   * A failover stack's adopted proof replica: the primary's replica bucket-name prefix (`credlink-prod-proofs-replica-`,
   * also its access-log bucket's). The deploy role may read (import) those buckets' configuration, and write nothing
   * there. @default undefined (nothing adopted)
   */
  readonly adoptedBucketPrefix?: string;
  /**
   * The S3 bucket of a self-managed Pulumi state backend (`pulumi login s3://<bucket>`): the roles get exactly this
   * stack's state, history, backups and lock objects. With Pulumi Cloud, leave it out. @default undefined
   */
  readonly stateBucket?: string;
  /** The Pulumi project and stack, for the state objects' keys. @default "credlink", the environment */
  readonly project?: string;
  readonly stack?: string;
  /**
   * The stack's secrets-provider key, created once by hand before `pulumi stack init` (with the policy
   * `stateKeyPolicy` prints and the alias `alias/<prefix>-state`). @default undefined (named by its alias)
   */
  readonly stateKeyArn?: string;
}

/**
 * The deploy role's longest session, in seconds: prod's `pulumi up` waits for a canary deployment (the canary's bake,
 * the deployment's bake and a margin: components/app/service.ts, deploymentWaitMinutes; 55 minutes for prod) after the
 * rest of the update, and its credentials must outlive the wait. AssumeRoleWithWebIdentity grants up to the role's
 * maxSessionDuration (IAM user guide, "Maximum session duration": 1 to 12 hours); the deploy job asks for its own
 * (`role-duration-seconds`, at least its timeout: tests/cicd-workflows.test.ts). Every other CI role keeps an hour.
 */
export const DEPLOY_ROLE_MAX_SESSION_SECONDS = 10800;

const DEFAULTS = {
  createOidcProvider: false,
  project: "credlink",
  deployWorkflow: ".github/workflows/deploy.yml",
  deployBranch: "main",
  previewWorkflow: ".github/workflows/pull-request.yml",
  ownsAccountBaseline: false,
} as const;

export type ResolvedDeployIdentityArgs = DeployIdentityArgs &
  Required<Pick<DeployIdentityArgs, "createOidcProvider" | "project" | "stack" | "githubEnvironment" | "deployWorkflow" | "deployBranch" | "previewWorkflow" | "previewEnvironment" | "checksEnvironment" | "ownsAccountBaseline">>;

/** Applies the documented defaults. The single place they live. */
export function resolveDeployIdentityArgs(args: DeployIdentityArgs): ResolvedDeployIdentityArgs {
  const defined = Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined)) as DeployIdentityArgs;
  const githubEnvironment = defined.githubEnvironment ?? args.environment;
  return {
    ...DEFAULTS,
    stack: args.environment,
    githubEnvironment,
    previewEnvironment: previewEnvironment(githubEnvironment),
    checksEnvironment: checksEnvironment(githubEnvironment),
    ...defined,
  };
}

const OIDC_PROVIDER_ARN = /^arn:aws[\w-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/;
/** S3 bucket names: 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** A role ARN in this partition (IAM user guide, "IAM identifiers"): path and name of `\w+=,.@-`. */
const ROLE_ARN = /^arn:aws[\w-]*:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
/** A KMS key ARN (not an alias: IAM authorises key use on the key). */
const KEY_ARN = /^arn:aws[\w-]*:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$/;
/** The names IAM accepts for a role or policy, less the wildcard characters the deploy role's patterns rely on. */
const PREFIX = /^[a-z0-9][a-z0-9-]{0,40}$/;

/** Throws an Error naming the argument, the value and what is allowed. */
export function validateDeployIdentityArgs(args: Partial<ResolvedDeployIdentityArgs> & Pick<ResolvedDeployIdentityArgs, "githubOwner" | "githubRepo" | "createOidcProvider">): void {
  if (!GITHUB_OWNER_PATTERN.test(args.githubOwner)) {
    throw new Error(`githubOwner must be a GitHub user or organization name (1-39 letters, digits and single hyphens, not starting or ending with one), got ${JSON.stringify(args.githubOwner)}`);
  }
  if (!GITHUB_REPO_PATTERN.test(args.githubRepo)) {
    throw new Error(`githubRepo must be a GitHub repository name (1-100 letters, digits, '.', '_' and '-', not "." or ".."), got ${JSON.stringify(args.githubRepo)}`);
  }
  // `environment` is the default of githubEnvironment, so it is held to the same names.
  for (const key of ["environment", "githubEnvironment", "previewEnvironment", "checksEnvironment"] as const) {
    const v = args[key];
    // GitHub environment names: up to 255 characters; here also what the OIDC subject can carry without a ':' or wildcard.
    if (v !== undefined && !/^[A-Za-z0-9._-]{1,255}$/.test(v)) throw new Error(`${key} must be a GitHub environment name of letters, digits, '.', '_' and '-', got ${JSON.stringify(v)}`);
  }
  if (args.githubEnvironment !== undefined && args.previewEnvironment === args.githubEnvironment) {
    throw new Error(
      `previewEnvironment must differ from githubEnvironment (the deploy role trusts ${JSON.stringify(args.githubEnvironment)}: a preview job there could deploy), got ${JSON.stringify(args.previewEnvironment)}`,
    );
  }
  if (args.checksEnvironment !== undefined && (args.checksEnvironment === args.githubEnvironment || args.checksEnvironment === args.previewEnvironment)) {
    throw new Error(
      `checksEnvironment must differ from githubEnvironment and previewEnvironment (its jobs run third-party tooling with an OIDC token: in ${JSON.stringify(args.checksEnvironment)} the deploy or preview role would trust them), got ${JSON.stringify(args.checksEnvironment)}`,
    );
  }
  for (const key of ["githubOwnerId", "githubRepoId"] as const) {
    const v = args[key];
    if (v !== undefined && !GITHUB_ID_PATTERN.test(v)) throw new Error(`${key} must be GitHub's numeric id (1-20 digits, no leading zero), got ${JSON.stringify(v)}`);
  }
  if ((args.githubOwnerId === undefined) !== (args.githubRepoId === undefined)) {
    throw new Error(`githubOwnerId and githubRepoId must be set together (the subject carries both), got ${JSON.stringify({ githubOwnerId: args.githubOwnerId, githubRepoId: args.githubRepoId })}`);
  }
  for (const key of ["deployWorkflow", "previewWorkflow"] as const) {
    const v = args[key];
    if (v !== undefined && !WORKFLOW_PATH_PATTERN.test(v)) throw new Error(`${key} must be a workflow file of this repository, .github/workflows/<name>.yml, got ${JSON.stringify(v)}`);
  }
  if (args.deployBranch !== undefined && !BRANCH_PATTERN.test(args.deployBranch)) {
    throw new Error(`deployBranch must be a branch name of letters, digits, '.', '_', '-' and '/' (no wildcard), got ${JSON.stringify(args.deployBranch)}`);
  }
  if (args.resourcePrefix !== undefined && !PREFIX.test(args.resourcePrefix)) {
    throw new Error(`resourcePrefix must be 1-41 lowercase letters, digits and hyphens (no wildcard: the deploy role's ARNs start with it), got ${JSON.stringify(args.resourcePrefix)}`);
  }
  if (args.regions !== undefined && args.regions.length === 0) throw new Error("regions must name at least the stack's primary region, got []");
  for (const nested of args.nestedStackPrefixes ?? []) {
    if (!(PREFIX.test(nested) && args.resourcePrefix !== undefined && nested.startsWith(`${args.resourcePrefix}-`))) {
      throw new Error(`nestedStackPrefixes must name prefixes that start with resourcePrefix "${args.resourcePrefix}-" (lowercase letters, digits and hyphens), got ${JSON.stringify(nested)}`);
    }
  }
  if (args.adoptedBucketPrefix !== undefined && !/^[a-z0-9][a-z0-9-]{1,53}-$/.test(args.adoptedBucketPrefix)) {
    throw new Error(`adoptedBucketPrefix must be an S3 bucket-name prefix ending in "-" (lowercase letters, digits and hyphens, no wildcard), got ${JSON.stringify(args.adoptedBucketPrefix)}`);
  }
  if (args.breakGlassRoleArn !== undefined && !ROLE_ARN.test(args.breakGlassRoleArn)) {
    throw new Error(`breakGlassRoleArn must be an IAM role ARN (arn:aws:iam::<12 digits>:role/<name>), got ${JSON.stringify(args.breakGlassRoleArn)}`);
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
  if (args.stateKeyArn !== undefined && !KEY_ARN.test(args.stateKeyArn)) {
    throw new Error(`stateKeyArn must be a KMS key ARN (arn:aws:kms:<region>:<12 digits>:key/<key id>), got ${JSON.stringify(args.stateKeyArn)}`);
  }
}

/** The trust policy of a role GitHub Actions assumes: the audience, and the subject (exact, or the preview's pattern). */
export function githubTrustPolicy(providerArn: pulumi.Input<string>, subject: string, match: "exact" | "pullRequestNumber" = "exact"): pulumi.Output<string> {
  const sub = { [`${GITHUB_OIDC_HOST}:sub`]: subject };
  return pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "GitHubActionsOidc",
        Effect: "Allow",
        Principal: { Federated: providerArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition:
          match === "exact"
            ? { StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE, ...sub } }
            : { StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE }, StringLike: sub },
      },
    ],
  });
}

/**
 * The subjects the roles trust: with the numeric ids, the customized subject; without, GitHub's default (transitional).
 * `checks` is the deploy workflow's check jobs' (the scan and runner-ingress roles'): the same workflow and branch as
 * `deploy`, in the checks environment.
 */
export function trustedSubjects(args: ResolvedDeployIdentityArgs): { deploy: string; checks: string; preview: string; previewMatch: "exact" | "pullRequestNumber"; customized: boolean } {
  if (args.githubOwnerId === undefined || args.githubRepoId === undefined) {
    return {
      deploy: `repo:${args.githubOwner}/${args.githubRepo}:environment:${args.githubEnvironment}`,
      checks: `repo:${args.githubOwner}/${args.githubRepo}:environment:${args.checksEnvironment}`,
      preview: `repo:${args.githubOwner}/${args.githubRepo}:environment:${args.previewEnvironment}`,
      previewMatch: "exact",
      customized: false,
    };
  }
  const r: GitHubRepository = { owner: args.githubOwner, repo: args.githubRepo, ownerId: args.githubOwnerId, repoId: args.githubRepoId };
  return {
    deploy: deploySubject(r, args.githubEnvironment, args.deployWorkflow, args.deployBranch),
    checks: deploySubject(r, args.checksEnvironment, args.deployWorkflow, args.deployBranch),
    preview: previewSubjectPattern(r, args.previewEnvironment, args.previewWorkflow),
    previewMatch: "pullRequestNumber",
    customized: true,
  };
}

/**
 * What ECR's enhanced scanning needs from a caller reading results: it answers DescribeImageScanFindings from Amazon
 * Inspector, with the caller's inspector2:ListFindings and inspector2:ListCoverage (Amazon ECR user guide, "IAM
 * permissions required for enhanced scanning in Amazon ECR"). Neither takes a resource (Service Authorization
 * Reference, Amazon Inspector): `*`, in the stack's primary region.
 */
export const ENHANCED_SCANNING_READS = ["inspector2:ListCoverage", "inspector2:ListFindings"] as const;

/** The scan role's grants: the findings of the stack's own repository (named `<prefix>`), in its primary region. */
export function scanRoleStatements(scope: DeployScope): Statement[] {
  return [
    {
      Sid: "ReadTheImageFindingsOfThisStacksRepository",
      Effect: "Allow",
      Action: ["ecr:DescribeImageScanFindings"],
      Resource: [pulumi.interpolate`arn:${scope.partition}:ecr:${scope.regions[0]}:${scope.accountId}:repository/${scope.prefix}`],
    },
    {
      Sid: "ReadEnhancedScanningResultsThroughInspector",
      Effect: "Allow",
      Action: [...ENHANCED_SCANNING_READS],
      Resource: "*",
      Condition: { StringEquals: { "aws:RequestedRegion": scope.regions[0] } },
    },
  ];
}

/** The alias of a stack's secrets-provider key, and the `--secrets-provider` URL that names it. */
export const stateKeyAlias = (prefix: string) => `alias/${prefix}-state`;
export const secretsProviderUrl = (prefix: string, region: string) => `awskms://${stateKeyAlias(prefix)}?region=${region}`;

/**
 * The policy of a stack's secrets-provider key, for the administrator who creates the key by hand before `pulumi stack
 * init` (the CI roles don't exist yet, so they are named by their name patterns, through the account: an IAM policy
 * must grant them too, as the deploy identity's do). The account administers the key through IAM but can't use it;
 * the deploy role encrypts and decrypts, the preview role decrypts; the break-glass role (when named) uses it too. KMS
 * refuses a policy its creator can't change afterwards (the lockout safety check): the administrator administers it
 * through the account statement (KMS developer guide, "Default key policy").
 */
export function stateKeyPolicy(partition: string, accountId: string, prefix: string, breakGlassRoleArn?: string): object {
  const root = `arn:${partition}:iam::${accountId}:root`;
  const admin = [
    "kms:CancelKeyDeletion", "kms:CreateAlias", "kms:DeleteAlias", "kms:DescribeKey", "kms:DisableKey", "kms:EnableKey", "kms:EnableKeyRotation",
    "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListAliases", "kms:ListResourceTags", "kms:PutKeyPolicy", "kms:ScheduleKeyDeletion",
    "kms:TagResource", "kms:UntagResource", "kms:UpdateAlias", "kms:UpdateKeyDescription",
  ];
  const role = (name: string) => `arn:${partition}:iam::${accountId}:role/${prefix}-cicd-${name}-*`;
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "AdministerThroughIamNeverUse", Effect: "Allow", Principal: { AWS: root }, Action: admin, Resource: "*" },
      { Sid: "DeployRoleEncryptsAndDecrypts", Effect: "Allow", Principal: { AWS: root }, Action: ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"], Resource: "*", Condition: { ArnLike: { "aws:PrincipalArn": role("deploy") } } },
      { Sid: "PreviewRoleDecrypts", Effect: "Allow", Principal: { AWS: root }, Action: ["kms:Decrypt", "kms:DescribeKey"], Resource: "*", Condition: { ArnLike: { "aws:PrincipalArn": role("preview") } } },
      ...(breakGlassRoleArn ? [{ Sid: "BreakGlassUses", Effect: "Allow", Principal: { AWS: breakGlassRoleArn }, Action: ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"], Resource: "*" }] : []),
    ],
  };
}

/**
 * GitHub Actions' way into this stack's account: an OIDC provider (or an existing one), the permissions boundary, the
 * deploy and preview roles with their managed policies, and their grants on the secrets-provider key.
 */
export class DeployIdentity extends pulumi.ComponentResource {
  public readonly oidcProviderArn: pulumi.Output<string>;
  public readonly deployRoleArn: pulumi.Output<string>;
  public readonly previewRoleArn: pulumi.Output<string>;
  /** The scan gate's read-only role: the image's findings in this stack's repository (the deploy subject trusts it). */
  public readonly scanRoleArn: pulumi.Output<string>;
  /**
   * Every role the program creates carries it (`permissionsBoundary`). Its Output orders those roles after the policy:
   * IAM refuses a role whose boundary does not exist yet.
   */
  public readonly permissionsBoundaryArn: pulumi.Output<string>;
  /** The boundary the deploy and preview roles carry (the guardrails as a cap). */
  public readonly ciBoundaryArn: pulumi.Output<string>;
  /** The `--secrets-provider` URL of the stack's hand-made key (`pulumi stack init` / `change-secrets-provider`). */
  public readonly secretsProvider: string;
  /** The subjects the roles trust (print them beside the subject customization body). */
  public readonly subjects: { readonly deploy: string; readonly checks: string; readonly preview: string; readonly previewMatch: "exact" | "pullRequestNumber" };
  /** Plain-language warnings (the transitional, name-based trust). */
  public readonly warnings: string[];

  constructor(name: string, args: DeployIdentityArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("credlink:cicd:DeployIdentity", name, {}, opts);
    const resolved = resolveDeployIdentityArgs(args);
    validateDeployIdentityArgs(resolved);
    const ctx = awsContext(this);
    const prefix = resolved.resourcePrefix;

    this.oidcProviderArn = this.createOrReferenceProvider(name, resolved, ctx);
    const subjects = trustedSubjects(resolved);
    this.subjects = { deploy: subjects.deploy, checks: subjects.checks, preview: subjects.preview, previewMatch: subjects.previewMatch };
    this.warnings = subjects.customized
      ? []
      : [`${name}: githubOwnerId and githubRepoId are not set, so the CI roles trust GitHub's name-based subject (any workflow of the environment, a renamed repository): set both and customize the repository's OIDC subject`];

    const scope: DeployScope = {
      partition: ctx.partition,
      accountId: ctx.accountId,
      regions: resolved.regions,
      prefix,
      project: resolved.project,
      stack: resolved.stack,
      environment: resolved.environment,
      hostedZoneId: resolved.hostedZoneId,
      ownsAccountBaseline: resolved.ownsAccountBaseline,
      boundaryArn: permissionsBoundaryArn(ctx.partition, ctx.accountId, prefix),
      nestedStackPrefixes: resolved.nestedStackPrefixes,
      adoptedBucketPrefix: resolved.adoptedBucketPrefix,
    };

    const stateKey: StateKey = { alias: stateKeyAlias(prefix), arn: resolved.stateKeyArn };
    const boundary = new aws.iam.Policy(
      `${name}-boundary`,
      { name: boundaryName(prefix), path: BOUNDARY_POLICY_PATH, description: `CredLink ${prefix}: the permissions boundary of every role the stack creates`, policy: policyDocument(boundaryStatements(scope, stateKey)) },
      { parent: this },
    );
    this.permissionsBoundaryArn = boundary.arn;
    const ciBoundary = new aws.iam.Policy(
      `${name}-ci-boundary`,
      {
        name: ciBoundaryName(prefix),
        path: BOUNDARY_POLICY_PATH,
        description: `CredLink ${prefix}: the permissions boundary of the CI deploy and preview roles (the guardrails, as a cap)`,
        policy: policyDocument(ciBoundaryStatements(scope, stateKey)),
      },
      { parent: this },
    );
    this.ciBoundaryArn = ciBoundary.arn;

    const { owner, repo } = { owner: resolved.githubOwner, repo: resolved.githubRepo };
    const previewRole = new aws.iam.Role(
      `${name}-preview`,
      {
        description: `CredLink ${name}: pulumi preview from pull requests of ${owner}/${repo} (read-only)`,
        assumeRolePolicy: githubTrustPolicy(this.oidcProviderArn, subjects.preview, subjects.previewMatch),
        maxSessionDuration: 3600,
        permissionsBoundary: ciBoundary.arn,
      },
      { parent: this },
    );
    const deployRole = new aws.iam.Role(
      `${name}-deploy`,
      {
        description: `CredLink ${name}: pulumi up from the ${resolved.githubEnvironment} environment of ${owner}/${repo}`,
        assumeRolePolicy: githubTrustPolicy(this.oidcProviderArn, subjects.deploy),
        maxSessionDuration: DEPLOY_ROLE_MAX_SESSION_SECONDS,
        permissionsBoundary: ciBoundary.arn,
      },
      { parent: this },
    );
    const scanRole = this.createScanRole(name, resolved, subjects.checks, scope, boundary.arn);

    this.secretsProvider = secretsProviderUrl(prefix, resolved.regions[0]);

    const inputs: CiPolicyInputs = {
      scope,
      ciRoleArns: [deployRole.arn, previewRole.arn],
      stateKey,
      stateBucket: resolved.stateBucket,
    };
    this.attachPolicies(`${name}-deploy`, `${prefix}-deploy`, deployRole, deployPolicyStatements(inputs));
    this.attachPolicies(`${name}-preview`, `${prefix}-preview`, previewRole, previewPolicyStatements(inputs));

    this.deployRoleArn = deployRole.arn;
    this.previewRoleArn = previewRole.arn;
    this.scanRoleArn = scanRole.arn;
    this.registerOutputs({
      oidcProviderArn: this.oidcProviderArn,
      deployRoleArn: this.deployRoleArn,
      previewRoleArn: this.previewRoleArn,
      scanRoleArn: this.scanRoleArn,
      permissionsBoundaryArn: this.permissionsBoundaryArn,
      ciBoundaryArn: this.ciBoundaryArn,
    });
  }

  /**
   * The scan gate's role: the deploy workflow's scan job in the stack's checks environment (the checks subject, never
   * the deploy job's) reads the image's
   * scan findings in this stack's repository, and nothing else (ECR DescribeImageScanFindings returns both basic and
   * enhanced findings; Service Authorization Reference, Amazon ECR: resource type repository), plus the two Inspector
   * reads enhanced scanning answers it from. It carries the stack's boundary like every service role, which allows
   * those two reads.
   */
  private createScanRole(name: string, args: ResolvedDeployIdentityArgs, subject: string, scope: DeployScope, boundaryArn: pulumi.Input<string>): aws.iam.Role {
    const role = new aws.iam.Role(
      `${name}-scan`,
      {
        description: `CredLink ${name}: the deploy workflow's scan gate reads the image's findings in ${args.resourcePrefix} (read-only)`,
        assumeRolePolicy: githubTrustPolicy(this.oidcProviderArn, subject),
        maxSessionDuration: 3600,
        permissionsBoundary: boundaryArn,
      },
      { parent: this },
    );
    this.attachPolicies(`${name}-scan`, `${args.resourcePrefix}-scan`, role, [{ name: "findings", statements: scanRoleStatements(scope) }]);
    return role;
  }

  /** One customer managed policy per group, under the CI path (CI may never change it), attached to the role. */
  private attachPolicies(childPrefix: string, namePrefix: string, role: aws.iam.Role, groups: NamedStatements[]): void {
    for (const g of groups) {
      const policy = new aws.iam.Policy(
        `${childPrefix}-${g.name}`,
        { name: `${namePrefix}-${g.name}`, path: CI_POLICY_PATH, policy: policyDocument(g.statements) },
        { parent: this },
      );
      new aws.iam.RolePolicyAttachment(`${childPrefix}-${g.name}`, { role: role.name, policyArn: policy.arn }, { parent: this });
    }
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

// What the wiring and the docs need from the cicd module, through the components package's index.
export { oidcSubjectCustomization, SUBJECT_CLAIM_KEYS } from "./github-oidc";
export { boundaryName, CI_BOUNDARY_SUFFIX, ciBoundaryName, permissionsBoundaryArn } from "./boundary";
export { BOUNDARY_POLICY_PATH, CI_POLICY_PATH } from "./deploy-policy";
