/**
 * Reads and validates the stack configuration (Pulumi.<stack>.yaml), returning plain typed args for the components.
 *
 * Every key of the `credlink:` namespace is declared here with zod; unknown keys are errors, not silently ignored, and
 * every error names the full key, the bad value and what is allowed, e.g.
 *   credlink:network.natGateways must be one of "single" | "onePerAz", got "two"
 * All problems are reported at once, at plan/preview time, before anything reaches AWS.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { RESERVED_TAG_PREFIX, TAG_CHARS, TAG_VALUE_MAX } from "../policy/lib/aws-tags";
import {
  CACHE_ENGINES,
  DOMAIN_NAME_PATTERN,
  emailProblem,
  pagerdutyUrlProblem,
  resolveSloArgs,
  validateSloArgs,
  HOSTED_ZONE_ID_PATTERN,
  OBJECT_LOCK_MODES,
  parseImageReference,
  resolveCacheArgs,
  resolveDatabaseArgs,
  resolveLoadBalancerArgs,
  resolveNetworkArgs,
  resolveProofStoreArgs,
  resolveRegistryArgs,
  validateCacheArgs,
  validateDatabaseArgs,
  validateLoadBalancerArgs,
  validateNetworkArgs,
  validateProofStoreArgs,
  validateRegistryArgs,
  validateServiceSizing,
  DEFAULT_COLLECTOR_IMAGE,
  // CI/CD (issue 13)
  DEPLOYMENT_STRATEGIES,
  validateDeploymentSettings,
  GITHUB_OWNER_PATTERN,
  GITHUB_REPO_PATTERN,
  validateDeployIdentityArgs,
  // Recovery (issue 12)
  RESTORE_TEST_FREQUENCIES,
  resolveBackupArgs,
  resolveRestoreTestingArgs,
  validateBackupArgs,
  validateRestoreTestingArgs,
  allowedCidrsProblem,
  ANYWHERE_IPV4,
  resolveFirewallArgs,
  validateFirewallArgs,
  CLOUDFLARE_PLANS,
  R2_LOCATIONS,
  validateCloudflareEdgeArgs,
  PRINCIPAL_ARN_PATTERN,
} from "@credlink/components";

const NAMESPACE = "credlink";

/**
 * The regions a stack may deploy to: the provider's own list (`aws.Region`, @pulumi/aws's region enum), so a region
 * AWS launches arrives with a provider upgrade and a made-up one ("us-east-3", "eu-central-3") fails here.
 */
const AWS_REGIONS: readonly string[] = Object.values(aws.Region);

/**
 * The partition of a region, from its name (AWS General Reference, "AWS partitions"): China, GovCloud, the isolated
 * and the European Sovereign Cloud regions are outside the commercial `aws` partition.
 */
function partitionOf(region: string): string {
  const prefixes: [RegExp, string][] = [
    [/^cn-/, "aws-cn"],
    [/^us-gov-/, "aws-us-gov"],
    [/^us-iso-/, "aws-iso"],
    [/^us-isob-/, "aws-iso-b"],
    [/^eu-isoe-/, "aws-iso-e"],
    [/^us-isof-/, "aws-iso-f"],
    [/^eusc-/, "aws-eusc"],
  ];
  return prefixes.find(([pattern]) => pattern.test(region))?.[1] ?? "aws";
}

/**
 * What is wrong with a region name, as "must be ..., got ..."; undefined for a region the provider knows in the
 * commercial partition. Other partitions are refused: the program names service principals and endpoints
 * (`com.amazonaws.<region>.s3`, logdelivery.elasticloadbalancing.amazonaws.com) the commercial partition's way.
 */
function regionProblem(region: string): string | undefined {
  if (!AWS_REGIONS.includes(region)) {
    const hint = closest(region, AWS_REGIONS);
    return `must be an AWS region, one of the provider's aws.Region values like "us-east-1"${hint ? ` (did you mean "${hint}"?)` : ""}, got ${show(region)}`;
  }
  const partition = partitionOf(region);
  if (partition !== "aws") {
    return `must be a region of the commercial "aws" partition (the program names endpoints and service principals the aws partition's way), got ${show(region)}, which is in ${partition}`;
  }
  return undefined;
}

/** Messages that already say what they got, so the formatter does not append the value again. */
const VERBATIM = { verbatim: true } as const;

/** Zod skips a refinement after a type error inside the object; validatedBy runs whenever the section is an object. */
const ALSO_AFTER_TYPE_ERRORS: z.core.$ZodSuperRefineParams = {
  when: (payload) => typeof payload.value === "object" && payload.value !== null && !Array.isArray(payload.value),
};

const integer = (min: number, max: number) => z.int().min(min).max(max);
const nonEmpty = z.string().trim().min(1);

/**
 * What AWS accepts as a tag value on every taggable resource (the provider's default tags put these on all of them).
 * Source: "Tagging AWS resources", Tag naming limits and requirements, and the Resource Groups Tagging API `Tag`: up
 * to 256 Unicode characters; letters, digits and spaces, plus `_ . : / = + - @`; the `aws:` prefix is reserved.
 */

/** The first reason AWS would refuse `value` as a tag value, as "must ..., got ..."; undefined when it is accepted. */
function tagValueProblem(value: string): string | undefined {
  const length = [...value].length;
  if (length > TAG_VALUE_MAX) return `must be at most ${TAG_VALUE_MAX} characters long (the AWS tag value limit), got ${length} characters: ${show(value)}`;
  if (!TAG_CHARS.test(value)) {
    return `must be letters, digits, spaces and _ . : / = + - @ only (the characters AWS allows in a tag value), got ${show(value)}`;
  }
  if (RESERVED_TAG_PREFIX.test(value)) return `must not start with "aws:" (AWS reserves the prefix for its own tags), got ${show(value)}`;
  return undefined;
}

/** A non-empty tag value AWS accepts. Every `credlink:tags` value is one (costCenter is narrower still). */
const tagValue = nonEmpty.superRefine((value, ctx) => {
  const problem = tagValueProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem, input: value, params: VERBATIM });
});

const environment = z.enum(["dev", "prod"]);

const tags = z.strictObject({
  /** Team that owns the stack; becomes the Owner tag. */
  owner: tagValue,
  /** Cost centre billed for the stack; becomes the CostCenter tag. */
  costCenter: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, {
    error: "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit",
  }),
});

const kms = z.strictObject({
  /** Days a scheduled key deletion waits before it completes. Prod must keep the maximum, 30. */
  deletionWindowDays: integer(7, 30).default(30),
  // issue 14 (cost): false = one shared customer managed key for the whole stack ($1/month) instead of one per store.
  keyPerStore: z.boolean().default(true),
});

const network = z
  .strictObject({
    cidrBlock: z.string(),
    azCount: integer(2, 3),
    natGateways: z.enum(["single", "onePerAz", "instance", "singleInstance"]),
    subnetMasks: z.strictObject({ public: z.int(), private: z.int(), isolated: z.int() }).partial().optional(),
    // Allowed values are checked by the component's validator below (the one list of CloudWatch retentions).
    flowLogRetentionDays: z.int().optional(),
  })
  // The component's own validator is the single source of truth for CIDR shape and subnet fit.
  .superRefine(validatedBy((net) => validateNetworkArgs(resolveNetworkArgs({ ...net, region: "us-east-1" }))), ALSO_AFTER_TYPE_ERRORS);

/**
 * A superRefine that runs a component's own validators over a config section; pass ALSO_AFTER_TYPE_ERRORS with it. The
 * validator's arg names are the section's keys, so its messages ("instanceClass must be ...") read correctly once
 * prefixed with the section.
 *
 * It runs even when some of the section's keys have the wrong type, so those don't hide the others' problems: the
 * failed keys are left out (the component's defaults stand in for the optional ones), and a problem that names a
 * failed key, or mentions one, is dropped (the type error already speaks for that key).
 */
