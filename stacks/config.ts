/**
 * Reads and validates the stack configuration (Pulumi.<stack>.yaml), returning plain typed args for the components.
 *
 * Each module's keys, defaults and single-module rules live in stacks/config/<module>.ts; this file composes them, and
 * keeps the rules that span modules or depend on the environment, the secrets, the parse entry points and the error
 * formatting. Unknown keys are errors, not silently ignored, and every error names the full key, the bad value and what
 * is allowed, e.g.
 *   credlink:network.natGateways must be one of "single" | "onePerAz", got "two"
 * All problems are reported at once, at plan/preview time, before anything reaches AWS.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import {
  ANYWHERE_IPV4,
  BUDGET_NOTIFICATION_MAX_EMAILS,
  heartbeatUrlProblem,
  keyAdministrationWarnings,
  MAX_ALLOWED_CIDRS,
  MAX_ALLOWED_CIDRS_WITH_RUNNER,
  pagerdutyUrlProblem,
  parseImageReference,
  SECURITY_GROUP_INBOUND_RULES,
} from "@credlink/components";
import { account, accountSharing, isPlaceholderAccountId, movedKeyProblems, OtherStack, readOtherStacks, sameAccountProblems, securityHubProblems } from "./config/account";
import { alerts, DR_HEARTBEAT_URL_KEY, HEARTBEAT_URL_KEY, PAGERDUTY_URL_KEY } from "./config/alerts";
import { audit, auditDefaults } from "./config/audit";
import { backup, backupDefaults } from "./config/backup";
import { cache, cacheDefaults } from "./config/cache";
import { cicd, isPlaceholderGitHubId } from "./config/cicd";
import { cloudflare as cloudflareSection, CLOUDFLARE_ACCOUNT_ID_KEY, CLOUDFLARE_API_TOKEN_KEY } from "./config/cloudflare";
import { cost } from "./config/cost";
import { database, databaseDefaults } from "./config/database";
import { domain } from "./config/domain";
import { dr, drProblems, KMS_KEY_ARN } from "./config/dr";
import { edge } from "./config/edge";
import { chaos } from "./config/chaos";
import { environment } from "./config/environment";
import { kms } from "./config/kms";
import { closest, ComponentDefaults, keyOf, NAMESPACE, regionProblem, ruleProblem, show } from "./config/lib";
import { network, networkDefaults } from "./config/network";
import { ops } from "./config/ops";
import { objectLockProblems, proofs, proofsDefaults } from "./config/proofs";
import { service } from "./config/service";
import { slo } from "./config/slo";
import { tags } from "./config/tags";

export { DR_HEARTBEAT_URL_KEY, HEARTBEAT_URL_KEY, PAGERDUTY_URL_KEY } from "./config/alerts";
export { CLOUDFLARE_ACCOUNT_ID_KEY, CLOUDFLARE_API_TOKEN_KEY } from "./config/cloudflare";
export { OPS_LEVELS } from "./config/ops";

/**
 * What the offline plan substitutes for a `secure:` value it can't decrypt (tools/project.ts, OFFLINE_SECRET_PLACEHOLDER;
 * a test keeps the two equal). The PagerDuty URL then plans with a well-formed stand-in, since the real one can't be read.
 */
export const OFFLINE_SECRET_PLACEHOLDER = "offline-plan-placeholder-secret";
const OFFLINE_PAGERDUTY_STAND_IN = "https://events.pagerduty.com/integration/offline-placeholder/enqueue";
/** What the offline plan uses for a heartbeat URL it can't decrypt (`.invalid`: reserved, never a real host; RFC 6761). */
const OFFLINE_HEARTBEAT_STAND_IN = { [HEARTBEAT_URL_KEY]: "https://heartbeat.invalid/offline-placeholder", [DR_HEARTBEAT_URL_KEY]: "https://heartbeat.invalid/offline-placeholder-dr" };
/** What the offline plan uses for the Cloudflare account id it can't decrypt: well-formed, obviously not real. */
const OFFLINE_CLOUDFLARE_ACCOUNT_STAND_IN = "0000000000000000000000000000000a";

