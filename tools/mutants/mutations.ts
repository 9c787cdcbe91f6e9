/**
 * The mutations `npm run mutants` applies, one at a time: each is one realistic mistake on one line of the source, the
 * kind a reviewer could miss. `find` is text on one line of `file` (exactly once, or the `occurrence`-th of identical
 * lines), `replace` what the mistake writes instead. A mutation the tests don't fail on "survives": either a test is
 * missing, or the mutation changes nothing that matters (then say why in `note`, or drop it).
 *
 * Classes:
 * - security: an IAM, network or encryption setting loosened;
 * - dependency: an ordering (`dependsOn`, or an Output that carries a dependency) dropped;
 * - timing: a window, timeout, schedule or alarm setting (periods, datapoints, missing data, statistic) changed;
 * - boundary: a comparison or range limit off by one;
 * - wiring: a config value no longer passed to its component (the component's default takes over);
 * - prod-rule: a prod config rule loosened;
 * - invoke: the plan's failure path for a call the mocks don't answer weakened (the plan would then pass a program
 *   that uses a data source nobody answered);
 * - pack: a control the policy pack must flag; the runner also runs the pack over every committed stack, and reports
 *   how many of these the pack catches apart from how many the tests do.
 *
 * tests/mutants.test.ts keeps the list applicable (every `find` still matches its line) and covering every class and
 * component module.
 */

export const MUTATION_CLASSES = ["security", "dependency", "timing", "boundary", "wiring", "prod-rule", "invoke", "pack"] as const;
export type MutationClass = (typeof MUTATION_CLASSES)[number];

export interface Mutation {
  /** Short and unique: what the mistake does. */
  readonly name: string;
  readonly class: MutationClass;
  /** Repository path of the mutated file. */
  readonly file: string;
  /** Text on one line of the file (unique in the file, or see `occurrence`). */
  readonly find: string;
  readonly replace: string;
  /** 1-based: which of several identical matches to mutate. @default 1, and the match must be unique */
  readonly occurrence?: number;
}

const m = (cls: MutationClass, file: string, name: string, find: string, replace: string, occurrence?: number): Mutation => ({
  name,
  class: cls,
  file,
  find,
  replace,
  ...(occurrence === undefined ? {} : { occurrence }),
});

const NETWORK = "components/network/network.ts";
const NAT = "components/network/nat-instances.ts";
const CIDR = "components/lib/cidr.ts";
const DATABASE = "components/data/database.ts";
const CACHE = "components/data/cache.ts";
const PROOFS = "components/data/proof-store.ts";
const BUCKET = "components/lib/bucket.ts";
const SERVICE = "components/app/service.ts";
const LB = "components/app/load-balancer.ts";
const REGISTRY = "components/app/registry.ts";
const SGS = "components/app/security-groups.ts";
const ALARMS = "components/ops/alarms.ts";
const ALERTING = "components/ops/alerting.ts";
const SLO = "components/ops/slo.ts";
const UPTIME = "components/ops/uptime.ts";
const COST = "components/ops/cost-controls.ts";
const DASHBOARD = "components/ops/dashboard.ts";
const FIREWALL = "components/edge/firewall.ts";
const CF = "components/edge/cloudflare.ts";
const CF_ORIGIN = "components/edge/cloudflare-origin.ts";
const BACKUP = "components/recovery/backup.ts";
const RESTORE = "components/recovery/restore-testing.ts";
const CHAOS = "components/recovery/chaos.ts";
const IDENTITY = "components/cicd/deploy-identity.ts";
const BASELINE = "components/account/baseline.ts";
const GUARDDUTY = "components/account/guardduty-agent.ts";
const SHARED_KEY = "components/security/shared-key.ts";
const KMS = "components/lib/kms.ts";
const EVENTS = "components/lib/event-route.ts";
const CONFIG = "stacks/config.ts";
const PROGRAM = "stacks/index.ts";
const PART_APP = "stacks/parts/app.ts";
const PART_DATA = "stacks/parts/data.ts";
const PART_NETWORK = "stacks/parts/network.ts";
const PART_OPS = "stacks/parts/ops.ts";
const TRAIL = "components/audit/trail.ts";
const TAMPER = "components/audit/alerts.ts";
const PART_EDGE = "stacks/parts/edge.ts";
const PART_RECOVERY = "stacks/parts/recovery.ts";
const PART_CICD = "stacks/parts/cicd.ts";
const PART_ACCOUNT = "stacks/parts/account.ts";
const PLAN = "tools/plan/cli.ts";
const MOCKS = "tools/offline/mocks.ts";
const DEPLOY_POLICY = "components/cicd/deploy-policy.ts";
const IAM = "components/lib/iam.ts";