function validatedBy<T extends object>(...validators: ((section: T) => unknown)[]) {
  return (section: T, ctx: z.RefinementCtx<T>): void => {
    const failed = new Set(ctx.issues.filter((issue) => issue.path && issue.path.length > 0).map((issue) => String(issue.path?.[0])));
    const usable = Object.fromEntries(Object.entries(section).filter(([key]) => !failed.has(key))) as T;
    const mentionsFailed = (message: string) => [...failed].some((key) => new RegExp(`\\b${key}\\b`).test(message));
    // Each validator reports its own first problem, so independent problems show up together.
    for (const validate of validators) {
      try {
        validate(usable);
      } catch (e) {
        const message = (e as Error).message;
        const arg = /^([\w.]+)/.exec(message)?.[1] ?? "";
        const path = arg.split(".");
        if (failed.size > 0 && (!(e instanceof Error) || e.constructor !== Error || failed.has(path[0]) || !(path[0] in section) || mentionsFailed(message))) {
          continue;
        }
        ctx.addIssue({ code: "custom", path: path[0] in section ? path : [], message: message.slice(arg.length + 1), params: VERBATIM });
      }
    }
  };
}

/** Placeholders for the Output-valued args a component validator never inspects. */
const WIRED_LATER = { vpcId: "", dbSubnetGroupName: "", cacheSubnetGroupName: "" } as const;

const database = z
  .strictObject({
    /** PostgreSQL major version, quoted: "17". */
    engineVersion: z.string().optional(),
    instanceClass: z.string(),
    allocatedStorageGb: z.int().optional(),
    maxAllocatedStorageGb: z.int().optional(),
    multiAz: z.boolean(),
    backupRetentionDays: z.int(),
    logRetentionDays: z.int().optional(),
    /** The PostgreSQL user the app logs in as with IAM database authentication. */
    appUser: z.string().optional(),
  })
  .superRefine(validatedBy((db) => validateDatabaseArgs(resolveDatabaseArgs({ ...WIRED_LATER, ...db }))), ALSO_AFTER_TYPE_ERRORS);

const cache = z
  .strictObject({
    engine: z.enum(CACHE_ENGINES).optional(),
    /** `major.minor`, quoted: "8.0". */
    engineVersion: z.string().optional(),
    nodeType: z.string(),
    replicas: z.int(),
    snapshotRetentionDays: z.int(),
    snapshotWindow: z.string().optional(),
  })
  .superRefine(validatedBy((c) => validateCacheArgs(resolveCacheArgs({ ...WIRED_LATER, ...c }))), ALSO_AFTER_TYPE_ERRORS);

const proofs = z
  .strictObject({
    noncurrentTransitionDays: z.int().optional(),
    noncurrentExpirationDays: z.int(),
    accessLogRetentionDays: z.int().optional(),
    /** Object Lock (GOVERNANCE) default retention; absent = Object Lock off. */
    objectLockRetentionDays: z.int().optional(),
    /** GOVERNANCE (the break-glass role may loosen retention) or COMPLIANCE (nobody can). */
    objectLockMode: z.enum(OBJECT_LOCK_MODES).optional(),
    /** The one role exempt from the locked buckets' deny on bypassing or loosening retention. */
    breakGlassRoleArn: z.string().optional(),
    /** Issue 16: copy every new proof version to an R2 bucket (credlink:data:R2Copy); needs the Cloudflare secrets. */
    r2Copy: z.boolean().default(false),
  })
  .superRefine(validatedBy((p) => validateProofStoreArgs(resolveProofStoreArgs(p))), ALSO_AFTER_TYPE_ERRORS);

const dr = z.strictObject({
  /** The disaster-recovery region the proofs are replicated to. */
  region: z.string().superRefine((region, ctx) => {
    const problem = regionProblem(region);
    if (problem) ctx.addIssue({ code: "custom", message: problem, input: region, params: VERBATIM });
  }),
  /** Replicate the proof bucket to `region` (and create the DR-region provider). */
  enabled: z.boolean(),
});

/**
 * How the service deploys (issue 13): ROLLING, or CANARY (ECS native, through the load balancer's alternate target
 * group and production listener rule). The ranges are the ECS API's, checked by the component's validator.
 */
const DEPLOYMENT_DEFAULTS = { strategy: "ROLLING", canaryPercent: 5, canaryBakeMinutes: 10, bakeMinutes: 10 } as const;
const deployment = z
  .strictObject({
    strategy: z.enum(DEPLOYMENT_STRATEGIES).default(DEPLOYMENT_DEFAULTS.strategy),
    canaryPercent: z.number().default(DEPLOYMENT_DEFAULTS.canaryPercent),
    canaryBakeMinutes: z.int().default(DEPLOYMENT_DEFAULTS.canaryBakeMinutes),
    bakeMinutes: z.int().default(DEPLOYMENT_DEFAULTS.bakeMinutes),
  })
  .superRefine(
    validatedBy((d) => validateDeploymentSettings({ ...DEPLOYMENT_DEFAULTS, ...d, deploymentStrategy: d.strategy ?? DEPLOYMENT_DEFAULTS.strategy })),
    ALSO_AFTER_TYPE_ERRORS,
  );

/**
 * The application tier (Registry, LoadBalancer, Service). Sizes and counts are checked by the components' own
 * validators: the Fargate cpu/memory table, the image reference (a tag or a digest is required), min <= desired <= max.
 */
const service = z
  .strictObject({
    /** The image the service runs: a full reference with a tag or digest. CI sets it for each release. */
    image: z.string(),
    cpu: z.int(),
    memory: z.int(),
    architecture: z.enum(["ARM64", "X86_64"]).default("ARM64"),
    // issue 14 (cost): Fargate Spot for dev's service; prod keeps on-demand (rule below).
    capacityProvider: z.enum(["FARGATE", "FARGATE_SPOT"]).default("FARGATE"),
    containerPort: z.int().default(8080),
    healthCheckPath: z.string().default("/healthz"),
    /** An optional container health check (["CMD", exe, ...args] or ["CMD-SHELL", line]); absent = the ALB's check only. */
    healthCheckCommand: z.array(z.string()).optional(),
    desiredCount: z.int(),
    minCount: z.int(),
    maxCount: z.int(),
    cpuTargetPercent: z.int().default(60),
    requestsPerTarget: z.int().default(500),
    logRetentionDays: z.int().default(30),
    keepImages: z.int().default(20),
    accessLogRetentionDays: z.int().default(90),
    /** Run the ADOT collector sidecar and send the app's traces to X-Ray (on in prod, off in dev). */
    tracing: z.boolean().default(false),
    /** The collector image, pinned by tag or digest. */
    tracingCollectorImage: z.string().default(DEFAULT_COLLECTOR_IMAGE),
    /** ROLLING or CANARY, and the canary's settings (issue 13). */
    deployment: deployment.default(DEPLOYMENT_DEFAULTS),
    /** IPv4 CIDR blocks the load balancer's 80/443 admit (edge, issue 11): dev without a WAF narrows them. */
    allowedCidrs: z
      .custom<string[]>((v) => Array.isArray(v) && v.every((e) => typeof e === "string"), { error: 'must be a list of IPv4 CIDR blocks like "203.0.113.0/24"' })
      .default([ANYWHERE_IPV4]),
  })
  .superRefine(
    validatedBy(
      (svc) => validateServiceSizing(svc),
      (svc) => {
        const problem = Array.isArray(svc.allowedCidrs) ? allowedCidrsProblem(svc.allowedCidrs) : undefined;
        if (problem) throw new Error(`allowedCidrs ${problem}`);
      },
      (svc) => validateRegistryArgs(resolveRegistryArgs("credlink", { keepImages: svc.keepImages })),
      (svc) =>
        validateLoadBalancerArgs(
          resolveLoadBalancerArgs({
            vpcId: "",
            subnetIds: [],
            securityGroupId: "",
            targetPort: svc.containerPort,
            healthCheckPath: svc.healthCheckPath,
            accessLogRetentionDays: svc.accessLogRetentionDays,
          }),
        ),
    ),
    ALSO_AFTER_TYPE_ERRORS,
  );

/**
 * Who hears the alarms (`credlink:ops:Alerting`). The PagerDuty URL is not here: it holds the integration key, so it
 * is its own secret key, `credlink:alerts.pagerdutyUrl` (see PAGERDUTY_URL_KEY).
 */
