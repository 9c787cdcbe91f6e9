/**
 * Reads and validates the stack configuration (Pulumi.<stack>.yaml), returning plain typed args for the components.
 *
 * Every key of the `credlink:` namespace is declared here with zod; unknown keys are errors, not silently ignored, and
 * every error names the full key, the bad value and what is allowed, e.g.
 *   credlink:network.natGateways must be one of "single" | "onePerAz", got "two"
 * All problems are reported at once, at plan/preview time, before anything reaches AWS.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import {
  CACHE_ENGINES,
  DOMAIN_NAME_PATTERN,
  HOSTED_ZONE_ID_PATTERN,
  OBJECT_LOCK_MODES,
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
} from "@credlink/components";

const NAMESPACE = "credlink";
const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** Messages that already say what they got, so the formatter does not append the value again. */
const VERBATIM = { verbatim: true } as const;

const integer = (min: number, max: number) => z.int().min(min).max(max);
const nonEmpty = z.string().trim().min(1);

const environment = z.enum(["dev", "prod"]);

const tags = z.strictObject({
  /** Team that owns the stack; becomes the Owner tag. */
  owner: nonEmpty,
  /** Cost centre billed for the stack; becomes the CostCenter tag. */
  costCenter: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, {
    error: "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit",
  }),
});

const kms = z.strictObject({
  /** Days a scheduled key deletion waits before it completes. Prod must keep the maximum, 30. */
  deletionWindowDays: integer(7, 30).default(30),
});

const network = z
  .strictObject({
    cidrBlock: z.string(),
    azCount: integer(2, 3),
    natGateways: z.enum(["single", "onePerAz"]),
    subnetMasks: z.strictObject({ public: z.int(), private: z.int(), isolated: z.int() }).partial().optional(),
    // Allowed values are checked by the component's validator below (the one list of CloudWatch retentions).
    flowLogRetentionDays: z.int().optional(),
  })
  // The component's own validator is the single source of truth for CIDR shape and subnet fit.
  .superRefine(validatedBy((net) => validateNetworkArgs(resolveNetworkArgs({ ...net, region: "us-east-1" }))));

/**
 * A superRefine that runs a component's own validator over a config section. The validator's arg names are the
 * section's keys, so its messages ("instanceClass must be ...") read correctly once prefixed with the section.
 */
function validatedBy<T extends object>(...validators: ((section: T) => unknown)[]) {
  return (section: T, ctx: z.RefinementCtx): void => {
    // Each validator reports its own first problem, so independent problems show up together.
    for (const validate of validators) {
      try {
        validate(section);
      } catch (e) {
        const message = (e as Error).message;
        const arg = /^([\w.]+)/.exec(message)?.[1] ?? "";
        const path = arg.split(".");
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
  .superRefine(validatedBy((db) => validateDatabaseArgs(resolveDatabaseArgs({ ...WIRED_LATER, ...db }))));

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
  .superRefine(validatedBy((c) => validateCacheArgs(resolveCacheArgs({ ...WIRED_LATER, ...c }))));

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
  })
  .superRefine(validatedBy((p) => validateProofStoreArgs(resolveProofStoreArgs(p))));

const dr = z.strictObject({
  /** The disaster-recovery region the proofs are replicated to. */
  region: z.string().regex(REGION_PATTERN, { error: 'must be an AWS region name like "us-west-2"' }),
  /** Replicate the proof bucket to `region` (and create the DR-region provider). */
  enabled: z.boolean(),
});

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
  })
  .superRefine(
    validatedBy(
      (svc) => validateServiceSizing(svc),
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
  );

/** The public DNS name and its Route 53 zone. Without it the load balancer serves plain HTTP (dev only). */
const domain = z.strictObject({
  name: z.string().regex(DOMAIN_NAME_PATTERN, { error: 'must be a lowercase DNS name like "api.credlink.example"' }),
  hostedZoneId: z.string().regex(HOSTED_ZONE_ID_PATTERN, { error: 'must be a Route 53 hosted zone id like "Z0123456789ABCDEFGHIJ"' }),
});

/** The `credlink:` namespace. One entry per section; later phases add theirs here. */
const credlinkSchema = z
  .strictObject({ environment, tags, kms: kms.default({ deletionWindowDays: 30 }), network, database, cache, proofs, dr, service, domain: domain.optional() })
  .superRefine((cfg, ctx) => {
    if (cfg.environment !== "prod") return;
    if (cfg.domain === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["domain"],
        message: "must be set in prod (name and hostedZoneId): prod serves HTTPS only, with an ACM certificate validated in that zone",
        input: undefined,
      });
    }
    for (const key of ["desiredCount", "minCount"] as const) {
      if (cfg.service[key] < 2) {
        ctx.addIssue({
          code: "custom",
          path: ["service", key],
          message: "must be at least 2 in prod: one task in each of two AZs, so losing an AZ or a task keeps the service up",
          input: cfg.service[key],
        });
      }
    }
    if (cfg.network.natGateways !== "onePerAz") {
      ctx.addIssue({
        code: "custom",
        path: ["network", "natGateways"],
        message: 'must be "onePerAz" in prod: a single NAT gateway is one point of failure for every private subnet',
        input: cfg.network.natGateways,
      });
    }
    if (cfg.kms.deletionWindowDays !== 30) {
      ctx.addIssue({
        code: "custom",
        path: ["kms", "deletionWindowDays"],
        message: "must be 30 in prod: the longest window to cancel a mistaken key deletion",
        input: cfg.kms.deletionWindowDays,
      });
    }
    const prodRule = (path: [string, string], ok: boolean, message: string, input: unknown) => {
      if (!ok) ctx.addIssue({ code: "custom", path, message, input });
    };
    prodRule(["database", "multiAz"], cfg.database.multiAz, "must be true in prod: a standby in a second AZ takes over when the primary fails", cfg.database.multiAz);
    prodRule(
      ["database", "backupRetentionDays"],
      cfg.database.backupRetentionDays >= 14,
      "must be at least 14 in prod: two weeks of point-in-time recovery",
      cfg.database.backupRetentionDays,
    );
    prodRule(
      ["cache", "replicas"],
      cfg.cache.replicas >= 1,
      "must be at least 1 in prod: automatic failover and Multi-AZ need a replica to promote",
      cfg.cache.replicas,
    );
    prodRule(
      ["cache", "snapshotRetentionDays"],
      cfg.cache.snapshotRetentionDays >= 7,
      "must be at least 7 in prod: a week of daily snapshots",
      cfg.cache.snapshotRetentionDays,
    );
    prodRule(
      ["proofs", "objectLockRetentionDays"],
      cfg.proofs.objectLockRetentionDays !== undefined,
      "must be set in prod: proofs are evidence, and Object Lock keeps every version from being overwritten or deleted",
      cfg.proofs.objectLockRetentionDays,
    );
    prodRule(
      ["dr", "enabled"],
      cfg.dr.enabled,
      "must be true in prod: the proofs are replicated to the DR region",
      cfg.dr.enabled,
    );
  });