/**
 * Stack config lives in `Pulumi.<stack>.yaml` and is validated by `stacks/config.ts` (zod, one schema per module in
 * `stacks/config/<module>.ts`) before anything reaches AWS. Unknown keys are errors (with a "did you mean"), and every
 * error names the full key, the bad value and what is allowed, for example
 * `credlink:network.natGateways must be one of "single" | "onePerAz", got "two"`. All problems are reported at once,
 * cross-field ones included: each prod rule and the DR-region check runs whenever the keys it reads parsed, and the
 * components' validators run on the keys of their section that parsed, so a typo or a wrong type never hides a problem
 * elsewhere (each component validator still stops at its own first problem).
 *
 * Where a rule encodes what AWS offers (regions, engine versions, tag values), its table and source sit beside the
 * code: `aws.Region` from `@pulumi/aws`, `components/lib/engine-versions.ts`, `components/lib/cidr.ts`
 * (`PRIVATE_RANGES`), `tagValueProblem` in `stacks/config/lib.ts`.
 *
 * Placeholders: prod's `credlink:domain.*`, both stacks' `credlink:service.image`, `credlink:account.id` and
 * `credlink:cicd.github.ownerId`/`repoId` hold documentation values so the offline plan runs. The config recognises
 * them (`.example`, an all-zero zone id, AWS's documentation account 123456789012, an id of one repeated digit) and
 * warns, naming the key, in `npm run -s plan` and `pulumi preview`. Set the real values before `up`.
 *
 * Accounts: each environment has its own AWS account (`credlink:account.id`). The program reads the other committed
 * stack files (`Pulumi.<stack>.yaml`) and refuses a stack of another environment in the same account, unless
 * `credlink:account.sharedWith` names it; then the plan warns what isolation is lost.
 */
const credlinkSchema = z.strictObject({
  environment,
  tags,
  kms,
  network,
  database,
  cache,
  proofs,
  dr,
  service,
  domain,
  alerts,
  slo,
  cost,
  cicd,
  backup,
  chaos,
  edge,
  account,
  audit,
  cloudflare: cloudflareSection,
  ops,
});

/** The composed `credlink:` schema, read by the configuration reference's generator (tools/docs/config-reference.ts). */
export { credlinkSchema };