const alerts = z
  .strictObject({
    /** Subscribed to both topics; each address confirms from the email SNS sends. */
    emails: z
      .custom<string[]>((v) => Array.isArray(v) && v.every((e) => typeof e === "string"), { error: "must be a list of email addresses (strings)" })
      .default([]),
    /** Where the paging alarms' descriptions point: a repository path or a URL base; `<base>/<alarm>.md`. */
    runbookBase: z.string().default("docs/runbooks"),
    /**
     * The IAM principals (role or user ARNs, `*` allowed) that may subscribe to the alert topics: the identities that
     * deploy the stack. Empty: any principal of this account may (the topic policy denies every other account).
     */
    subscriberPrincipalArns: z
      .custom<string[]>((v) => Array.isArray(v) && v.every((e) => typeof e === "string"), { error: 'must be a list of IAM principal ARNs like "arn:aws:iam::123456789012:role/credlink-admin"' })
      .default([]),
  })
  .superRefine((section, ctx) => {
    if (Array.isArray(section.subscriberPrincipalArns)) {
      section.subscriberPrincipalArns.forEach((arn, i) => {
        if (!PRINCIPAL_ARN_PATTERN.test(arn)) {
          ctx.addIssue({ code: "custom", path: ["subscriberPrincipalArns", i], message: `must be an IAM role or user ARN like "arn:aws:iam::123456789012:role/credlink-admin" (* allowed), got "${arn}"`, params: VERBATIM });
        }
      });
    }
    if (Array.isArray(section.emails)) {
      section.emails.forEach((email, i) => {
        const problem = typeof email === "string" ? emailProblem(email) : undefined;
        if (problem) ctx.addIssue({ code: "custom", path: ["emails", i], message: problem, input: email, params: VERBATIM });
      });
      const lower = section.emails.map((e) => String(e).toLowerCase());
      const repeated = lower.find((e, i) => lower.indexOf(e) !== i);
      if (repeated) ctx.addIssue({ code: "custom", path: ["emails"], message: `must not repeat an address (SNS would refuse the second subscription), got "${repeated}" twice`, params: VERBATIM });
    }
    if (typeof section.runbookBase === "string") {
      try {
        validateSloArgs({ targetPercent: 99.9, latencyThresholdMs: 500, runbookBase: section.runbookBase });
      } catch (e) {
        ctx.addIssue({ code: "custom", path: ["runbookBase"], message: (e as Error).message.replace(/^runbookBase /, ""), params: VERBATIM });
      }
    }
  }, ALSO_AFTER_TYPE_ERRORS);

/** The availability SLO (`credlink:ops:Slo`): good requests at the load balancer over all requests. */
const slo = z
  .strictObject({
    /** Percent of requests that must be good (not 5xx, under latencyThresholdMs). */
    targetPercent: z.number().default(99.9),
    /** A request slower than this counts as bad. */
    latencyThresholdMs: z.int().default(500),
  })
  .superRefine(validatedBy((s) => validateSloArgs(resolveSloArgs({ loadBalancerArnSuffix: "", pageTopicArn: "", notifyTopicArn: "", ...s }))), ALSO_AFTER_TYPE_ERRORS);

/**
 * The PagerDuty Events API integration URL: a secret, set with `pulumi config set --secret credlink:alerts.pagerdutyUrl`
 * (a flat key beside the `credlink:alerts` map). The program only ever holds it as a secret Output.
 */
export const PAGERDUTY_URL_KEY = "alerts.pagerdutyUrl";

/**
 * What the offline plan substitutes for a `secure:` value it can't decrypt (tools/project.ts, OFFLINE_SECRET_PLACEHOLDER;
 * a test keeps the two equal). The PagerDuty URL then plans with a well-formed stand-in, since the real one can't be read.
 */
export const OFFLINE_SECRET_PLACEHOLDER = "offline-plan-placeholder-secret";
const OFFLINE_PAGERDUTY_STAND_IN = "https://events.pagerduty.com/integration/offline-placeholder/enqueue";

/**
 * The public DNS name and its Route 53 zone. Without it the load balancer serves plain HTTP (dev only). With the
 * Cloudflare edge the name lives in the Cloudflare zone instead, and hostedZoneId is left out.
 */
const domain = z.strictObject({
  name: z.string().regex(DOMAIN_NAME_PATTERN, { error: 'must be a lowercase DNS name like "api.credlink.example"' }),
  hostedZoneId: z.string().regex(HOSTED_ZONE_ID_PATTERN, { error: 'must be a Route 53 hosted zone id like "Z0123456789ABCDEFGHIJ"' }).optional(),
});

// --- issue 14 (cost controls): credlink:cost, read by credlink:ops:CostControls --------------------------------------
/**
 * Cost guard rails. The budget's amount is not here: it is the policy pack's ceiling (stacks/cost-ceiling.ts), so the
 * two can't disagree.
 */
const cost = z.strictObject({
  /** An anomaly reaches the notify topic once its total impact is at least this many USD (absolute). */
  anomalyThresholdUsd: z
    .number()
    .positive()
    .max(100000)
    .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, { error: "must be whole cents (at most two decimals)" })
    .default(20),
});
// --- end issue 14 ---------------------------------------------------------------------------------------------------
/**
 * CI/CD (issue 13): who may deploy this stack from GitHub Actions (credlink:cicd:DeployIdentity). GitHub's OIDC
 * provider is an account singleton: in an account both stacks share, prod creates it (createOidcProvider true) and dev
 * trusts the account's one. Absent: no deploy identity.
 */
const cicd = z
  .strictObject({
    github: z.strictObject({
      /** The repository's owner (user or organization), spelled as GitHub does. */
      owner: z.string().regex(GITHUB_OWNER_PATTERN, { error: "must be a GitHub user or organization name: 1-39 letters, digits and single hyphens, not starting or ending with one" }),
      /** The repository's name. */
      repo: z.string().regex(GITHUB_REPO_PATTERN, { error: 'must be a GitHub repository name: 1-100 letters, digits, ".", "_" and "-", not "." or ".."' }),
    }),
    /** Create GitHub's OIDC provider in this stack (one stack per account). */
    createOidcProvider: z.boolean().default(false),
    /** An existing provider to trust instead of the account's default one; only without createOidcProvider. */
    oidcProviderArn: z.string().optional(),
    /** The bucket of a self-managed Pulumi state backend; absent with Pulumi Cloud. */
    stateBucket: z.string().optional(),
  })
  .superRefine(
    validatedBy((c) =>
      validateDeployIdentityArgs({
        githubOwner: "credlink",
        githubRepo: "infrastructure",
        createOidcProvider: c.createOidcProvider ?? false,
        oidcProviderArn: c.oidcProviderArn,
        stateBucket: c.stateBucket,
      }),
    ),
    ALSO_AFTER_TYPE_ERRORS,
  );

// --- Recovery (issue 12): credlink:backup (AWS Backup, restore testing) and credlink:chaos (FIS) ---
/** Maps the Backup component's argument names onto the credlink:backup keys, for its validator's messages. */
const BACKUP_ARG_KEYS: [RegExp, string][] = [
  [/vaultLock\.minRetentionDays/g, "vaultLockMinDays"],
  [/vaultLock\.maxRetentionDays/g, "vaultLockMaxDays"],
];

/** AWS Backup (`credlink:recovery:Backup`) and its restore tests (`credlink:recovery:RestoreTesting`). */
const backup = z
  .strictObject({
    /** Days the daily snapshots (and their DR copies) are kept. */
    dailyRetentionDays: z.int().default(7),
    /** A continuous backup rule: point-in-time restore for RDS and S3 (prod). */
    continuousBackup: z.boolean().default(false),
    /** Days of point-in-time restore, 1-35 (AWS Backup's cap); equal to credlink:database.backupRetentionDays. */
    continuousRetentionDays: z.int().optional(),
    /** Vault lock (governance mode): the shortest and longest retention a locked vault accepts; both or neither. */
    vaultLockMinDays: z.int().optional(),
    vaultLockMaxDays: z.int().optional(),
    /** How often a restore is tested: "weekly" (prod) or "monthly" (dev). */
    restoreTestFrequency: z.enum(RESTORE_TEST_FREQUENCIES).default("monthly"),
    /** Hours each test restore is kept for validation before AWS Backup deletes it. */
    restoreValidationHours: z.int().default(2),
  })
  .superRefine((section, ctx) => {
    if (typeof section.vaultLockMinDays === "number" && section.vaultLockMaxDays === undefined) {
      ctx.addIssue({ code: "custom", path: ["vaultLockMaxDays"], message: "must be set with vaultLockMinDays (a vault lock has both bounds), but it is not set", params: VERBATIM });
    }
    if (typeof section.vaultLockMaxDays === "number" && section.vaultLockMinDays === undefined) {
      ctx.addIssue({ code: "custom", path: ["vaultLockMinDays"], message: "must be set with vaultLockMaxDays (a vault lock has both bounds), but it is not set", params: VERBATIM });
    }
  }, ALSO_AFTER_TYPE_ERRORS)
  .superRefine(
    validatedBy(
      (b) =>
        renamedErrors(() =>
          validateBackupArgs(
            resolveBackupArgs({
            region: "us-east-1",
            databaseArn: "",
            bucketArn: "",
            dailyRetentionDays: b.dailyRetentionDays,
            continuousBackup: b.continuousBackup,
            continuousRetentionDays: b.continuousRetentionDays,
            vaultLock:
              typeof b.vaultLockMinDays === "number" && typeof b.vaultLockMaxDays === "number"
                ? { minRetentionDays: b.vaultLockMinDays, maxRetentionDays: b.vaultLockMaxDays }
                : undefined,
            }),
          ),
        ),
      (b) => {
        try {
          validateRestoreTestingArgs(resolveRestoreTestingArgs({ vaultArn: "", roleArn: "", databaseArn: "", dbSubnetGroupName: "", dbSecurityGroupIds: [], bucketArn: "", validationWindowHours: b.restoreValidationHours }));
        } catch (e) {
          throw new Error((e as Error).message.replace(/^validationWindowHours/, "restoreValidationHours"));
        }
      },
    ),
    ALSO_AFTER_TYPE_ERRORS,
  );