export type CredlinkConfig = z.output<typeof credlinkSchema>;
export type Environment = z.output<typeof environment>;

/** The validated stack configuration the program builds from. */
export interface StackConfig extends CredlinkConfig {
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

/** AWS's documentation account id, used in committed image references until CI sets the real one. */
const DOCUMENTATION_ACCOUNT_ID = "123456789012";

/** Placeholder values in a validated config, as plain-language warnings naming the key. */
export function placeholderWarnings(cfg: CredlinkConfig): string[] {
  const warnings: string[] = [];
  if (cfg.domain && /\.example$/.test(cfg.domain.name)) {
    warnings.push(`credlink:domain.name is the placeholder "${cfg.domain.name}" (.example is reserved): set the real domain before \`pulumi up\``);
  }
  if (cfg.domain && /^Z0+$/.test(cfg.domain.hostedZoneId)) {
    warnings.push(`credlink:domain.hostedZoneId is the placeholder "${cfg.domain.hostedZoneId}": set the real Route 53 zone id before \`pulumi up\``);
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
export function parseStackConfig(raw: Readonly<Record<string, string>>, project = "credlink", stack = "dev"): StackConfig {
  const problems: string[] = [];

  const region = raw["aws:region"];
  if (region === undefined) {
    problems.push('aws:region is required (the AWS region to deploy to, e.g. "us-east-1"), but it is not set');
  } else if (!REGION_PATTERN.test(region)) {
    problems.push(`aws:region must be an AWS region name like "us-east-1", got ${show(region)}`);
  }

  const data: Record<string, unknown> = {};
  for (const [fullKey, value] of Object.entries(raw)) {
    if (!fullKey.startsWith(`${NAMESPACE}:`)) continue;
    data[fullKey.slice(NAMESPACE.length + 1)] = decode(value);
  }

  const parsed = credlinkSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(...describeIssue(issue, data));
  }
  if (parsed.success && parsed.data.dr.enabled && parsed.data.dr.region === region) {
    problems.push(`${NAMESPACE}:dr.region must differ from aws:region: a DR copy in the same region survives nothing a regional outage does, got ${show(region)}`);
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError([...new Set(problems)]);

  return {
    ...parsed.data,
    project,
    stack,
    region: region as string,
    isProd: parsed.data.environment === "prod",
    warnings: placeholderWarnings(parsed.data),
  };
}

/** Reads and validates the running stack's configuration. */
export function readStackConfig(): StackConfig {
  return parseStackConfig(pulumi.runtime.allConfig(), pulumi.getProject(), pulumi.getStack());
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