/** The components' own defaults for the keys a section leaves optional, per section (the reference's "default" column). */
export const COMPONENT_DEFAULTS: Readonly<Record<string, ComponentDefaults>> = {
  network: networkDefaults,
  database: databaseDefaults,
  cache: cacheDefaults,
  proofs: proofsDefaults,
  backup: backupDefaults,
  audit: auditDefaults,
};

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
  project = "credlink",
  heartbeats: HeartbeatsSet = { primary: false, dr: false },
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
    const problem = ruleProblem(section, fields[section], key, ok, message);
    if (problem) problems.push(problem);
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
    // A failover stack is prod rebuilt in the DR region: it copies nowhere (drProblems below says why).
    const failover = (data.dr as { role?: unknown } | undefined)?.role === "failover";
    if (!failover) rule("dr", "enabled", (on) => on, "must be true in prod: the proofs, the database's backups and the images are replicated to the DR region");
    // Prod always has a WAF: the AWS one, or with the Cloudflare edge Cloudflare's.
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
  // Recovery: continuous backup and a locked vault in prod; the point-in-time window has one owner.
  const isProdConfig = credlinkSchema.shape.environment.safeParse(data.environment).data === "prod";
  if (isProdConfig) {
    rule("backup", "continuousBackup", (on) => on, "must be true in prod: point-in-time restore of the database and the proofs, not just last night's snapshot");
    rule("backup", "vaultLockMinDays", (days) => days !== undefined, "must be set in prod (with vaultLockMaxDays): a locked vault keeps every recovery point from early deletion");
    // Evidence no single principal can erase: a compliance-mode lock, a copy outside the account's reach, named key
    // administrators, and COMPLIANCE Object Lock on the proofs and the trail.
    rule(
      "backup",
      "vaultLockChangeableDays",
      (days) => days !== undefined,
      "must be set in prod: a compliance-mode vault lock (immutable after the cooling-off period), so no principal, the account root included, can delete a recovery point early",
    );
    // Not in a failover stack: it copies nowhere (its DR region is the one that failed), and prod's air-gapped copies
    // are what it restores from.
    if ((data.dr as { role?: unknown } | undefined)?.role !== "failover") {
      rule("backup", "airGappedCopy", (on) => on, "must be true in prod: a copy of every daily backup in a logically air-gapped vault, outside this account's reach");
    }
    rule(
      "proofs",
      "objectLockMode",
      (mode) => mode === "COMPLIANCE",
      'must be "COMPLIANCE" in prod: under GOVERNANCE a principal allowed s3:BypassGovernanceRetention (and whoever can rewrite the bucket policy to allow it) can shorten a proof\'s retention',
    );
    rule(
      "account",
      "breakGlassRoleArn",
      (arn) => arn !== undefined,
      "must be set in prod: the key policies, the vault access policies and the proof buckets' policies reserve deletion to that role; without it the keys fall back to every IAM administrator of the account",
    );
    if (field("account", "baseline")?.value) {
      rule("audit", "objectLockRetentionDays", (days) => days !== undefined, "must be set in prod: the trail's log files are evidence, kept under Object Lock");
      rule("audit", "objectLockMode", (mode) => mode === "COMPLIANCE", 'must be "COMPLIANCE" in prod: nobody, the account root included, may shorten a trail log\'s retention');
      rule("audit", "tamperAlerts", (on) => on, "must be true in prod: key deletion, policy, lock, IAM, root, trail, backup, GuardDuty and alerting changes page within minutes");
      // The tamper alerts page through the alert topics and their key, which the deploy role can rewrite: a page that
      // can't be delivered is silent, so a heartbeat through them must reach a check outside the account.
      if (!heartbeats.primary) {
        problems.push(
          `${NAMESPACE}:${HEARTBEAT_URL_KEY} must be set as a secret in prod (pulumi config set --secret ${NAMESPACE}:${HEARTBEAT_URL_KEY} <ping URL>): the tamper alerts page through the page topic and its key, and a heartbeat through them to an external check is what pages when they can no longer deliver, got nothing`,
        );
      }
      if (field("dr", "enabled")?.value && !heartbeats.dr) {
        problems.push(
          `${NAMESPACE}:${DR_HEARTBEAT_URL_KEY} must be set as a secret in prod with credlink:dr.enabled (pulumi config set --secret ${NAMESPACE}:${DR_HEARTBEAT_URL_KEY} <ping URL>): the DR region's tamper alerts page through that region's topics and key, which need a heartbeat of their own, got nothing`,
        );
      }
    }
  }
  rule(
    "alerts",
    "emails",
    (emails) => !heartbeats.primary || emails.length <= BUDGET_NOTIFICATION_MAX_EMAILS,
    `must list at most ${BUDGET_NOTIFICATION_MAX_EMAILS} addresses with ${NAMESPACE}:${HEARTBEAT_URL_KEY} set: the page topic's subscriptions then take JSON bodies only, so AWS Budgets also emails its overrun to each address itself, and a Budgets notification takes ${BUDGET_NOTIFICATION_MAX_EMAILS}`,
  );
  // In prod a primary with DR off is refused already (dr.enabled); a second message would say the same thing.
  const drOffRefused = credlinkSchema.shape.environment.safeParse(data.environment).data === "prod" && (data.dr as { role?: unknown } | undefined)?.role !== "failover";
  if (heartbeats.dr && field("dr", "enabled")?.value === false && !drOffRefused) {
    problems.push(`${NAMESPACE}:${DR_HEARTBEAT_URL_KEY} is set but credlink:dr.enabled is not true: there is no DR region's page topic to beat through (the value is a secret and is not shown)`);
  }
  if (field("backup", "airGappedCopy")?.value && field("dr", "enabled")?.value === false) {
    rule("backup", "airGappedCopy", () => false, "needs credlink:dr.enabled true: the air-gapped vault lives in the DR region");
  }
  // The trail belongs to the stack that owns the account baseline; its IAM and sign-in alerts need us-east-1.
  problems.push(...auditProblems(data, field("account", "baseline")?.value));
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
  // An allowlist (no 0.0.0.0/0) on the AWS edge means CI opens the group to its runner for each deploy job: two more rules.
  const edgeProvider = field("edge", "provider")?.value ?? "aws";
  rule(
    "service",
    "allowedCidrs",
    // Past MAX_ALLOWED_CIDRS the list's own rule speaks (one message per mistake).
    (cidrs) => edgeProvider !== "aws" || cidrs.includes(ANYWHERE_IPV4) || cidrs.length <= MAX_ALLOWED_CIDRS_WITH_RUNNER || cidrs.length > MAX_ALLOWED_CIDRS,
    `must list at most ${MAX_ALLOWED_CIDRS_WITH_RUNNER} CIDR blocks when the load balancer admits an allowlist: two inbound rules each (80 and 443), plus the two CI adds for its runner during a deploy, within the ${SECURITY_GROUP_INBOUND_RULES} inbound rules of a security group`,
  );
  // Two single-module rules that read keys a type error elsewhere in their section must not hide.
  problems.push(...securityHubProblems(data.account));
  problems.push(...sameAccountProblems(data));
  problems.push(...objectLockProblems(fields.proofs));
  // The DR pair: a primary copies to another region; a failover stack stands in for one and writes to none.
  problems.push(...failoverProblems(data, region, project));
  problems.push(...cloudflareProblems(data, field("edge", "provider")?.value, field("proofs", "r2Copy")?.value === true, secrets));
  // The lean operations level is for dev only, and without chaos.
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
  return problems;
}