/** Runs the Backup validator and rethrows its message in the credlink:backup key names. */
function renamedErrors(validate: () => void): void {
  try {
    validate();
  } catch (e) {
    throw new Error(BACKUP_ARG_KEYS.reduce((m, [pattern, key]) => m.replace(pattern, key), (e as Error).message));
  }
}

/** Chaos experiments (`credlink:recovery:Chaos`): on in prod, on demand elsewhere. */
const chaos = z.strictObject({
  /** Create the FIS experiment templates (they do nothing until someone starts one). */
  enabled: z.boolean().default(false),
});
// --- end recovery ---
// --- Edge security and the account baseline (issue 11) ---

/** The WAF in front of the load balancer (`credlink:edge:Firewall`). Limits are checked by the component's validator. */
const waf = z
  .strictObject({
    /** A web ACL on the load balancer. Prod must keep it; dev may rely on service.allowedCidrs instead. */
    enabled: z.boolean().default(true),
    /** Requests per client IP per window before the rate rule blocks (100 to 2,000,000,000). */
    rateLimit: z.int().default(1000),
    /** The rate rule's window in seconds: 60, 120, 300 or 600. */
    rateWindowSec: z.int().default(300),
    /** URI path prefixes where bodies over 8 KB (proof uploads) are allowed. */
    largeBodyPaths: z
      .custom<string[]>((v) => Array.isArray(v) && v.every((e) => typeof e === "string"), { error: 'must be a list of URI paths like "/v1/proofs"' })
      .default([]),
    /** Days the WAF logs (blocked and counted requests) are kept. */
    logRetentionDays: z.int().default(30),
    /** Blocked requests in 5 minutes that raise the notify alarm. */
    blockedRequestsAlarmThreshold: z.int().default(500),
  })
  .superRefine(
    // One validator per key, so that each bad key is reported (the component's validator stops at the first).
    validatedBy(
      ...(["rateLimit", "rateWindowSec", "largeBodyPaths", "logRetentionDays", "blockedRequestsAlarmThreshold"] as const).map(
        (key) => (w: Record<string, unknown>) =>
          validateFirewallArgs(resolveFirewallArgs("credlink", { [key]: w[key], loadBalancerArn: "", alarmTopicArn: "" })),
      ),
    ),
    ALSO_AFTER_TYPE_ERRORS,
  );
const WAF_DEFAULTS = { enabled: true, rateLimit: 1000, rateWindowSec: 300, largeBodyPaths: [], logRetentionDays: 30, blockedRequestsAlarmThreshold: 500 };
/**
 * The edge in front of the load balancer: `provider` aws (the ALB, with the WAF above) or cloudflare (issue 16: the
 * Cloudflare edge, whose managed WAF replaces the AWS one, which is then not built).
 */
const edge = z.strictObject({
  provider: z.enum(["aws", "cloudflare"]).default("aws"),
  waf: waf.default(WAF_DEFAULTS),
});

/** The account-level singletons (`credlink:account:Baseline`): exactly one stack per account owns them. */
const account = z.strictObject({
  /** This stack owns GuardDuty, Inspector, ECR registry scanning and cost allocation tag activation. */
  baseline: z.boolean().default(false),
  /** Security Hub with AWS Foundational Security Best Practices (billed per check; needs AWS Config). Baseline owner only. */
  securityHub: z.boolean().default(false),
  /**
   * Activate Project, Environment and CostCenter as cost allocation tags. Off by default, turned on deliberately later:
   * Cost Explorer refuses a key it has not yet seen in billing data (about a day after the first tagged resource), and
   * refuses any activation from an AWS Organizations member account (only the management account may: then leave it
   * off and activate there). Until the tags are active the budget's filter and the anomaly monitor count nothing.
   */
  activateCostAllocationTags: z.boolean().default(false),
});
// --- end edge ---
// --- Issue 16, the Cloudflare option: the edge switch, the Cloudflare zone, and its secrets --------------------------


/** One rate limit at the Cloudflare edge (credlink:edge:Cloudflare); checked against the plan by the component. */
const cloudflareRateLimit = z.strictObject({
  name: z.string(),
  pathPrefix: z.string(),
  requestsPerPeriod: z.int(),
  periodSeconds: z.int(),
  mitigationTimeoutSeconds: z.int(),
});

/**
 * The Cloudflare zone and account, for `edge.provider: cloudflare` and `proofs.r2Copy`. The API token and the account
 * id are secrets of their own (CLOUDFLARE_API_TOKEN_KEY, CLOUDFLARE_ACCOUNT_ID_KEY), never in this map.
 */
const cloudflareSection = z
  .strictObject({
    /** The zone that holds domain.name: 32 lowercase hex characters (dashboard, the zone's Overview page). */
    zoneId: z.string().regex(/^[0-9a-f]{32}$/, { error: "must be a Cloudflare zone id: 32 lowercase hex characters" }),
    /** The zone's plan: priced by the cost model, decides the managed WAF ruleset, the rate limits allowed and the SLA. */
    plan: z.enum(CLOUDFLARE_PLANS).default("Free"),
    rateLimits: z.array(cloudflareRateLimit).default([]),
    /** Where the R2 copy's bucket is created (a location hint). */
    r2Location: z.enum(R2_LOCATIONS).default("enam"),
  })
  .superRefine((c, ctx) => {
    // The component's own plan rules; its "rateLimits[1].periodSeconds ..." messages become that key's path.
    if (ctx.issues.some((issue) => issue.path && issue.path.length > 0)) return;
    try {
      validateCloudflareEdgeArgs({ zoneId: c.zoneId, plan: c.plan ?? "Free", rateLimits: c.rateLimits ?? [], hstsMaxAgeSeconds: 31536000 });
    } catch (e) {
      const message = (e as Error).message;
      const item = /^(\w+)\[(\d+)\]\.(\w+) (.*)$/s.exec(message);
      const plainKey = /^(\w+) (.*)$/s.exec(message);
      if (item) ctx.addIssue({ code: "custom", path: [item[1], Number(item[2]), item[3]], message: item[4], params: VERBATIM });
      else if (plainKey) ctx.addIssue({ code: "custom", path: [plainKey[1]], message: plainKey[2], params: VERBATIM });
    }
  }, ALSO_AFTER_TYPE_ERRORS);

/** Secret flat keys: `pulumi config set --secret credlink:cloudflare.apiToken ...` (and accountId). */
export const CLOUDFLARE_API_TOKEN_KEY = "cloudflare.apiToken";
export const CLOUDFLARE_ACCOUNT_ID_KEY = "cloudflare.accountId";
/** What the offline plan uses for the account id it can't decrypt: well-formed, obviously not real. */
const OFFLINE_CLOUDFLARE_ACCOUNT_STAND_IN = "0000000000000000000000000000000a";