export const MUTATIONS: readonly Mutation[] = [
  // --- dependency: every explicit dependsOn, and the Outputs that carry one ---
  m("dependency", SERVICE, "task definition no longer waits for the role policies", "{ parent: this, dependsOn: rolePolicies },", "{ parent: this },"),
  m("dependency", SERVICE, "service no longer waits for deployAfter (the GuardDuty agent's policy)", "      ...after,", "      // (deployAfter dropped)"),
  m("dependency", SERVICE, "service no longer waits for its role policies", "      ...rolePolicies,", "      // (role policies dropped)"),
  m("dependency", PROGRAM, "the GuardDuty agent's policy is never handed to the service", "guardDutyAgentReady.set([guardDutyAgent]);", "guardDutyAgentReady.set([]);"),
  m("dependency", NETWORK, "flow log no longer waits for its bucket's policy", "{ parent: this, dependsOn: [policy] },", "{ parent: this },"),
  m("dependency", NAT, "NAT instance group no longer waits for its role policy", "{ parent, dependsOn: [rolePolicy] },", "{ parent },"),
  m("dependency", DATABASE, "database instance no longer waits for the monitoring role's policy", "dependsOn: [...logGroups, monitoringPolicy],", "dependsOn: [...logGroups],"),
  m("dependency", DATABASE, "database instance no longer waits for its log groups", "dependsOn: [...logGroups, monitoringPolicy],", "dependsOn: [monitoringPolicy],"),
  m("dependency", PROOFS, "replication no longer waits for its role policy", "dependsOn: [source.versioning, replica.versioning, rolePolicy] },", "dependsOn: [source.versioning, replica.versioning] },"),
  m("dependency", BUCKET, "bucket policy no longer waits for the lifecycle rules", "policyAfter: [publicAccessBlock, lifecycle, ...(lock ? [lock] : [])] };", "policyAfter: [publicAccessBlock, ...(lock ? [lock] : [])] };"),
  m("dependency", BUCKET, "lifecycle rules no longer wait for versioning", "optsFor(lifecycleArgs, { dependsOn: [versioning] })", "optsFor(lifecycleArgs)"),
  m("dependency", LB, "load balancer no longer waits for its log bucket's policy", "{ parent: this, dependsOn: [logs.policy] },", "{ parent: this },"),
  m("dependency", LB, "log bucket policy no longer waits for the public access block", "{ parent: this, dependsOn: [publicAccess] },", "{ parent: this },"),
  m("dependency", LB, "target group ARN no longer carries the listener", "this.targetGroupArn = pulumi.all([targetGroup.arn, forwardingListener.arn]).apply(([arn]) => arn);", "this.targetGroupArn = targetGroup.arn;"),
  m("dependency", BACKUP, "backup selection no longer waits for the role's policies", "{ parent: this, dependsOn: attachments },", "{ parent: this },"),
  m("dependency", BACKUP, "Backup.roleArn no longer carries the policy attachments (restore testing starts early)", "this.roleArn = pulumi.all([role.arn, ...attachments.map((a) => a.id)]).apply(([arn]) => arn);", "this.roleArn = role.arn;"),
  m("dependency", ALERTING, "notify topic ARN no longer carries its topic policy (budgets, anomalies)", "this.notifyTopicArn = pulumi.all([notify.arn, this.topicPolicies[1].id]).apply(([arn]) => arn);", "this.notifyTopicArn = notify.arn;"),
  m("dependency", BASELINE, "ECR enhanced scanning no longer waits for Inspector", "{ ...opts, dependsOn: [enabler] },", "opts,"),
  m("dependency", BASELINE, "the DR region's findings forwarded before the role may put them", "{ parent: this, provider, dependsOn: [policy] });", "{ parent: this, provider });"),
  m("dependency", REGISTRY, "image replication starts before the replica repository exists", "{ parent: this, dependsOn: [repository, lifecycle] },", "{ parent: this },"),
  m("dependency", REGISTRY, "image replication starts before the replica's lifecycle policy", "{ parent: this, dependsOn: [repository, lifecycle] },", "{ parent: this, dependsOn: [repository] },"),
  m("dependency", CF_ORIGIN, "trust store bundle no longer waits for versioning", "{ parent: this, dependsOn: [versioning] },", "{ parent: this },"),

  // --- timing: windows, timeouts, schedules, alarm settings ---
  m("timing", DATABASE, "maintenance window moved onto the backup window", 'maintenanceWindow: "sun:04:30-sun:05:30",', 'maintenanceWindow: "sun:03:30-sun:04:30",'),
  m("timing", DATABASE, "backup window moved an hour", 'backupWindow: "03:00-04:00",', 'backupWindow: "04:00-05:00",'),
  m("timing", DATABASE, "enhanced monitoring every 30 s instead of 60", "monitoringInterval: 60,", "monitoringInterval: 30,"),
  m("timing", CACHE, "cache maintenance window an hour earlier", 'maintenanceWindow: args.maintenanceWindow ?? "sun:05:00-sun:06:00",', 'maintenanceWindow: args.maintenanceWindow ?? "sun:06:00-sun:07:00",'),
  m("timing", SERVICE, "app container stop timeout 120 s", "stopTimeout: 30,", "stopTimeout: 120,"),
  m("timing", SERVICE, "collector stop timeout 30 s", "stopTimeout: 10,", "stopTimeout: 30,"),
  m("timing", SERVICE, "scale-in cooldown 60 s", "scaleInCooldown: 300,", "scaleInCooldown: 60,"),
  m("timing", SERVICE, "deployment 5xx alarm on one datapoint", "datapointsToAlarm: 2,", "datapointsToAlarm: 1,"),
  m("timing", SERVICE, "deployment latency alarm breaches on missing data", 'treatMissingData: "notBreaching",', 'treatMissingData: "breaching",', 2),
  m("timing", SERVICE, "rolling deployments wait 20 minutes", "export const ROLLING_DEPLOYMENT_MINUTES = 30;", "export const ROLLING_DEPLOYMENT_MINUTES = 20;"),
  m("timing", SERVICE, "health check grace period 30 s", "healthCheckGracePeriodSeconds: args.healthCheckGracePeriodSeconds ?? 60,", "healthCheckGracePeriodSeconds: args.healthCheckGracePeriodSeconds ?? 30,"),
  m("timing", SERVICE, "container health check start period 0", "interval: 15, timeout: 5, retries: 3, startPeriod: 30", "interval: 15, timeout: 5, retries: 3, startPeriod: 0"),
  m("timing", LB, "deregistration delay 300 s", "deregistrationDelaySeconds: args.deregistrationDelaySeconds ?? 30,", "deregistrationDelaySeconds: args.deregistrationDelaySeconds ?? 300,"),
  m("timing", LB, "target health check needs 5 healthy checks", "healthyThreshold: 2,", "healthyThreshold: 5,"),
  m("timing", LB, "old access-log versions kept 30 days", "noncurrentVersionExpiration: { noncurrentDays: 7 },", "noncurrentVersionExpiration: { noncurrentDays: 30 },"),
  m("timing", ALARMS, "tasks-below-desired alarm after 5 minutes", "evaluationPeriods: 10,", "evaluationPeriods: 5,"),
  m("timing", ALARMS, "tasks-below-desired does not breach on missing data", 'treatMissingData: "breaching",', 'treatMissingData: "notBreaching",'),
  m("timing", ALARMS, "5xx-rate alarm on two datapoints of five", "datapointsToAlarm: 3,", "datapointsToAlarm: 2,", 1),
  m("timing", ALARMS, "utilisation alarms read 1-minute periods", "period: 300,", "period: 60,", 1),
  m("timing", SLO, "fast burn's short window 10 minutes", "burnRate: 14.4, longWindowSeconds: 3600, shortWindowSeconds: 300,", "burnRate: 14.4, longWindowSeconds: 3600, shortWindowSeconds: 600,"),
  m("timing", UPTIME, "uptime checks every 10 s by default", "requestIntervalSeconds: args.requestIntervalSeconds ?? 30,", "requestIntervalSeconds: args.requestIntervalSeconds ?? 10,"),
  m("timing", COST, "forecast notification at 80%, under the expected bill", 'return [notification("FORECASTED", 100, notifyTopicArn),', 'return [notification("FORECASTED", 80, notifyTopicArn),'),
  m("timing", FIREWALL, "blocked-requests alarm over 1-minute periods", "period: 300,", "period: 60,"),
  m("timing", EVENTS, "failed-delivery alarm over 1-minute periods", "period: 300,", "period: 60,"),
  m("timing", BACKUP, "daily backup start window 8 hours", "startWindow: 60,", "startWindow: 480,", 1),
  m("timing", BACKUP, "continuous backup completion window 1 week", "completionWindow: 180,", "completionWindow: 10080,", 2),
  m("timing", RESTORE, "weekly restore test at 05:00, with the backup", 'weekly: "cron(0 6 ? * SUN *)",', 'weekly: "cron(0 5 ? * SUN *)",'),
  m("timing", CHAOS, "cache AZ interrupted for 30 minutes", 'export const CACHE_INTERRUPT_DURATION = "PT10M";', 'export const CACHE_INTERRUPT_DURATION = "PT30M";'),
  m("timing", NAT, "NAT instances replaced every 30 days", "export const NAT_MAX_INSTANCE_LIFETIME_SECONDS = 7 * 86400;", "export const NAT_MAX_INSTANCE_LIFETIME_SECONDS = 30 * 86400;"),
  m("timing", NETWORK, "flow logs aggregated per minute", "maxAggregationInterval: 600,", "maxAggregationInterval: 60,"),
  m("timing", BASELINE, "GuardDuty findings published every 6 hours", 'findingPublishingFrequency: "FIFTEEN_MINUTES"', 'findingPublishingFrequency: "SIX_HOURS"'),
  m("timing", IDENTITY, "deploy role sessions last 12 hours", "maxSessionDuration: 3600,", "maxSessionDuration: 43200,", 1),

  // --- boundary: off by one ---
  m("boundary", CIDR, "per-AZ block as large as the VPC is refused", "if (azCidrMask < vpc.prefix) {", "if (azCidrMask <= vpc.prefix) {"),
  m("boundary", CIDR, "AZ blocks that exactly fill the VPC are refused", "if (azCount * azSize > blockSize(vpc.prefix)) {", "if (azCount * azSize >= blockSize(vpc.prefix)) {"),
  m("boundary", CIDR, "tiers that exactly fill their AZ block are refused", "if (cursor > azBase + azSize) {", "if (cursor >= azBase + azSize) {"),
  m("boundary", CIDR, "a tier as large as its AZ block is refused", "if (tier.cidrMask < azCidrMask) {", "if (tier.cidrMask <= azCidrMask) {"),
  m("boundary", CIDR, "octet 255 is refused", "if (octets.some((o) => o > 255) || prefix > 32) return undefined;", "if (octets.some((o) => o >= 255) || prefix > 32) return undefined;"),
  m("boundary", CIDR, "a block is not inside itself", "return inner.prefix >= outer.prefix && ", "return inner.prefix > outer.prefix && "),
  m("boundary", NETWORK, "a /28 subnet mask is refused", "mask < 16 || mask > 28", "mask < 16 || mask >= 28"),
  m("boundary", NETWORK, "a /24 VPC is refused", "cidr.prefix < 16 || cidr.prefix > 24", "cidr.prefix < 16 || cidr.prefix >= 24"),
  m("boundary", CACHE, "windows that only touch count as overlapping", "a < b + bLength && b < a + aLength", "a <= b + bLength && b <= a + aLength"),
  m("boundary", CACHE, "six cache replicas accepted", "if (!isInt(args.replicas, 0, 5)) {", "if (!isInt(args.replicas, 0, 6)) {"),
  m("boundary", DATABASE, "max storage below the allocated storage accepted", "if (!isInt(args.maxAllocatedStorageGb, args.allocatedStorageGb, 65536)) {", "if (!isInt(args.maxAllocatedStorageGb, args.allocatedStorageGb - 1, 65536)) {"),
  m("boundary", PROOFS, "noncurrent expiration equal to the transition accepted", "args.noncurrentExpirationDays <= args.noncurrentTransitionDays", "args.noncurrentExpirationDays < args.noncurrentTransitionDays"),
  m("boundary", SERVICE, "CPU target of 91% accepted", "if (!isInt(args.cpuTargetPercent, 10, 90))", "if (!isInt(args.cpuTargetPercent, 10, 91))"),
  m("boundary", SERVICE, "canary of 100.1% accepted", "tenths < 1 || tenths > 1000", "tenths < 1 || tenths > 1001"),
  m("boundary", FIREWALL, "a blocked-requests threshold of 0 accepted", "args.blockedRequestsAlarmThreshold < 1", "args.blockedRequestsAlarmThreshold < 0"),
  m("boundary", FIREWALL, "a WAF rate limit of 99 accepted", "export const WAF_RATE_LIMIT_MIN = 100;", "export const WAF_RATE_LIMIT_MIN = 99;"),
  m("boundary", BACKUP, "a vault lock max below its min accepted", "if (!isInt(lock.maxRetentionDays, lock.minRetentionDays, VAULT_LOCK_MAX_DAYS)) {", "if (!isInt(lock.maxRetentionDays, lock.minRetentionDays - 1, VAULT_LOCK_MAX_DAYS)) {"),
  m("boundary", RESTORE, "a 169-hour validation window accepted", "if (!isInt(args.validationWindowHours, 1, 168))", "if (!isInt(args.validationWindowHours, 1, 169))"),
  m("boundary", "stacks/config/cost.ts", "an anomaly threshold over 100000 USD accepted", ".max(100000)", ".max(1000000)"),

  // --- wiring: a config value no longer reaches its component (where the component's default equals the committed value) ---
  m("wiring", PART_DATA, "cache.snapshotWindow not passed", "snapshotWindow: cfg.cache.snapshotWindow,", ""),
  m("wiring", PART_DATA, "cache.engineVersion not passed", "engineVersion: cfg.cache.engineVersion,", ""),
  m("wiring", PART_DATA, "database.appUser not passed", "appUser: cfg.database.appUser,", ""),
  m("wiring", PART_DATA, "proofs.noncurrentTransitionDays not passed", "noncurrentTransitionDays: cfg.proofs.noncurrentTransitionDays,", ""),
  m("wiring", PART_DATA, "account.breakGlassRoleArn not passed to the proof store", "breakGlassRoleArn: cfg.account.breakGlassRoleArn,", ""),
  m("wiring", PART_CICD, "cicd.github.repoId not passed", "githubRepoId: cfg.cicd.github.repoId,", ""),
  m("wiring", PART_CICD, "cicd.stateKeyArn not passed", "stateKeyArn: cfg.cicd.stateKeyArn,", ""),
  m("wiring", PART_ACCOUNT, "account.runtimeMonitoring not passed", "runtimeMonitoring: cfg.account.runtimeMonitoring,", ""),
  m("wiring", PART_NETWORK, "network.subnetMasks not passed", "subnetMasks: cfg.network.subnetMasks,", ""),
  m("wiring", PART_APP, "service.cpuTargetPercent not passed", "cpuTargetPercent: cfg.service.cpuTargetPercent,", ""),
  m("wiring", PART_APP, "service.requestsPerTarget not passed", "requestsPerTarget: cfg.service.requestsPerTarget,", ""),
  m("wiring", PART_APP, "service.architecture not passed", "architecture: cfg.service.architecture,", ""),
  m("wiring", PART_APP, "service.healthCheckPath not passed to the load balancer", "healthCheckPath: cfg.service.healthCheckPath,", "", 1),
  m("wiring", PART_APP, "service.tracingCollectorImage not passed", "tracingCollectorImage: cfg.service.tracingCollectorImage,", ""),
  m("wiring", PART_APP, "service.healthCheckCommand not passed", "healthCheckCommand: cfg.service.healthCheckCommand,", ""),
  m("wiring", PART_OPS, "slo.latencyThresholdMs not passed to the SLO", "latencyThresholdMs: cfg.slo.latencyThresholdMs,", "", 2),
  m("wiring", PART_OPS, "alerts.runbookBase not passed", "runbookBase: cfg.alerts.runbookBase,", ""),
  m("wiring", PART_OPS, "alerts.subscriberPrincipalArns not passed", "subscriberPrincipalArns: cfg.alerts.subscriberPrincipalArns,", ""),
  m("wiring", PART_EDGE, "edge.waf.rateWindowSec not passed", "rateWindowSec: cfg.edge.waf.rateWindowSec as 60 | 120 | 300 | 600,", ""),
  m("wiring", PART_EDGE, "edge.waf.blockedRequestsAlarmThreshold not passed", "blockedRequestsAlarmThreshold: cfg.edge.waf.blockedRequestsAlarmThreshold,", ""),
  m("wiring", PART_RECOVERY, "backup.restoreValidationHours not passed", "validationWindowHours: cfg.backup.restoreValidationHours,", "", 1),
  m("wiring", PART_RECOVERY, "backup.restoreValidationHours not passed to the DR region's restore test", "validationWindowHours: cfg.backup.restoreValidationHours,", "", 2),
  m("wiring", PART_CICD, "cicd.stateBucket not passed", "stateBucket: cfg.cicd.stateBucket,", ""),
  m("wiring", PART_ACCOUNT, "account.activateCostAllocationTags not passed", "activateCostAllocationTags: cfg.account.activateCostAllocationTags,", ""),

  // --- prod-rule: a prod rule loosened ---
  m("prod-rule", CONFIG, "prod accepts 7 days of database backups", '"backupRetentionDays", (n) => n >= 14,', '"backupRetentionDays", (n) => n >= 7,'),
  m("prod-rule", CONFIG, "prod accepts 1 day of cache snapshots", '"snapshotRetentionDays", (n) => n >= 7,', '"snapshotRetentionDays", (n) => n >= 1,'),
  m("prod-rule", CONFIG, "prod accepts a cache without a replica", '"replicas", (n) => n >= 1,', '"replicas", (n) => n >= 0,'),
  m("prod-rule", CONFIG, "prod accepts one task", 'rule("service", key, (n) => n >= 2,', 'rule("service", key, (n) => n >= 1,'),
  m("prod-rule", CONFIG, "prod accepts a 29-day key deletion window", '"deletionWindowDays", (n) => n === 30,', '"deletionWindowDays", (n) => n >= 29,'),
  m("prod-rule", CONFIG, "prod accepts a single NAT instance", '(v) => v === "onePerAz" || v === "instance",', '(v) => v !== "single",'),
  m("prod-rule", CONFIG, "prod accepts Fargate Spot", '(c) => c === "FARGATE",', '(c) => c.startsWith("FARGATE"),'),
  m("prod-rule", CONFIG, "prod accepts no alert target", "(emails) => hasPagerduty || emails.length > 0,", "(emails) => hasPagerduty || emails.length >= 0,"),
  m("prod-rule", CONFIG, "prod accepts an unlocked vault", '"vaultLockMinDays", (days) => days !== undefined,', '"vaultLockMinDays", (days) => days !== 0,'),
  m("prod-rule", CONFIG, "prod accepts the lean operations level", '(level) => level === "full",', '(level) => level !== undefined,'),

  // --- security ---
  m("security", SERVICE, "tasks get a public IP", "assignPublicIp: false }", "assignPublicIp: true }"),
  m("security", SERVICE, "task role may read every object version of any bucket", 'Resource: pulumi.interpolate`${args.proofBucketArn}/*`,', 'Resource: "*",'),
  m("security", CACHE, "cache accepts clients without TLS", 'transitEncryptionMode: "required",', 'transitEncryptionMode: "preferred",'),
  m("security", DATABASE, "database accepts clients without TLS", 'p("rds.force_ssl", "1"),', 'p("rds.force_ssl", "0"),'),
  m("security", CF, "Cloudflare accepts TLS 1.0", 'setting("min_tls_version", "1.2");', 'setting("min_tls_version", "1.0");'),
  m("security", SGS, "load balancer's HTTPS rule admits every port from 0", "fromPort: 443,", "fromPort: 0,", 1),
  m("security", SHARED_KEY, "shared key is never protected", "{ protect: args.protect ?? false },", "{ protect: false },"),
  m("security", GUARDDUTY, "execution role may pull any ECR image", "Resource: repository,", 'Resource: "*",'),
  m("security", PART_CICD, "the failover stack's CI roles trust prod's GitHub environments", "githubEnvironment: cfg.stack,", ""),
  m("security", IDENTITY, "a preview environment equal to the deploy role's GitHub environment is accepted", "if (args.githubEnvironment !== undefined && args.previewEnvironment === args.githubEnvironment) {", "if (args.environment !== undefined && args.previewEnvironment === args.environment) {"),

  // --- pack: what the policy pack must flag ---
  m("pack", KMS, "keys stop rotating", "enableKeyRotation: true,", "enableKeyRotation: false,"),
  m("pack", DATABASE, "database storage unencrypted", "storageEncrypted: true,", "storageEncrypted: false,"),
  m("pack", CACHE, "cache unencrypted at rest", "atRestEncryptionEnabled: true,", "atRestEncryptionEnabled: false,"),
  m("pack", LB, "load balancer keeps invalid header fields", "dropInvalidHeaderFields: true,", "dropInvalidHeaderFields: false,"),
  m("pack", REGISTRY, "image tags become mutable", 'imageTagMutability: "IMMUTABLE",', 'imageTagMutability: "MUTABLE",', 1),
  m("pack", REGISTRY, "the DR region's replicas get mutable tags", 'imageTagMutability: "IMMUTABLE",', 'imageTagMutability: "MUTABLE",', 2),
  m("pack", NETWORK, "flow logs capture rejected traffic only", 'trafficType: "ALL",', 'trafficType: "REJECT",'),
  m("pack", BUCKET, "buckets stop restricting public policies", "restrictPublicBuckets: true };", "restrictPublicBuckets: false };"),
  m("pack", IDENTITY, "GitHub's OIDC trust without a sub condition", "? { StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE, ...sub } }", "? { StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE } }"),
  m("pack", DEPLOY_POLICY, "the deploy role may pass any role", "Resource: [stackRoles(scope)],", 'Resource: ["*"],'),
  m("pack", KMS, "CloudWatch Logs may do anything with a key", "Action: KEY_USER_ACTIONS,", 'Action: "kms:*",'),
  m("pack", BUCKET, "Object Lock keeps proofs one day", "days: args.objectLockRetentionDays } },", "days: 1 } },"),
  m("pack", BACKUP, "the primary vault is no longer locked", "this.protectVault(name, vault.name, resolved, resolved.vaultLock ? this.lockVault(name, vault, resolved.vaultLock) : undefined);", "this.protectVault(name, vault.name, resolved, undefined);"),
  m("pack", BACKUP, "daily snapshots are no longer copied to the DR region", "...(copyVaultArns.length ? { copyActions: copyVaultArns.map((destinationVaultArn) => ({ destinationVaultArn, lifecycle: { deleteAfter: args.dailyRetentionDays } })) } : {}),", ""),
  m("pack", NAT, "NAT instances accept IMDSv1", 'httpTokens: "required",', 'httpTokens: "optional",'),
  m("pack", SERVICE, "a deployment's alarms no longer roll it back", "alarms: { alarmNames: this.deploymentAlarmNames, enable: true, rollback: true },", "alarms: { alarmNames: this.deploymentAlarmNames, enable: true, rollback: false },"),
  m("pack", SLO, "service-degraded pages nobody", "alarmActions: [resolved.pageTopicArn],", "alarmActions: [],"),
  m("pack", IAM, "service roles trust any account's use of the service", 'StringEquals: { "aws:SourceAccount": ctx.accountId },', "StringEquals: {},"),
  m("pack", CHAOS, "chaos experiments never stop on the alarm", 'const stopConditions = [{ source: "aws:cloudwatch:alarm", value: resolved.stopAlarmArn }];', 'const stopConditions = [{ source: "none" }];'),
  m("timing", DASHBOARD, "dashboard graphs default to 1-minute periods", "periodSeconds: args.periodSeconds ?? 300 };", "periodSeconds: args.periodSeconds ?? 60 };"),

  // --- written after the merge, before any test was aimed at them (the first run of these is their honest rate) ---
  m("security", "components/cicd/boundary.ts", "the boundary lets a role chain into another", '{ Sid: "NoIamWritesNoRoleChaining", Effect: "Deny", Action: [...IAM_WRITE_VERBS, "sts:AssumeRole"], Resource: "*" },', '{ Sid: "NoIamWritesNoRoleChaining", Effect: "Deny", Action: [...IAM_WRITE_VERBS], Resource: "*" },'),
  m("security", "components/cicd/boundary.ts", "the boundary no longer keeps roles to another environment's resources", 'Condition: { StringNotEquals: { "aws:ResourceTag/Environment": scope.environment }, Null: { "aws:ResourceTag/Environment": "false" } },', 'Condition: { StringNotEquals: { "aws:ResourceTag/Environment": scope.environment }, Null: { "aws:ResourceTag/Environment": "true" } },'),
  m("security", "components/cicd/boundary.ts", "the boundary lets roles delete the proof buckets' lifecycle", '"s3:PutBucketVersioning", "s3:PutEncryptionConfiguration", "s3:PutLifecycleConfiguration", "s3:PutReplicationConfiguration",', '"s3:PutBucketVersioning", "s3:PutEncryptionConfiguration", "s3:PutReplicationConfiguration",'),
  m("security", IDENTITY, "the scan role reads every repository's findings", "Resource: [pulumi.interpolate`arn:${scope.partition}:ecr:${scope.regions[0]}:${scope.accountId}:repository/${scope.prefix}`],", 'Resource: ["*"],'),
  m("security", IDENTITY, "the preview role may use the secrets key to encrypt", '{ Sid: "PreviewRoleDecrypts", Effect: "Allow", Principal: { AWS: root }, Action: ["kms:Decrypt", "kms:DescribeKey"],', '{ Sid: "PreviewRoleDecrypts", Effect: "Allow", Principal: { AWS: root }, Action: ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt"],'),
  m("security", "components/cicd/runner-ingress.ts", "the runner-ingress role may open any security group", "      Resource: securityGroupArn,", '      Resource: "*",'),
  m("security", NAT, "a NAT instance may attach any ENI", '{ Sid: "AttachThisAzNatEniOnly", Effect: "Allow", Action: "ec2:AttachNetworkInterface", Resource: eniArn },', '{ Sid: "AttachThisAzNatEniOnly", Effect: "Allow", Action: "ec2:AttachNetworkInterface", Resource: "*" },'),
  m("security", CHAOS, "the chaos role may stop any cluster's tasks", '{ Sid: "StopServiceTasks", Effect: "Allow", Action: ["ecs:DescribeTasks", "ecs:StopTask"], Resource: arn("ecs", pulumi.interpolate`task/${args.clusterName}/*`) },', '{ Sid: "StopServiceTasks", Effect: "Allow", Action: ["ecs:DescribeTasks", "ecs:StopTask"], Resource: "*" },'),
  m("security", "components/data/r2-copy.ts", "the R2 copy may read any object of the bucket's account", '{ Sid: "ReadProofVersions", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: pulumi.interpolate`${args.proofBucketArn}/*` },', '{ Sid: "ReadProofVersions", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: "arn:aws:s3:::*/*" },'),
  m("security", REGISTRY, "the DR region's image replica is encrypted with AWS's key, not the replica key", 'encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: key.arn }],', 'encryptionConfigurations: [{ encryptionType: "AES256" }],'),
  m("security", BASELINE, "GuardDuty pages from severity 4", "detail: { severity: [{ numeric: route === \"page\" ? [\">=\", GUARDDUTY_PAGE_SEVERITY] : [\"<\", GUARDDUTY_PAGE_SEVERITY] }] },", "detail: { severity: [{ numeric: route === \"page\" ? [\">=\", 4] : [\"<\", GUARDDUTY_PAGE_SEVERITY] }] },"),
  m("security", BASELINE, "the DR region forwards Inspector findings only", 'return { source: ["aws.guardduty", "aws.inspector2"], "detail-type": ["GuardDuty Finding", "Inspector2 Finding"] };', 'return { source: ["aws.inspector2"], "detail-type": ["Inspector2 Finding"] };'),
  m("security", LB, "HTTP redirects to HTTPS only temporarily", 'statusCode: "HTTP_301" } }],', 'statusCode: "HTTP_302" } }],'),
  m("security", LB, "the default TLS policy allows TLS 1.1", 'export const DEFAULT_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-Res-2021-06";', 'export const DEFAULT_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-1-2021-06";'),
  m("security", DATABASE, "IAM database authentication off", "iamDatabaseAuthenticationEnabled: true,", "iamDatabaseAuthenticationEnabled: false,"),
  m("security", SERVICE, "ECS Exec turned on", "enableExecuteCommand: false,", "enableExecuteCommand: true,"),
  m("timing", "tools/plan/sections/recovery.ts", "the failover's restore counted as 10 minutes", "    minutes: () => 20,", "    minutes: () => 10,"),
  m("timing", "tools/plan/sections/recovery.ts", "the pilot light's DNS step counted as cold", "    minutes: (f) => (f.pilotLight ? 2 : 5),", "    minutes: (f) => (f.pilotLight ? 5 : 5),"),
  m("timing", DATABASE, "Performance Insights kept 31 days", "performanceInsightsRetentionPeriod: 7,", "performanceInsightsRetentionPeriod: 31,"),
  m("timing", SERVICE, "deployments stop half the tasks first", "deploymentMinimumHealthyPercent: 100,", "deploymentMinimumHealthyPercent: 50,"),
  m("boundary", "stacks/config/account.ts", "an 11-digit account id accepted", "export const ACCOUNT_ID_PATTERN = /^[0-9]{12}$/;", "export const ACCOUNT_ID_PATTERN = /^[0-9]{11,12}$/;"),
  m("boundary", "components/cicd/github-oidc.ts", "a GitHub id with a leading zero accepted", "export const GITHUB_ID_PATTERN = /^[1-9][0-9]{0,19}$/;", "export const GITHUB_ID_PATTERN = /^[0-9][0-9]{0,19}$/;"),
  // (A 6-character suffix in AUTONAMED_BUCKET was tried and is equivalent: the length check beside it refuses the name anyway.)
  m("boundary", "stacks/config/dr.ts", "the adopted bucket's length unchecked: the log bucket passes as the proof bucket", "name.startsWith(`${prefix}-`) && name.length === prefix.length + 8)) {", "name.startsWith(`${prefix}-`))) {"),
  m("prod-rule", "stacks/config/dr.ts", "a failover stack may copy to the region that is down", "  if (section.enabled) {", "  if (section.enabled && !failover) {"),
  m("prod-rule", "stacks/config/dr.ts", "a failover stack needs no restore", "  if (!ctx.restore) problems.push(", "  if (false) problems.push("),
  m("prod-rule", "stacks/config/dr.ts", "a failover stack needs no primary stack", "  if (section.primaryStack === undefined) problems.push(", "  if (false) problems.push("),
  m("wiring", "stacks/parts/data.ts", "database.restore.restoreTime not passed", "      restoreTime: cfg.database.restore.restoreTime,", ""),
  m("wiring", PART_ACCOUNT, "GuardDuty's high findings notify instead of paging", "      pageTopicArn: parts.alerting.pageTopicArn,", "      pageTopicArn: parts.alerting.notifyTopicArn,"),
  m("wiring", PART_ACCOUNT, "the baseline's roles lose the permissions boundary", "      permissionsBoundary: s.permissionsBoundary,", ""),
  // --- a second batch written the same way, after the first batch's tests ---
  m("security", SGS, "the load balancer may send anywhere, not only to the tasks", "      referencedSecurityGroupId: tasks.id,", "      cidrIpv4: ANYWHERE_IPV4,"),
  m("security", ALERTING, "the alert topics accept publishing over plain HTTP", 'Condition: { Bool: { "aws:SecureTransport": "false" } },', 'Condition: { Bool: { "aws:SecureTransport": "true" } },'),
  m("security", BUCKET, "buckets deny plain HTTP on the bucket but not its objects", "Resource: [bucketArn, pulumi.interpolate`${bucketArn}/*`],", "Resource: [bucketArn],", 1),
  m("security", BUCKET, "locked buckets let anyone rewrite the lifecycle", 'export const RETENTION_CHANGE_ACTIONS = ["s3:BypassGovernanceRetention", "s3:PutBucketObjectLockConfiguration", "s3:PutLifecycleConfiguration"] as const;', 'export const RETENTION_CHANGE_ACTIONS = ["s3:BypassGovernanceRetention", "s3:PutBucketObjectLockConfiguration"] as const;'),
  m("security", SERVICE, "the execution role reads every secret", "      Resource: [args.cacheAuthSecretArn],", '      Resource: ["*"],'),
  m("security", SERVICE, "the task role may delete proofs", 'Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"],', 'Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject"],'),
  m("security", SERVICE, "the execution role decrypts with the secrets' keys outside Secrets Manager", "      Condition: { StringEquals: { \"kms:ViaService\": pulumi.interpolate`secretsmanager.${ctx.region}.amazonaws.com` } },", ""),
  m("security", PROOFS, "replication may write to any bucket", "      Resource: pulumi.interpolate`${destinationArn}/*`,", '      Resource: "arn:aws:s3:::*/*",'),
  m("security", BUCKET, "access-log delivery from any bucket", "    Condition: { ArnLike: { \"aws:SourceArn\": sourceBucketArn }, StringEquals: { \"aws:SourceAccount\": accountId } },", "    Condition: { StringEquals: { \"aws:SourceAccount\": accountId } },"),
  m("security", FIREWALL, "the SQL injection rule group dropped", 'rules.push(managed("AWSManagedRulesKnownBadInputsRuleSet", 5), managed("AWSManagedRulesSQLiRuleSet", 6));', 'rules.push(managed("AWSManagedRulesKnownBadInputsRuleSet", 5));'),
  m("timing", UPTIME, "uptime fails after one missed check by default", "failureThreshold: args.failureThreshold ?? 3,", "failureThreshold: args.failureThreshold ?? 1,"),
  m("dependency", "components/data/r2-copy.ts", "the R2 copy function no longer waits for its log group", "{ parent: this, dependsOn: [policy, logGroup] },", "{ parent: this, dependsOn: [policy] },"),
  m("wiring", PART_DATA, "proofs.objectLockMode not passed", "      objectLockMode: cfg.proofs.objectLockMode,", ""),
  m("wiring", PART_EDGE, "edge.waf.largeBodyPaths not passed", "      largeBodyPaths: cfg.edge.waf.largeBodyPaths,", ""),
  m("wiring", PART_OPS, "the alert topics (restore-test reports among them) reach no email", "      emails: cfg.alerts.emails,", "      emails: [],"),
  m("security", NETWORK, "the S3 gateway endpoint dropped (S3 traffic through the NAT)", '        vpcEndpointSpecs: [{ serviceName: `com.amazonaws.${resolved.region}.s3`, vpcEndpointType: "Gateway" }],', "        vpcEndpointSpecs: [],"),
  m("prod-rule", CONFIG, "chaos allowed without a database standby", '    if (multiAz === false) rule("chaos", "enabled", () => false,', '    if (multiAz === undefined) rule("chaos", "enabled", () => false,'),
  m("boundary", UPTIME, "eleven failed checks accepted", "args.failureThreshold < 1 || args.failureThreshold > 10) {", "args.failureThreshold < 1 || args.failureThreshold > 11) {"),
  m("pack", TRAIL, "the trail no longer validates its log files", "enableLogFileValidation: true,", "enableLogFileValidation: false,"),
  m("pack", TRAIL, "the trail records its own region only", "isMultiRegionTrail: true,", "isMultiRegionTrail: false,"),
  m("dependency", TRAIL, "the trail no longer waits for its bucket's policy", "{ parent: this, dependsOn: [policy] },", "{ parent: this },"),
  m("security", TAMPER, "scheduling a key's deletion no longer pages", '...anyOf([{ eventName: ["ScheduleKeyDeletion", "DisableKey", "PutKeyPolicy"] },', '...anyOf([{ eventName: ["DisableKey", "PutKeyPolicy"] },'),
  m("security", TAMPER, "a key created with the lockout check bypassed no longer pages", '{ eventName: ["CreateKey"], requestParameters: { bypassPolicyLockoutSafetyCheck: [true] } }', '{ eventName: ["CreateKey"], requestParameters: { bypassPolicyLockoutSafetyCheck: [false] } }'),
  m("security", TAMPER, "moving a log group to another key no longer pages", 'eventName: ["AssociateKmsKey", "DisassociateKmsKey", "PutRetentionPolicy", "DeleteRetentionPolicy", "DeleteLogGroup"],', 'eventName: ["DisassociateKmsKey", "PutRetentionPolicy", "DeleteRetentionPolicy", "DeleteLogGroup"],'),
  m("security", TAMPER, "the deploy role removes a pager's rule, target, subscription or alarm unseen", "{ eventName: [...removals], userIdentity: { invokedBy: [{ exists: false }] } },", "{ eventName: [...removals], userIdentity: { invokedBy: [{ exists: false }] }, ...notTheDeployRole },"),
  m("security", TAMPER, "root activity pages on sign-in only", "return { \"detail-type\": [SIGN_IN, API_CALL], detail: { userIdentity: { type: [\"Root\"] } } };", "return { \"detail-type\": [SIGN_IN], detail: { userIdentity: { type: [\"Root\"] } } };"),
  // --- invoke: the plan's failure path for an invoke the mocks don't answer ---
  m("invoke", PLAN, "the plan ignores invokes the mocks refused", "for (const token of recorder.unmockedInvokes) errors.push(", "for (const token of [] as string[]) errors.push("),
  m("invoke", PLAN, "an awaited refused invoke is reported by the SDK's empty message", "if (refused.length > 0) throw new Error(", "if (refused.length > 1) throw new Error("),
  m("invoke", PLAN, "a program that never finishes exits 0", "    process.exitCode = EXIT.failed;", "    process.exitCode = EXIT.ok;"),
  m("invoke", PLAN, "the plan no longer watches for a program that never finishes", "const finished = failIfTheProgramNeverFinishes(options.stack);", "const finished = () => undefined;"),
  m("invoke", MOCKS, "the mocks forget which invokes they refused", "recorder.unmockedInvokes.push(args.token);", "// (refusal not recorded)"),
  m("invoke", MOCKS, "the mocks answer an unknown invoke with an empty result", 'throw new Error(`unmocked invoke ${token}(${JSON.stringify(inputs)}): add it to tools/offline/mocks.ts with a realistic answer`);', "return {};"),
];