/** The audit section belongs to the stack that builds the trail (the account baseline's owner). */
function auditProblems(data: Record<string, unknown>, baseline: boolean | undefined): string[] {
  const problems: string[] = [];
  // Only once the baseline key parsed: its own type error speaks otherwise.
  if (data.audit !== undefined && baseline === false) {
    problems.push(`${keyOf(["audit"])} is set but credlink:account.baseline is not true: the trail is an account singleton, built by the stack that owns the baseline, got ${show(data.audit)}`);
  }
  return problems;
}

/**
 * The DR pair's rules (stacks/config/dr.ts, drProblems), and where a failover stack's restore inputs must live: the
 * replicated backups and their key are in this stack's region, the one they were replicated to.
 */
function failoverProblems(data: Record<string, unknown>, region: string | undefined, project: string): string[] {
  const parsed = dr.safeParse(data.dr);
  if (!parsed.success) return [];
  const section = parsed.data;
  const restore = (data.database as { restore?: unknown } | undefined)?.restore;
  const problems: string[] = [];
  // The primary role's region check only applies once it copies out (dev keeps a DR region it does not use yet).
  const regionForCheck = section.role === "primary" && !section.enabled ? undefined : region;
  const service = data.service as { image?: unknown } | undefined;
  const edge = data.edge as { provider?: unknown } | undefined;
  problems.push(
    ...drProblems(section, {
      region: regionForCheck,
      project,
      image: typeof service?.image === "string" ? service.image : undefined,
      restore: restore !== undefined,
      edgeProvider: typeof edge?.provider === "string" ? edge.provider : undefined,
    }),
  );
  if (region !== undefined && typeof restore === "object" && restore !== null) {
    const { automatedBackupsArn, keyArn } = restore as { automatedBackupsArn?: unknown; keyArn?: unknown };
    const backupsRegion = typeof automatedBackupsArn === "string" ? /^arn:aws:rds:([a-z0-9-]+):/.exec(automatedBackupsArn)?.[1] : undefined;
    const keyRegion = typeof keyArn === "string" ? KMS_KEY_ARN.exec(keyArn)?.[1] : undefined;
    for (const [key, at] of [["automatedBackupsArn", backupsRegion], ["keyArn", keyRegion]] as const) {
      if (at !== undefined && at !== region) {
        problems.push(`${keyOf(["database", "restore", key])} must be in aws:region ${region}, where the primary's backups were replicated to (a restore reads them in this region), got one in ${at}`);
      }
    }
  }
  return problems;
}