// --- issue 14 (dev lean): credlink:ops.level, how much of the operations tier the stack builds ----------------------
/** The operations levels: "full" builds the dashboard, the SLO's burn-rate alarms and the tier alarms; "lean" does not. */
export const OPS_LEVELS = ["full", "lean"] as const;
const ops = z.strictObject({
  /**
   * "full": credlink:ops:Dashboard, credlink:ops:Slo and credlink:ops:Alarms. "lean" (dev, which pages nobody) builds
   * none of the three; the alert topics, the Service's deployment alarms (they drive the automatic rollback), the uptime
   * check, the budgets and the recovery notifications stay. Prod must be "full".
   */
  level: z.enum(OPS_LEVELS).default("full"),
});
// --- end issue 14 (dev lean) ----------------------------------------------------------------------------------------

/** The `credlink:` namespace. One entry per section; later phases add theirs here. */
const credlinkSchema = z.strictObject({
  environment,
  tags,
  kms: kms.default({ deletionWindowDays: 30, keyPerStore: true }),
  network,
  database,
  cache,
  proofs,
  dr,
  service,
  domain: domain.optional(),
  alerts: alerts.default({ emails: [], runbookBase: "docs/runbooks", subscriberPrincipalArns: [] }),
  slo: slo.default({ targetPercent: 99.9, latencyThresholdMs: 500 }),
  cost: cost.default({ anomalyThresholdUsd: 20 }),
  // CI/CD (issue 13)
  cicd: cicd.optional(),
  // Recovery (issue 12)
  backup: backup.default({ dailyRetentionDays: 7, continuousBackup: false, restoreTestFrequency: "monthly", restoreValidationHours: 2 }),
  chaos: chaos.default({ enabled: false }),
  // edge: the WAF (issue 11) and the edge provider (issue 16, the Cloudflare option).
  edge: edge.default({ provider: "aws", waf: WAF_DEFAULTS }),
  account: account.default({ baseline: false, securityHub: false, activateCostAllocationTags: false }),
  // Issue 16, the Cloudflare option.
  cloudflare: cloudflareSection.optional(),
  // issue 14 (dev lean): the operations level.
  ops: ops.default({ level: "full" }),
});

/** The config fields that parsed, per section: a field is present only when its own value has the right type. */
type ParsedFields = Record<string, Map<string, unknown>>;

/** The object schema inside a section's schema (unwrapping `.default()`, `.optional()`); undefined for a scalar. */
function shapeOf(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  let inner: unknown = schema;
  for (let guard = 0; guard < 10; guard++) {
    const def = (inner as { def?: { innerType?: unknown } }).def;
    if (!def?.innerType) break;
    inner = def.innerType;
  }
  return (inner as { shape?: Record<string, z.ZodType> }).shape;
}

/**
 * Parses every field of every section on its own, so a typo or a wrong type never hides a cross-field problem
 * elsewhere, not even in the same section. An absent field with a default parses as its default; the sections' own
 * refinements (the component validators) report through the whole-object parse.
 */
function parseFields(data: Record<string, unknown>): ParsedFields {
  const fields: ParsedFields = {};
  for (const [section, schema] of Object.entries(credlinkSchema.shape) as [string, z.ZodType][]) {
    const shape = shapeOf(schema);
    const raw = data[section];
    if (!shape || (raw !== undefined && (typeof raw !== "object" || raw === null || Array.isArray(raw)))) continue;
    fields[section] = new Map();
    for (const [key, field] of Object.entries(shape)) {
      const result = field.safeParse((raw as Record<string, unknown> | undefined)?.[key]);
      if (result.success) fields[section].set(key, result.data);
    }
  }
  return fields;
}

/**
 * The rules that span sections or depend on the environment (the prod rules, the DR region). Each runs when the
 * fields it reads parsed, whatever else failed. `region` is `aws:region` when it is valid. One "<key> must ..., got
 * <value>" line per problem.
 */
function crossFieldProblems(
  data: Record<string, unknown>,
  region: string | undefined,
  hasPagerduty = false,
  secrets: CloudflareSecretsSet = { apiToken: false, accountId: false },
): string[] {
  const problems: string[] = [];
  const fields = parseFields(data);
  type Section = Exclude<keyof CredlinkConfig, "environment" | "domain" | "cloudflare">;
  const field = <S extends Section, K extends keyof CredlinkConfig[S] & string>(section: S, key: K) => {
    const parsed = fields[section];
    return parsed?.has(key) ? { value: parsed.get(key) as CredlinkConfig[S][K] } : undefined;
  };
  const rule = <S extends Section, K extends keyof CredlinkConfig[S] & string>(
    section: S,
    key: K,
    ok: (value: CredlinkConfig[S][K]) => boolean,
    message: string,
  ) => {
    const parsed = field(section, key);
    if (parsed && !ok(parsed.value)) problems.push(`${keyOf([section, key])} ${message}, got ${show(parsed.value)}`);
  };

  if (credlinkSchema.shape.environment.safeParse(data.environment).data === "prod") {
    if (data.domain === undefined) {
      problems.push(
        `${keyOf(["domain"])} must be set in prod (name and hostedZoneId): prod serves HTTPS only, with an ACM certificate validated in that zone, got nothing`,
      );
    }
    // ECR tags are immutable here, but "latest" is the tag every build tool moves by default, and any other registry
    // moves it: prod must name a digest, or a release tag.
    rule(
      "service",
      "image",
      (reference) => {
        const image = parseImageReference(reference);
        return !(image && image.digest === undefined && image.tag?.toLowerCase() === "latest");
      },
      'must be immutable in prod: a digest ("@sha256:<64 hex>") or a release tag, not "latest", which each push moves',
    );
    for (const key of ["desiredCount", "minCount"] as const) {
      rule("service", key, (n) => n >= 2, "must be at least 2 in prod: one task in each of two AZs, so losing an AZ or a task keeps the service up");
    }
    rule(
      "network",
      "natGateways",
      (v) => v === "onePerAz" || v === "instance",
      'must be "onePerAz" or "instance" in prod: one NAT per AZ, so a single NAT is never one point of failure for every private subnet',
    );
    // A tag is moved by whoever publishes the image; the digest names the exact bytes the task runs.
    rule(
      "service",
      "tracingCollectorImage",
      (reference) => parseImageReference(reference)?.digest !== undefined,
      'must be pinned by digest in prod ("<repository>:<tag>@sha256:<64 hex>"): a tag can be moved to another image',
    );
    rule(
      "service",
      "capacityProvider",
      (c) => c === "FARGATE",
      'must be "FARGATE" in prod: Spot tasks can be stopped at two minutes\' notice whenever AWS needs the capacity back',
    );
    rule("kms", "keyPerStore", (on) => on, "must be true in prod: a key per store keeps each store's key policy (and a mistake in it) to that store");
    rule("kms", "deletionWindowDays", (n) => n === 30, "must be 30 in prod: the longest window to cancel a mistaken key deletion");
    rule("database", "multiAz", (on) => on, "must be true in prod: a standby in a second AZ takes over when the primary fails");
    rule("database", "backupRetentionDays", (n) => n >= 14, "must be at least 14 in prod: two weeks of point-in-time recovery");
    rule("cache", "replicas", (n) => n >= 1, "must be at least 1 in prod: automatic failover and Multi-AZ need a replica to promote");
    rule("cache", "snapshotRetentionDays", (n) => n >= 7, "must be at least 7 in prod: a week of daily snapshots");
    rule(
      "proofs",
      "objectLockRetentionDays",
      (days) => days !== undefined,
      "must be set in prod: proofs are evidence, and Object Lock keeps every version from being overwritten or deleted",
    );
    rule("dr", "enabled", (on) => on, "must be true in prod: the proofs are replicated to the DR region");
    // Edge (issue 11): prod always has a WAF: the AWS one, or with the Cloudflare edge (issue 16) Cloudflare's.
    // Read raw: the waf section's own refinements (a bad rate limit) must not hide this rule.
    const edgeRaw = data.edge as { provider?: unknown; waf?: { enabled?: unknown } } | undefined;
    if (edgeRaw?.waf?.enabled === false && edgeRaw.provider !== "cloudflare") {
      problems.push(`${keyOf(["edge", "waf", "enabled"])} must be true in prod with credlink:edge.provider aws: the internet-facing load balancer always has the WAF in front of it, got false`);
    }
    rule(
      "alerts",
      "emails",
      (emails) => hasPagerduty || emails.length > 0,
      `must name at least one address in prod, or set the secret credlink:${PAGERDUTY_URL_KEY}: otherwise no alarm reaches anyone`,
    );
  }
  // --- Recovery (issue 12) ---
  const isProdConfig = credlinkSchema.shape.environment.safeParse(data.environment).data === "prod";
  if (isProdConfig) {
    rule("backup", "continuousBackup", (on) => on, "must be true in prod: point-in-time restore of the database and the proofs, not just last night's snapshot");
    rule("backup", "vaultLockMinDays", (days) => days !== undefined, "must be set in prod (with vaultLockMaxDays): a locked vault keeps every recovery point from early deletion");
  }
  // With continuous backup AWS Backup takes over the instance's automated backups and sets their retention to its
  // rule's: a different value would have `pulumi up` and AWS Backup resetting each other's.
  const dbDays = field("database", "backupRetentionDays")?.value;
  // Only against a retention that is itself valid (1-35, and 14+ in prod): otherwise that key's own problem speaks.
  const dbDaysValid = dbDays !== undefined && dbDays >= 1 && dbDays <= 35 && !(isProdConfig && dbDays < 14);
  if (field("backup", "continuousBackup")?.value && dbDaysValid) {
    rule(
      "backup",
      "continuousRetentionDays",
      (days) => days === dbDays,
      `must equal credlink:database.backupRetentionDays (${dbDays}) with continuous backup: AWS Backup then manages the instance's point-in-time window and sets it to this retention`,
    );
  }
  // In prod the prod rules already demand both (a second message would say the same thing).
  if (field("chaos", "enabled")?.value && !isProdConfig) {
    const multiAz = field("database", "multiAz")?.value;
    const replicas = field("cache", "replicas")?.value;
    if (multiAz === false) rule("chaos", "enabled", () => false, "must be false unless credlink:database.multiAz is true: the failover experiment needs a standby");
    if (replicas !== undefined && replicas < 1) rule("chaos", "enabled", () => false, "must be false unless credlink:cache.replicas is at least 1: the cache experiment fails over to a replica");
  }
  // --- end recovery ---
  // Edge (issue 11): Security Hub is part of the account baseline; a stack that doesn't own it must not turn it on.
  const accountRaw = data.account as { baseline?: unknown; securityHub?: unknown; activateCostAllocationTags?: unknown } | undefined;
  if (accountRaw?.securityHub === true && accountRaw.baseline !== true) {
    problems.push(`${keyOf(["account", "securityHub"])} needs credlink:account.baseline true: Security Hub is an account-level singleton, owned by the stack that owns the baseline, got true`);
  }
  if (accountRaw?.activateCostAllocationTags === true && accountRaw.baseline !== true) {
    problems.push(
      `${keyOf(["account", "activateCostAllocationTags"])} needs credlink:account.baseline true: cost allocation tag activation is account-wide, owned by the stack that owns the baseline, got true`,
    );
  }
  // Both only act on a locked bucket: set without a retention they would be silently ignored.
  if (field("proofs", "objectLockRetentionDays") && field("proofs", "objectLockRetentionDays")?.value === undefined) {
    for (const key of ["objectLockMode", "breakGlassRoleArn"] as const) {
      rule("proofs", key, (v) => v === undefined, "needs credlink:proofs.objectLockRetentionDays: without a retention there is no Object Lock for it to act on");
    }
  }
  if (region !== undefined && field("dr", "enabled")?.value) {
    rule("dr", "region", (dr) => dr !== region, "must differ from aws:region: a DR copy in the same region survives nothing a regional outage does");
  }
  problems.push(...cloudflareProblems(data, field("edge", "provider")?.value, field("proofs", "r2Copy")?.value === true, secrets));
  // --- issue 14 (dev lean): the lean operations level is for dev only, and without chaos ---
  if (isProdConfig) {
    rule(
      "ops",
      "level",
      (level) => level === "full",
      'must be "full" in prod: the dashboard, the SLO\'s burn-rate alarms (the one page for users failing) and the tier alarms',
    );
  } else if (field("ops", "level")?.value === "lean") {
    // In prod the rule above already demands "full" (a second message would say the same thing).
    rule("chaos", "enabled", (on) => !on, 'needs credlink:ops.level "full": the experiments stop on the service-degraded alarm, which "lean" does not build');
  }
  // --- end issue 14 (dev lean) ---
  return problems;
}

/** Issue 16: what the Cloudflare edge and the R2 copy need from the rest of the config, one line per problem. */
function cloudflareProblems(data: Record<string, unknown>, provider: string | undefined, r2Copy: boolean, secrets: CloudflareSecretsSet): string[] {
  const problems: string[] = [];
  const domainSet = typeof data.domain === "object" && data.domain !== null;
  const hostedZoneId = domainSet ? (data.domain as Record<string, unknown>).hostedZoneId : undefined;
  const needsSecrets = [provider === "cloudflare" ? "edge.provider is cloudflare" : undefined, r2Copy ? "proofs.r2Copy is true" : undefined].filter(Boolean);
  if (needsSecrets.length > 0) {
    for (const [key, set] of [[CLOUDFLARE_API_TOKEN_KEY, secrets.apiToken], [CLOUDFLARE_ACCOUNT_ID_KEY, secrets.accountId]] as const) {
      if (!set) problems.push(`${NAMESPACE}:${key} must be set as a secret (pulumi config set --secret ${NAMESPACE}:${key} ...) when ${needsSecrets.join(" and ")}, got nothing`);
    }
  }
  if (provider === "cloudflare") {
    if (data.cloudflare === undefined) problems.push(`${keyOf(["cloudflare"])} must be set (zoneId, plan) when credlink:edge.provider is cloudflare, got nothing`);
    if (!domainSet) problems.push(`${keyOf(["domain", "name"])} must be set when credlink:edge.provider is cloudflare: the edge serves that name from the Cloudflare zone, got nothing`);
    if (hostedZoneId !== undefined) {
      problems.push(`${keyOf(["domain", "hostedZoneId"])} must be left out when credlink:edge.provider is cloudflare (the name lives in the Cloudflare zone, not Route 53), got ${show(hostedZoneId)}`);
    }
    // Only Cloudflare's ranges reach the ALB then (a managed prefix list): an allowlist beside it would be ignored.
    const allowed = typeof data.service === "object" && data.service !== null ? (data.service as Record<string, unknown>).allowedCidrs : undefined;
    if (allowed !== undefined && !(Array.isArray(allowed) && allowed.length === 1 && allowed[0] === "0.0.0.0/0")) {
      problems.push(`${keyOf(["service", "allowedCidrs"])} must be left out (or ["0.0.0.0/0"]) when credlink:edge.provider is cloudflare: the load balancer admits Cloudflare's ranges only, got ${show(allowed)}`);
    }
  } else if (domainSet && hostedZoneId === undefined) {
    problems.push(`${keyOf(["domain", "hostedZoneId"])} is required with credlink:domain.name when credlink:edge.provider is aws (the certificate is validated in that Route 53 zone), but it is not set`);
  }
  return problems;
}

/** Which Cloudflare secrets the stack sets. */
interface CloudflareSecretsSet {
  readonly apiToken: boolean;
  readonly accountId: boolean;
}

/**
 * Every key the `credlink:` namespace accepts, as dotted paths down to the scalars and lists ("network.subnetMasks.public"),
 * in schema order, then the secret keys read on their own (the PagerDuty URL). The README's configuration reference is held to this list by a test.
 */
export function configKeyPaths(): string[] {
  const walk = (shape: Record<string, z.ZodType>, prefix: string): string[] =>
    Object.entries(shape).flatMap(([key, schema]) => {
      const inner = shapeOf(schema);
      return inner ? walk(inner, `${prefix}${key}.`) : [`${prefix}${key}`];
    });
  return [...walk(credlinkSchema.shape, ""), PAGERDUTY_URL_KEY, CLOUDFLARE_API_TOKEN_KEY, CLOUDFLARE_ACCOUNT_ID_KEY];
}

export type CredlinkConfig = z.output<typeof credlinkSchema>;
export type Environment = z.output<typeof environment>;