/**
 * The IAM-change and root sign-in alerts need a rule in us-east-1: IAM and console sign-in events reach EventBridge only
 * there. Outside it the trail still records them (multi-region, global service events); only the page is missing.
 */
export function auditWarnings(cfg: CredlinkConfig, region: string): string[] {
  const regions = [region, ...(cfg.dr.enabled ? [cfg.dr.region] : [])];
  if (!cfg.account.baseline || regions.includes(GLOBAL_EVENTS_REGION)) return [];
  return [
    `credlink:account.baseline is true but neither aws:region "${region}" nor credlink:dr.region is ${GLOBAL_EVENTS_REGION}: IAM changes and root sign-ins reach EventBridge only in ${GLOBAL_EVENTS_REGION}, so the trail records them but they page nobody (see "The audit trail")`,
  ];
}

/** Where IAM, STS and console sign-in events reach EventBridge (EventBridge user guide, "Events from AWS services"). */
export const GLOBAL_EVENTS_REGION = "us-east-1";

/** What the Cloudflare edge and the R2 copy need from the rest of the config, one line per problem. */
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

/** Which heartbeat URLs the stack sets: the page topic's, the DR region's page topic's. */
interface HeartbeatsSet {
  readonly primary: boolean;
  readonly dr: boolean;
}

/** Which Cloudflare secrets the stack sets. */
interface CloudflareSecretsSet {
  readonly apiToken: boolean;
  readonly accountId: boolean;
}

/**
 * Every key the `credlink:` namespace accepts, as dotted paths down to the scalars and lists ("network.subnetMasks.public"),
 * in schema order, then the secret keys read on their own (the PagerDuty URL). The configuration reference
 * (docs/CONFIGURATION.md) has a row for each, held to this list by a test.
 */
export function configKeyPaths(): string[] {
  const walk = (shape: Record<string, z.ZodType>, prefix: string): string[] =>
    Object.entries(shape).flatMap(([key, schema]) => {
      const inner = shapeOf(schema);
      return inner ? walk(inner, `${prefix}${key}.`) : [`${prefix}${key}`];
    });
  return [...walk(credlinkSchema.shape, ""), PAGERDUTY_URL_KEY, HEARTBEAT_URL_KEY, DR_HEARTBEAT_URL_KEY, CLOUDFLARE_API_TOKEN_KEY, CLOUDFLARE_ACCOUNT_ID_KEY];
}

export type CredlinkConfig = z.output<typeof credlinkSchema>;
export type Environment = z.output<typeof environment>;