/** The validated stack configuration the program builds from. */
export interface StackConfig extends Omit<CredlinkConfig, "alerts"> {
  readonly alerts: CredlinkConfig["alerts"] & {
    /** `credlink:alerts.pagerdutyUrl`, a secret Output (as pulumi.Config#getSecret returns it); absent when unset. */
    readonly pagerdutyUrl?: pulumi.Output<string>;
  };
  /** Issue 16: the Cloudflare API token and account id, secret Outputs; absent when unset. */
  readonly cloudflareSecrets?: { readonly apiToken: pulumi.Output<string>; readonly accountId: pulumi.Output<string> };
  /** Issue 16: the AWS edge (the AWS WAF) is in front of the ALB; false when Cloudflare is the edge. */
  readonly awsEdge: boolean;
  readonly project: string;
  readonly stack: string;
  /** `aws:region`: where the primary provider deploys. */
  readonly region: string;
  readonly isProd: boolean;
  /**
   * Values that validate but can't be real: documentation placeholders committed so the offline plan runs. The
   * program logs each with pulumi.log.warn and exports them, so `pulumi preview` and the plan show them before `up`.
   */
  readonly warnings: readonly string[];
}

/** The IPv4 documentation ranges (RFC 5737): a committed placeholder, never a real client. */
const DOCUMENTATION_RANGES: readonly string[] = ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"];

/** AWS's documentation account id, used in committed image references until CI sets the real one. */
const DOCUMENTATION_ACCOUNT_ID = "123456789012";

/** Placeholder values in a validated config, as plain-language warnings naming the key. */
export function placeholderWarnings(cfg: CredlinkConfig, hasPagerduty = false): string[] {
  const warnings: string[] = [];
  for (const email of cfg.alerts.emails) {
    if (/\.example$/i.test(email)) {
      warnings.push(`credlink:alerts.emails has the placeholder "${email}" (.example is reserved): set a real address before \`pulumi up\`, or nobody hears the alarms`);
    }
  }
  if (cfg.alerts.emails.length === 0 && !hasPagerduty) {
    warnings.push(`credlink:alerts has no target (no emails, no secret credlink:${PAGERDUTY_URL_KEY}): the alarms publish to topics nobody reads`);
  }
  if (cfg.domain && /\.example$/.test(cfg.domain.name)) {
    warnings.push(`credlink:domain.name is the placeholder "${cfg.domain.name}" (.example is reserved): set the real domain before \`pulumi up\``);
  }
  if (cfg.domain && /^Z0+$/.test(cfg.domain.hostedZoneId ?? "")) {
    warnings.push(`credlink:domain.hostedZoneId is the placeholder "${cfg.domain.hostedZoneId}": set the real Route 53 zone id before \`pulumi up\``);
  }
  // Edge (issue 11): an allowlist that can't be real, or no protection at all.
  for (const cidr of cfg.service.allowedCidrs) {
    if (DOCUMENTATION_RANGES.includes(cidr)) {
      warnings.push(
        `credlink:service.allowedCidrs has the documentation range "${cidr}" (RFC 5737): set your testers' and CI's ranges before \`pulumi up\`, or nobody reaches the load balancer (see "Dev ingress allowlist and CI")`,
      );
    }
  }
  if (!cfg.edge.waf.enabled && cfg.edge.provider === "aws" && cfg.service.allowedCidrs.includes(ANYWHERE_IPV4)) {
    warnings.push(`credlink:edge.waf.enabled is false and credlink:service.allowedCidrs admits 0.0.0.0/0: the load balancer is open to the internet with no WAF`);
  }
  if (cfg.service.image.startsWith(`${DOCUMENTATION_ACCOUNT_ID}.`)) {
    warnings.push(
      `credlink:service.image "${cfg.service.image}" is in AWS's documentation account ${DOCUMENTATION_ACCOUNT_ID}: CI sets the real image (see "Deploying a new image version")`,
    );
  }
  return warnings;
}

/** Thrown for invalid stack config; `problems` holds one line per bad key. */
export class ConfigError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(`Invalid stack configuration:\n  - ${problems.join("\n  - ")}`);
    this.name = "ConfigError";
  }
}

/**
 * Validates the raw config map (as `pulumi.runtime.allConfig()` returns it: structured values JSON-encoded, scalars
 * as strings) and returns the typed config. Throws ConfigError listing every problem.
 */
export function parseStackConfig(raw: Readonly<Record<string, string>>, project = "credlink", stack = "dev", secretKeys?: readonly string[]): StackConfig {
  const problems: string[] = [];
  // The secrets must be secrets: a plain value sits in Pulumi.<stack>.yaml (committed) and in the state in clear.
  if (secretKeys !== undefined) problems.push(...plainSecretProblems(raw, secretKeys, stack));

  const region = raw["aws:region"];
  if (region === undefined) {
    problems.push('aws:region is required (the AWS region to deploy to, e.g. "us-east-1"), but it is not set');
  } else if (regionProblem(region)) {
    problems.push(`aws:region ${regionProblem(region)}`);
  }

  const data: Record<string, unknown> = {};
  for (const [fullKey, value] of Object.entries(raw)) {
    if (!fullKey.startsWith(`${NAMESPACE}:`)) continue;
    data[fullKey.slice(NAMESPACE.length + 1)] = decode(value);
  }
  // The secret PagerDuty URL is a flat key of its own; its value never appears in a message. Set with `--path`, it
  // arrives inside the credlink:alerts map instead (Pulumi then keeps the whole map secret): accept either, not both.
  const flat = raw[`${NAMESPACE}:${PAGERDUTY_URL_KEY}`];
  delete data[PAGERDUTY_URL_KEY];
  let nested: unknown;
  if (typeof data.alerts === "object" && data.alerts !== null && !Array.isArray(data.alerts) && "pagerdutyUrl" in data.alerts) {
    const { pagerdutyUrl, ...rest } = data.alerts as Record<string, unknown>;
    nested = pagerdutyUrl;
    data.alerts = rest;
  }
  if (flat !== undefined && nested !== undefined) {
    problems.push(`${NAMESPACE}:${PAGERDUTY_URL_KEY} is set twice, as its own key and inside ${NAMESPACE}:alerts (with --path): keep one`);
  } else if (nested !== undefined && typeof nested !== "string") {
    problems.push(`${NAMESPACE}:${PAGERDUTY_URL_KEY} must be a string (a URL), got ${Array.isArray(nested) ? "a list" : typeof nested}`);
  }
  const pagerdutyRaw = flat ?? (typeof nested === "string" ? nested : undefined);
  const pagerdutyUrl = pagerdutyRaw === OFFLINE_SECRET_PLACEHOLDER ? OFFLINE_PAGERDUTY_STAND_IN : pagerdutyRaw;
  if (pagerdutyUrl !== undefined) {
    const problem = pagerdutyUrlProblem(pagerdutyUrl);
    if (problem) problems.push(`${NAMESPACE}:${PAGERDUTY_URL_KEY} ${problem} (the value is a secret and is not shown)`);
  }

  const cloudflare = readCloudflareSecrets(raw, data, problems);

  const parsed = credlinkSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(...describeIssue(issue, data));
  }
  // Cross-field rules run on every section that parsed, so one section's mistake never hides another's.
  problems.push(
    ...crossFieldProblems(data, region !== undefined && !regionProblem(region) ? region : undefined, pagerdutyUrl !== undefined, {
      apiToken: cloudflare.apiToken !== undefined,
      accountId: cloudflare.accountId !== undefined,
    }),
  );
  if (problems.length > 0 || !parsed.success) throw new ConfigError([...new Set(problems)]);

  return {
    ...parsed.data,
    // pulumi.Config#getSecret semantics: the value only ever travels as a secret Output.
    alerts: { ...parsed.data.alerts, pagerdutyUrl: pagerdutyUrl === undefined ? undefined : pulumi.secret(pagerdutyUrl) },
    cloudflareSecrets:
      cloudflare.apiToken !== undefined && cloudflare.accountId !== undefined
        ? { apiToken: pulumi.secret(cloudflare.apiToken), accountId: pulumi.secret(cloudflare.accountId) }
        : undefined,
    awsEdge: parsed.data.edge.provider === "aws",
    project,
    stack,
    region: region as string,
    isProd: parsed.data.environment === "prod",
    warnings: placeholderWarnings(parsed.data, pagerdutyUrl !== undefined),
  };
}

/**
 * Issue 16: the Cloudflare secrets, as flat keys or (set with --path) inside the credlink:cloudflare map; removed from
 * `data` either way. Values never appear in a message; the offline placeholder becomes a well-formed stand-in.
 */
function readCloudflareSecrets(raw: Readonly<Record<string, string>>, data: Record<string, unknown>, problems: string[]): { apiToken?: string; accountId?: string } {
  const out: { apiToken?: string; accountId?: string } = {};
  for (const [field, key] of [["apiToken", CLOUDFLARE_API_TOKEN_KEY], ["accountId", CLOUDFLARE_ACCOUNT_ID_KEY]] as const) {
    const flat = raw[`${NAMESPACE}:${key}`];
    delete data[key];
    let nested: unknown;
    if (typeof data.cloudflare === "object" && data.cloudflare !== null && !Array.isArray(data.cloudflare) && field in data.cloudflare) {
      const { [field]: value, ...rest } = data.cloudflare as Record<string, unknown>;
      nested = value;
      data.cloudflare = rest;
    }
    if (flat !== undefined && nested !== undefined) {
      problems.push(`${NAMESPACE}:${key} is set twice, as its own key and inside ${NAMESPACE}:cloudflare (with --path): keep one`);
      continue;
    }
    const value = flat ?? nested;
    if (value === undefined) continue;
    if (typeof value !== "string" || value.trim() === "") {
      problems.push(`${NAMESPACE}:${key} must be a non-empty string (the value is a secret and is not shown)`);
      continue;
    }
    if (field === "accountId") {
      const id = value === OFFLINE_SECRET_PLACEHOLDER ? OFFLINE_CLOUDFLARE_ACCOUNT_STAND_IN : value;
      if (!/^[0-9a-f]{32}$/.test(id)) problems.push(`${NAMESPACE}:${key} must be a Cloudflare account id, 32 lowercase hex characters (the value is a secret and is not shown)`);
      out.accountId = id;
    } else {
      out.apiToken = value;
    }
  }
  return out;
}

/** The keys that hold secrets: each must be set with `pulumi config set --secret`, never as plain text. */
export const SECRET_CONFIG_KEYS: readonly string[] = [PAGERDUTY_URL_KEY, CLOUDFLARE_API_TOKEN_KEY, CLOUDFLARE_ACCOUNT_ID_KEY];

/**
 * A problem per secret key set in plain text: as its own key (`credlink:alerts.pagerdutyUrl`) not among `secretKeys`,
 * or inside its section's map (set with `--path`) when that map is not secret. Values never appear in a message.
 */
export function plainSecretProblems(raw: Readonly<Record<string, string>>, secretKeys: readonly string[], stack: string): string[] {
  const problems: string[] = [];
  for (const key of SECRET_CONFIG_KEYS) {
    const [section, field] = key.split(".");
    const flat = `${NAMESPACE}:${key}`;
    const map = `${NAMESPACE}:${section}`;
    const mapValue = raw[map] === undefined ? undefined : decode(raw[map]);
    const plainFlat = raw[flat] !== undefined && !secretKeys.includes(flat);
    const plainNested = typeof mapValue === "object" && mapValue !== null && field in mapValue && !secretKeys.includes(map);
    if (plainFlat || plainNested) {
      problems.push(
        `${flat} must be set as a secret (pulumi config set --secret ${flat} <value>): as plain text it sits in Pulumi.${stack}.yaml and in the state in clear (the value is not shown)`,
      );
    }
  }
  return problems;
}

/** Reads and validates the running stack's configuration. */
export function readStackConfig(): StackConfig {
  const raw = pulumi.runtime.allConfig();
  // Which keys the CLI passed as secrets (PULUMI_CONFIG_SECRET_KEYS). The SDK's reader is exported at run time but
  // typed internal; without it (an older SDK) the plain-text check is skipped rather than guessed.
  const isConfigSecret = (pulumi.runtime as unknown as { isConfigSecret?: (key: string) => boolean }).isConfigSecret;
  const secretKeys = typeof isConfigSecret === "function" ? Object.keys(raw).filter((k) => isConfigSecret(k)) : undefined;
  return parseStackConfig(raw, pulumi.getProject(), pulumi.getStack(), secretKeys);
}

/** Structured config arrives JSON-encoded; plain scalars arrive as the string the user wrote. */
function decode(value: string): unknown {
  const trimmed = value.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return value;
    }
  }
  return value;
}

function keyOf(path: readonly PropertyKey[]): string {
  const [head, ...rest] = path;
  const tail = rest.map((seg) => (typeof seg === "number" ? `[${seg}]` : `.${String(seg)}`)).join("");
  return `${NAMESPACE}:${String(head ?? "")}${tail}`;
}

function show(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "object" && value !== null) return `${Array.isArray(value) ? "a list" : "an object"} ${JSON.stringify(value)}`;
  return String(value);
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let cursor: unknown = data;
  for (const seg of path) {
    if (cursor === null || typeof cursor !== "object") return undefined;
    cursor = (cursor as Record<PropertyKey, unknown>)[seg];
  }
  return cursor;
}

/** The keys the schema allows at `path`, for "did you mean" hints. */
function allowedKeysAt(path: readonly PropertyKey[]): string[] {
  let schema: unknown = credlinkSchema;
  for (const seg of [...path, undefined]) {
    // Unwrap defaults, optionals and refinement pipes down to the object.
    for (let guard = 0; guard < 10; guard++) {
      const def = (schema as { def?: { innerType?: unknown; in?: unknown } }).def;
      if (def?.innerType) schema = def.innerType;
      else if (def?.in) schema = def.in;
      else break;
    }
    const shape = (schema as { shape?: Record<string, unknown> }).shape;
    if (!shape) return [];
    if (seg === undefined) return Object.keys(shape);
    schema = shape[String(seg)];
  }
  return [];
}

function closest(word: string, candidates: readonly string[]): string | undefined {
  const distance = (a: string, b: string): number => {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
      let prev = row[0];
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const next = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
        prev = row[j];
        row[j] = next;
      }
    }
    return row[b.length];
  };
  const best = candidates.map((c) => ({ c, d: distance(word, c) })).sort((x, y) => x.d - y.d)[0];
  return best && best.d <= Math.max(2, Math.floor(word.length / 3)) ? best.c : undefined;
}

const TYPE_NAMES: Record<string, string> = { int: "an integer", number: "a number", string: "a string", boolean: "true or false", object: "an object", array: "a list" };

function describeIssue(issue: z.core.$ZodIssue, data: unknown): string[] {
  const key = keyOf(issue.path);
  const got = "input" in issue && issue.input !== undefined ? issue.input : valueAt(data, issue.path);
  switch (issue.code) {
    case "unrecognized_keys": {
      const allowed = allowedKeysAt(issue.path);
      return issue.keys.map((k) => {
        const unknownKey = issue.path.length === 0 ? `${NAMESPACE}:${k}` : `${key}.${k}`;
        const hint = closest(k, allowed);
        return `${unknownKey} is not a known key${hint ? ` (did you mean "${hint}"?)` : ""}; allowed here: ${allowed.join(", ")}`;
      });
    }
    case "invalid_type":
      if (got === undefined) return [`${key} is required (${TYPE_NAMES[issue.expected] ?? issue.expected}), but it is not set`];
      return [`${key} must be ${TYPE_NAMES[issue.expected] ?? issue.expected}, got ${show(got)}`];
    case "invalid_value":
      if (got === undefined) return [`${key} is required (one of ${issue.values.map((v) => JSON.stringify(v)).join(" | ")}), but it is not set`];
      return [`${key} must be one of ${issue.values.map((v) => JSON.stringify(v)).join(" | ")}, got ${show(got)}`];
    case "too_small":
      return [`${key} must be ${bound(issue.origin, "at least", issue.minimum, issue.inclusive)}, got ${show(got)}`];
    case "too_big":
      return [`${key} must be ${bound(issue.origin, "at most", issue.maximum, issue.inclusive)}, got ${show(got)}`];
    case "custom":
      if ((issue.params as { verbatim?: boolean } | undefined)?.verbatim) return [`${key} ${issue.message}`];
      return [`${key} ${issue.message}, got ${show(got)}`];
    default:
      return [`${key} ${issue.message}, got ${show(got)}`];
  }
}

function bound(origin: string, word: string, limit: number | bigint, inclusive: boolean | undefined): string {
  const n = Number(limit);
  if (origin === "string") return `${word} ${n} characters long`;
  if (origin === "array") return `${word} ${n} items long`;
  return inclusive === false ? `${word === "at least" ? "greater than" : "less than"} ${n}` : `${word} ${n}`;
}