/** The validated stack configuration the program builds from. */
export interface StackConfig extends Omit<CredlinkConfig, "alerts"> {
  readonly alerts: CredlinkConfig["alerts"] & {
    /** `credlink:alerts.pagerdutyUrl`, a secret Output (as pulumi.Config#getSecret returns it); absent when unset. */
    readonly pagerdutyUrl?: pulumi.Output<string>;
    /** `credlink:alerts.heartbeatUrl`, a secret Output; absent when unset (no heartbeat). */
    readonly heartbeatUrl?: pulumi.Output<string>;
    /** `credlink:alerts.drHeartbeatUrl`, a secret Output; absent when unset (no heartbeat in the DR region). */
    readonly drHeartbeatUrl?: pulumi.Output<string>;
  };
  /** The Cloudflare API token and account id, secret Outputs; absent when unset. */
  readonly cloudflareSecrets?: { readonly apiToken: pulumi.Output<string>; readonly accountId: pulumi.Output<string> };
  /** The AWS edge (the AWS WAF) is in front of the ALB; false when Cloudflare is the edge. */
  readonly awsEdge: boolean;
  readonly project: string;
  readonly stack: string;
  /** `aws:region`: where the primary provider deploys. */
  readonly region: string;
  readonly isProd: boolean;
  /**
   * The other committed stacks whose `credlink:account.id` is this stack's (read from their Pulumi.<stack>.yaml): the
   * deploy role keeps off the names of those nested under this stack's prefix (prod's failover stack beside prod).
   */
  readonly sameAccountStacks: readonly string[];
  /**
   * The DR pair this stack belongs to: the primary stack's name (this one, or a failover's credlink:dr.primaryStack) and
   * every committed failover stack that stands in for it (this one included, when it is one). Both sides derive the
   * proof replica's policy from it (stacks/parts/data.ts, replicaAccess), so a failover's import of it changes nothing.
   */
  readonly drPair: { readonly primaryStack: string; readonly failoverStacks: readonly string[] };
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
  // Edge: an allowlist that can't be real, or no protection at all.
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
  // Key administrators: a weaker fallback without a break-glass role (lib/kms).
  warnings.push(...keyAdministrationWarnings({ breakGlassRoleArn: cfg.account.breakGlassRoleArn, deployRoleArn: "the deploy role" }));
  if (isPlaceholderAccountId(cfg.account.id)) {
    warnings.push(`credlink:account.id "${cfg.account.id}" is a placeholder: set the stack's own AWS account id before \`pulumi up\` (the providers refuse every other account)`);
  }
  for (const key of ["ownerId", "repoId"] as const) {
    const id = cfg.cicd.github[key];
    if (isPlaceholderGitHubId(id)) {
      warnings.push(`credlink:cicd.github.${key} "${id}" is a placeholder: set the repository's numeric id (gh api ${key === "ownerId" ? "users/<owner>" : "repos/<owner>/<repo>"} --jq .id) before \`pulumi up\`, or CI's roles trust nobody`);
    }
  }
  // A failover stack's adopted copies, committed as placeholders until the primary has been deployed.
  const adopted: [string, string | undefined][] = [
    ["dr.adopt.proofBucket", cfg.dr.adopt?.proofBucket],
    ["dr.adopt.proofLogBucket", cfg.dr.adopt?.proofLogBucket],
    ["dr.adopt.proofKeyArn", cfg.dr.adopt?.proofKeyArn],
    ["database.restore.automatedBackupsArn", cfg.database.restore?.automatedBackupsArn],
    ["database.restore.keyArn", cfg.database.restore?.keyArn],
  ];
  for (const [key, value] of adopted) {
    if (value !== undefined && (value.endsWith("-0000000") || value.includes(`:${DOCUMENTATION_ACCOUNT_ID}:`) || /(key\/0{8}-0{4}-0{4}-0{4}-0{12}|auto-backup:ab-placeholder0+)$/.test(value))) {
      warnings.push(`credlink:${key} is the placeholder "${value}": set the primary's real value (its stack outputs: docs/DISASTER-RECOVERY.md, runbook 3, "Prepare") before \`pulumi up\``);
    }
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
export function parseStackConfig(
  raw: Readonly<Record<string, string>>,
  project = "credlink",
  stack = "dev",
  secretKeys?: readonly string[],
  otherStacks?: readonly OtherStack[],
): StackConfig {
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
  // The secret PagerDuty URL; its value never appears in a message.
  const pagerdutyValue = takeSecret(raw, data, PAGERDUTY_URL_KEY, problems);
  if (pagerdutyValue !== undefined && typeof pagerdutyValue !== "string") {
    problems.push(`${NAMESPACE}:${PAGERDUTY_URL_KEY} must be a string (a URL), got ${Array.isArray(pagerdutyValue) ? "a list" : typeof pagerdutyValue}`);
  }
  const pagerdutyRaw = typeof pagerdutyValue === "string" ? pagerdutyValue : undefined;
  const pagerdutyUrl = pagerdutyRaw === OFFLINE_SECRET_PLACEHOLDER ? OFFLINE_PAGERDUTY_STAND_IN : pagerdutyRaw;
  if (pagerdutyUrl !== undefined) {
    const problem = pagerdutyUrlProblem(pagerdutyUrl);
    if (problem) problems.push(`${NAMESPACE}:${PAGERDUTY_URL_KEY} ${problem} (the value is a secret and is not shown)`);
  }

  const heartbeats = readHeartbeatUrls(raw, data, problems);
  const cloudflare = readCloudflareSecrets(raw, data, problems);
  problems.push(...movedKeyProblems(data));
  // One account per environment: the other committed stack files, when the caller read them (readStackConfig does).
  const sharing = otherStacks === undefined ? { problems: [], warnings: [] } : accountSharing({ stack, environment: data.environment, account: data.account, cicd: data.cicd }, otherStacks);
  problems.push(...sharing.problems);

  const parsed = credlinkSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(...describeIssue(issue, data));
  }
  // Cross-field rules run on every section that parsed, so one section's mistake never hides another's.
  problems.push(
    ...crossFieldProblems(
      data,
      region !== undefined && !regionProblem(region) ? region : undefined,
      pagerdutyUrl !== undefined,
      { apiToken: cloudflare.apiToken !== undefined, accountId: cloudflare.accountId !== undefined },
      project,
      { primary: heartbeats.heartbeatUrl !== undefined, dr: heartbeats.drHeartbeatUrl !== undefined },
    ),
  );
  if (problems.length > 0 || !parsed.success) throw new ConfigError([...new Set(problems)]);

  return {
    ...parsed.data,
    // pulumi.Config#getSecret semantics: the value only ever travels as a secret Output.
    alerts: {
      ...parsed.data.alerts,
      pagerdutyUrl: pagerdutyUrl === undefined ? undefined : pulumi.secret(pagerdutyUrl),
      heartbeatUrl: heartbeats.heartbeatUrl === undefined ? undefined : pulumi.secret(heartbeats.heartbeatUrl),
      drHeartbeatUrl: heartbeats.drHeartbeatUrl === undefined ? undefined : pulumi.secret(heartbeats.drHeartbeatUrl),
    },
    cloudflareSecrets:
      cloudflare.apiToken !== undefined && cloudflare.accountId !== undefined
        ? { apiToken: pulumi.secret(cloudflare.apiToken), accountId: pulumi.secret(cloudflare.accountId) }
        : undefined,
    awsEdge: parsed.data.edge.provider === "aws",
    project,
    stack,
    region: region as string,
    isProd: parsed.data.environment === "prod",
    sameAccountStacks: (otherStacks ?? []).filter((o) => o.account?.id === parsed.data.account.id).map((o) => o.stack),
    drPair: drPair(stack, parsed.data.dr, otherStacks ?? []),
    warnings: [...placeholderWarnings(parsed.data, pagerdutyUrl !== undefined), ...sharing.warnings, ...auditWarnings(parsed.data, region as string)],
  };
}

/**
 * The DR pair of `stack` among the committed stack files: its primary, and the failover stacks naming that primary
 * (sorted, so every stack of the pair lists them alike).
 */
export function drPair(stack: string, dr: CredlinkConfig["dr"], others: readonly OtherStack[]): StackConfig["drPair"] {
  const failover = dr.role === "failover";
  const primaryStack = failover && dr.primaryStack !== undefined ? dr.primaryStack : stack;
  const standIns = others.filter((o) => o.dr?.role === "failover" && o.dr?.primaryStack === primaryStack).map((o) => o.stack);
  return { primaryStack, failoverStacks: [...new Set([...(failover ? [stack] : []), ...standIns])].sort() };
}

/**
 * A secret key (`alerts.pagerdutyUrl`): set as its own key, or with `pulumi config set --path` inside its section's map
 * (Pulumi then keeps the whole map secret); either, never both. Removed from `data` either way; undefined when unset or
 * set twice (a problem says so).
 */
function takeSecret(raw: Readonly<Record<string, string>>, data: Record<string, unknown>, key: string, problems: string[]): unknown {
  const [section, field] = key.split(".");
  const flat = raw[`${NAMESPACE}:${key}`];
  delete data[key];
  let nested: unknown;
  const map = data[section];
  if (typeof map === "object" && map !== null && !Array.isArray(map) && field in map) {
    const { [field]: value, ...rest } = map as Record<string, unknown>;
    nested = value;
    data[section] = rest;
  }
  if (flat !== undefined && nested !== undefined) {
    problems.push(`${NAMESPACE}:${key} is set twice, as its own key and inside ${NAMESPACE}:${section} (with --path): keep one`);
    return undefined;
  }
  return flat ?? nested;
}

/**
 * The heartbeat URLs, as flat keys or (set with --path) inside the credlink:alerts map; removed from `data` either way.
 * Values never appear in a message; the offline placeholder becomes a well-formed stand-in. Two checks fed by one URL
 * would keep beating while either region's pager is silenced, so the two must differ.
 */
function readHeartbeatUrls(raw: Readonly<Record<string, string>>, data: Record<string, unknown>, problems: string[]): { heartbeatUrl?: string; drHeartbeatUrl?: string } {
  const out: { heartbeatUrl?: string; drHeartbeatUrl?: string } = {};
  for (const [field, key] of [["heartbeatUrl", HEARTBEAT_URL_KEY], ["drHeartbeatUrl", DR_HEARTBEAT_URL_KEY]] as const) {
    const value = takeSecret(raw, data, key, problems);
    if (value === undefined) continue;
    if (typeof value !== "string") {
      problems.push(`${NAMESPACE}:${key} must be a string (a URL), got ${Array.isArray(value) ? "a list" : typeof value}`);
      continue;
    }
    const url = value === OFFLINE_SECRET_PLACEHOLDER ? OFFLINE_HEARTBEAT_STAND_IN[key] : value;
    const problem = heartbeatUrlProblem(url);
    if (problem) problems.push(`${NAMESPACE}:${key} ${problem} (the value is a secret and is not shown)`);
    out[field] = url;
  }
  if (out.heartbeatUrl !== undefined && out.heartbeatUrl === out.drHeartbeatUrl) {
    problems.push(
      `${NAMESPACE}:${DR_HEARTBEAT_URL_KEY} must differ from ${NAMESPACE}:${HEARTBEAT_URL_KEY}: one check fed by both regions keeps beating while either region's page topic is silenced (the values are secrets and are not shown)`,
    );
  }
  return out;
}

/**
 * The Cloudflare secrets, as flat keys or (set with --path) inside the credlink:cloudflare map; removed from
 * `data` either way. Values never appear in a message; the offline placeholder becomes a well-formed stand-in.
 */
function readCloudflareSecrets(raw: Readonly<Record<string, string>>, data: Record<string, unknown>, problems: string[]): { apiToken?: string; accountId?: string } {
  const out: { apiToken?: string; accountId?: string } = {};
  for (const [field, key] of [["apiToken", CLOUDFLARE_API_TOKEN_KEY], ["accountId", CLOUDFLARE_ACCOUNT_ID_KEY]] as const) {
    const value = takeSecret(raw, data, key, problems);
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
export const SECRET_CONFIG_KEYS: readonly string[] = [PAGERDUTY_URL_KEY, HEARTBEAT_URL_KEY, DR_HEARTBEAT_URL_KEY, CLOUDFLARE_API_TOKEN_KEY, CLOUDFLARE_ACCOUNT_ID_KEY];

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
  const stack = pulumi.getStack();
  return parseStackConfig(raw, pulumi.getProject(), stack, secretKeys, readOtherStacks(stack));
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

/** Keys that moved to another section: the "not a known key" message names where they went. */
const MOVED_KEYS: Readonly<Record<string, { readonly to: string; readonly why: string }>> = {
  "credlink:proofs.breakGlassRoleArn": { to: "credlink:account.breakGlassRoleArn", why: "one break-glass role per account, for the keys, the vaults, the trail and the proofs" },
};

const TYPE_NAMES: Record<string, string> = { int: "an integer", number: "a number", string: "a string", boolean: "true or false", object: "an object", array: "a list" };

function describeIssue(issue: z.core.$ZodIssue, data: unknown): string[] {
  const key = keyOf(issue.path);
  const got = "input" in issue && issue.input !== undefined ? issue.input : valueAt(data, issue.path);
  switch (issue.code) {
    case "unrecognized_keys": {
      const allowed = allowedKeysAt(issue.path);
      return issue.keys.map((k) => {
        const unknownKey = issue.path.length === 0 ? `${NAMESPACE}:${k}` : `${key}.${k}`;
        const moved = MOVED_KEYS[unknownKey];
        if (moved) return `${unknownKey} has moved to ${moved.to} (${moved.why}): set it there, got ${show(valueAt(data, [...issue.path, k]))}`;
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
