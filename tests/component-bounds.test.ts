/**
 * Every numeric range a component validates, on both sides: the limit itself is accepted, one past it is refused with
 * the message naming the argument. The config probes (tests/config-reference.test.ts) reach only what a config key
 * sets; a component's own checks (each key deletion window, the restore test's windows, the uptime check's threshold)
 * are probed here, through the component's exported resolve/validate functions. No program run.
 *
 * The meta-test reads every "<arg> must be an integer from <min> to <max>" message in components/** and fails when one
 * has no row here, naming the file and the argument.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { resolveAlarmsArgs, validateAlarmsArgs } from "../components/ops/alarms";
import { resolveAlertingArgs, validateAlertingArgs } from "../components/ops/alerting";
import { resolveScheduledCheckArgs, validateScheduledCheckArgs } from "../components/ops/scheduled-check";
import { resolveAuditTrailArgs, validateAuditTrailArgs } from "../components/audit/trail";
import { resolveDashboardArgs, validateDashboardArgs } from "../components/ops/dashboard";
import { resolveSloArgs, validateSloArgs } from "../components/ops/slo";
import { resolveUptimeArgs, validateUptimeArgs } from "../components/ops/uptime";
import { resolveCloudflareOriginArgs, validateCloudflareOriginArgs } from "../components/edge/cloudflare-origin";
import { validateCloudflareEdgeArgs } from "../components/edge/cloudflare";
import { resolveFirewallArgs, validateFirewallArgs, WAF_RATE_LIMIT_MAX, WAF_RATE_LIMIT_MIN } from "../components/edge/firewall";
import { resolveLoadBalancerArgs, validateLoadBalancerArgs } from "../components/app/load-balancer";
import { resolveAppSecurityGroupsArgs, validateAppSecurityGroupsArgs } from "../components/app/security-groups";
import { resolveRegistryArgs, validateRegistryArgs } from "../components/app/registry";
import { resolveServiceArgs, validateServiceArgs } from "../components/app/service";
import { resolveNetworkArgs, validateNetworkArgs } from "../components/network/network";
import { resolveR2CopyArgs, validateR2CopyArgs } from "../components/data/r2-copy";
import { resolveProofStoreArgs, validateProofStoreArgs } from "../components/data/proof-store";
import { resolveDatabaseArgs, validateDatabaseArgs } from "../components/data/database";
import { resolveCacheArgs, validateCacheArgs } from "../components/data/cache";
import { resolveChaosArgs, validateChaosArgs } from "../components/recovery/chaos";
import { MAX_CONTINUOUS_RETENTION_DAYS, resolveBackupArgs, validateBackupArgs, VAULT_LOCK_MAX_DAYS } from "../components/recovery/backup";
import { resolveRestoreTestingArgs, validateRestoreTestingArgs } from "../components/recovery/restore-testing";
import { validateSharedKeyArgs } from "../components/security/shared-key";
import { REPO_ROOT } from "../tools/project";

type Args = Record<string, unknown>;

/** The message a component's validation throws for `args`, or undefined when they pass. */
function thrown(validate: () => unknown): string | undefined {
  try {
    validate();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

const ARN = "arn:aws:sns:us-east-1:123456789012:t";
/* eslint-disable @typescript-eslint/no-explicit-any -- each component's validator takes its own args shape */
const any = (args: Args) => args as any;

/** Per component file: validate it with `overrides` over valid base args. */
const COMPONENTS: Readonly<Record<string, (overrides: Args) => string | undefined>> = {
  "components/ops/alarms.ts": (o) =>
    thrown(() =>
      validateAlarmsArgs(
        resolveAlarmsArgs(any({ notifyTopicArn: ARN, loadBalancerArnSuffix: "app/a/1", targetGroupArnSuffix: "targetgroup/t/1", clusterName: "c", serviceName: "s", databaseIdentifier: "d", databaseInstanceClass: "db.t4g.micro", databaseAllocatedStorageGb: 20, cacheReplicationGroupId: "r", cacheNodes: 2, cacheNodeType: "cache.t4g.micro", ...o })),
      ),
    ),
  "components/ops/alerting.ts": (o) => thrown(() => validateAlertingArgs(resolveAlertingArgs(any(o)))),
  "components/ops/scheduled-check.ts": (o) =>
    thrown(() => validateScheduledCheckArgs("credlink-prod-check", resolveScheduledCheckArgs(any({ description: "d", code: "export const handler = async () => {};", subnetIds: [], vpcId: "v", pageTopicArn: ARN, ...o })))),
  "components/audit/trail.ts": (o) => thrown(() => validateAuditTrailArgs(resolveAuditTrailArgs(any({ trailName: "credlink-audit", dataEventBucketArns: ["arn:aws:s3:::proofs"], ...o })))),
  "components/ops/dashboard.ts": (o) =>
    thrown(() => validateDashboardArgs(resolveDashboardArgs(any({ region: "us-east-1", loadBalancerArnSuffix: "a", targetGroupArnSuffix: "t", clusterName: "c", serviceName: "s", dbInstanceIdentifier: "d", cacheReplicationGroupId: "r", ...o })))),
  "components/ops/slo.ts": (o) => thrown(() => validateSloArgs(resolveSloArgs(any({ loadBalancerArnSuffix: "a", pageTopicArn: ARN, notifyTopicArn: ARN, ...o })))),
  "components/ops/uptime.ts": (o) => thrown(() => validateUptimeArgs(resolveUptimeArgs(any({ domainName: "api.credlink.example", alarmProvider: {}, topicArn: ARN, ...o })))),
  "components/edge/cloudflare-origin.ts": (o) => thrown(() => validateCloudflareOriginArgs(resolveCloudflareOriginArgs(any({ zoneId: "0123456789abcdef0123456789abcdef", domainName: "api.credlink.example", ...o })))),
  "components/edge/cloudflare.ts": (o) =>
    thrown(() =>
      validateCloudflareEdgeArgs(
        any({
          zoneId: "0123456789abcdef0123456789abcdef",
          plan: "Business",
          hstsMaxAgeSeconds: 31536000,
          ...o,
          rateLimits: [{ name: "api", pathPrefix: "/", requestsPerPeriod: 100, periodSeconds: 60, mitigationTimeoutSeconds: 60, ...(o.rateLimit as Args) }],
        }),
      ),
    ),
  "components/edge/firewall.ts": (o) => thrown(() => validateFirewallArgs(resolveFirewallArgs("credlink-prod", any({ loadBalancerArn: "arn:lb", alarmTopicArn: ARN, ...o })))),
  "components/app/load-balancer.ts": (o) => thrown(() => validateLoadBalancerArgs(resolveLoadBalancerArgs(any({ vpcId: "vpc-1", subnetIds: ["subnet-1"], securityGroupId: "sg-1", ...o })))),
  "components/app/security-groups.ts": (o) => thrown(() => validateAppSecurityGroupsArgs(resolveAppSecurityGroupsArgs(any({ vpcId: "vpc-1", dataSubnetCidrs: ["10.0.32.0/24"], ...o })))),
  "components/app/registry.ts": (o) => thrown(() => validateRegistryArgs(resolveRegistryArgs("credlink-prod", any(o)))),
  "components/app/service.ts": (o) =>
    thrown(() =>
      validateServiceArgs(
        resolveServiceArgs(
          any({
            image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/credlink:v1",
            subnetIds: [],
            securityGroupId: "sg",
            targetGroupArn: "tg",
            targetGroupArnSuffix: "t",
            loadBalancerArnSuffix: "a",
            repositoryArn: "r",
            databaseHost: "h",
            databasePort: 5432,
            databaseUser: "u",
            databaseConnectArn: "c",
            cacheHost: "h",
            cachePort: 6379,
            cacheAuthSecretArn: "s",
            secretKeyArns: [],
            proofBucketName: "b",
            proofBucketArn: "b",
            proofBucketKeyArn: "k",
            minCount: 1,
            desiredCount: 2,
            maxCount: 100,
            ...o,
          }),
        ),
      ),
    ),
  "components/network/network.ts": (o) => thrown(() => validateNetworkArgs(resolveNetworkArgs(any({ cidrBlock: "10.0.0.0/16", region: "us-east-1", ...o })))),
  "components/data/r2-copy.ts": (o) =>
    thrown(() => validateR2CopyArgs(resolveR2CopyArgs(any({ accountId: "0123456789abcdef0123456789abcdef", bucketName: "credlink-proofs-copy", proofBucketName: "b", proofBucketArn: "b", proofBucketKeyArn: "k", subnetIds: [], vpcId: "v", notifyTopicArn: ARN, ...o })))),
  "components/data/proof-store.ts": (o) => thrown(() => validateProofStoreArgs(resolveProofStoreArgs(any({ noncurrentExpirationDays: 36500, ...o })))),
  "components/data/database.ts": (o) => thrown(() => validateDatabaseArgs(resolveDatabaseArgs(any({ vpcId: "v", dbSubnetGroupName: "g", allowedSecurityGroupIds: ["sg"], ...o })))),
  "components/data/cache.ts": (o) => thrown(() => validateCacheArgs(resolveCacheArgs(any({ vpcId: "v", cacheSubnetGroupName: "g", allowedSecurityGroupIds: ["sg"], ...o })))),
  "components/recovery/chaos.ts": (o) =>
    thrown(() =>
      validateChaosArgs(
        resolveChaosArgs(
          any({ clusterName: "c", clusterArn: "c", serviceName: "s", databaseArn: "d", databaseMultiAz: true, cacheReplicationGroupArn: "r", cacheReplicationGroupId: "r", cacheReplicas: 1, cacheAvailabilityZone: "us-east-1a", stopAlarmArn: "a", ...o }),
        ),
      ),
    ),
  "components/recovery/backup.ts": (o) => thrown(() => validateBackupArgs(resolveBackupArgs(any({ region: "us-east-1", databaseArn: "d", bucketArn: "b", continuousBackup: true, ...o })))),
  "components/recovery/restore-testing.ts": (o) =>
    thrown(() => validateRestoreTestingArgs(resolveRestoreTestingArgs(any({ vaultArn: "v", roleArn: "r", databaseArn: "d", dbSubnetGroupName: "g", dbSecurityGroupIds: [], bucketArn: "b", ...o })))),
  "components/security/shared-key.ts": (o) => thrown(() => validateSharedKeyArgs(any({ logGroupNames: ["/credlink/x"], alertingName: "credlink-prod", ...o }))),
};

interface Range {
  readonly file: string;
  /** The argument as its message names it. */
  readonly arg: string;
  readonly min: number;
  /** Absent for "at least <min>". */
  readonly max?: number;
  /** How to set it (default: `{ [arg]: value }`). */
  readonly set?: (value: number) => Args;
}

const KEY_WINDOW = "keyDeletionWindowDays";
const keyWindow = (file: string): Range => ({ file, arg: KEY_WINDOW, min: 7, max: 30 });

const RANGES: readonly Range[] = [
  { file: "components/ops/alarms.ts", arg: "cacheNodes", min: 1, max: 6 },
  { file: "components/ops/alarms.ts", arg: "databaseAllocatedStorageGb", min: 20 },
  keyWindow("components/ops/alerting.ts"),
  { file: "components/ops/alerting.ts", arg: "heartbeatEveryMinutes", min: 1, max: 60 },
  { file: "components/ops/scheduled-check.ts", arg: "everyMinutes", min: 1, max: 60, set: (n) => ({ everyMinutes: n, timeoutSeconds: 3 }) },
  { file: "components/ops/scheduled-check.ts", arg: "failedRunsToPage", min: 1, max: 10 },
  { file: "components/ops/scheduled-check.ts", arg: "timeoutSeconds", min: 3, max: 300, set: (n) => ({ timeoutSeconds: n, everyMinutes: 60 }) },
  keyWindow("components/ops/scheduled-check.ts"),
  { file: "components/audit/trail.ts", arg: "logRetentionDays", min: 1, max: 36500 },
  { file: "components/audit/trail.ts", arg: "accessLogRetentionDays", min: 1, max: 36500 },
  keyWindow("components/audit/trail.ts"),
  { file: "components/ops/dashboard.ts", arg: "cacheNodes", min: 1, max: 6 },
  { file: "components/ops/slo.ts", arg: "latencyThresholdMs", min: 1, max: 60000 },
  { file: "components/ops/uptime.ts", arg: "failureThreshold", min: 1, max: 10 },
  { file: "components/edge/cloudflare-origin.ts", arg: "clientCertValidityDays", min: 60, max: 825 },
  keyWindow("components/edge/cloudflare-origin.ts"),
  { file: "components/edge/cloudflare.ts", arg: "rateLimits[0].requestsPerPeriod", min: 1, max: 1000000, set: (n) => ({ rateLimit: { requestsPerPeriod: n } }) },
  { file: "components/edge/cloudflare.ts", arg: "hstsMaxAgeSeconds", min: 86400, max: 63072000 },
  { file: "components/edge/firewall.ts", arg: "rateLimit", min: WAF_RATE_LIMIT_MIN, max: WAF_RATE_LIMIT_MAX },
  { file: "components/edge/firewall.ts", arg: "blockedRequestsAlarmThreshold", min: 1 },
  keyWindow("components/edge/firewall.ts"),
  { file: "components/app/load-balancer.ts", arg: "targetPort", min: 1, max: 65535 },
  { file: "components/app/load-balancer.ts", arg: "accessLogRetentionDays", min: 1, max: 3650 },
  { file: "components/app/load-balancer.ts", arg: "deregistrationDelaySeconds", min: 0, max: 3600 },
  { file: "components/app/security-groups.ts", arg: "appPort", min: 1024, max: 65535 },
  { file: "components/app/registry.ts", arg: "keepImages", min: 1, max: 1000 },
  keyWindow("components/app/registry.ts"),
  { file: "components/app/service.ts", arg: "containerPort", min: 1024, max: 65535 },
  { file: "components/app/service.ts", arg: "minCount", min: 1, max: 100, set: (n) => ({ minCount: n, desiredCount: Math.max(n, 1), maxCount: 100 }) },
  { file: "components/app/service.ts", arg: "maxCount", min: 3, max: 100, set: (n) => ({ minCount: 3, desiredCount: 3, maxCount: n }) },
  { file: "components/app/service.ts", arg: "desiredCount", min: 2, max: 4, set: (n) => ({ minCount: 2, desiredCount: n, maxCount: 4 }) },
  { file: "components/app/service.ts", arg: "cpuTargetPercent", min: 10, max: 90 },
  { file: "components/app/service.ts", arg: "requestsPerTarget", min: 1, max: 100000 },
  { file: "components/app/service.ts", arg: "canaryBakeMinutes", min: 0, max: 1440 },
  { file: "components/app/service.ts", arg: "bakeMinutes", min: 0, max: 1440 },
  { file: "components/app/service.ts", arg: "healthCheckGracePeriodSeconds", min: 0, max: 3600 },
  keyWindow("components/app/service.ts"),
  { file: "components/network/network.ts", arg: "azCount", min: 1, max: 4, set: (n) => ({ azCount: n, cidrBlock: "10.0.0.0/16", azCidrMask: 18 }) },
  keyWindow("components/network/network.ts"),
  { file: "components/data/r2-copy.ts", arg: "lockDays", min: 1, max: 36500 },
  keyWindow("components/data/r2-copy.ts"),
  { file: "components/data/proof-store.ts", arg: "noncurrentTransitionDays", min: 30, max: 3650 },
  { file: "components/data/proof-store.ts", arg: "abortIncompleteUploadDays", min: 1, max: 365 },
  { file: "components/data/proof-store.ts", arg: "accessLogRetentionDays", min: 1, max: 36500 },
  { file: "components/data/proof-store.ts", arg: "objectLockRetentionDays", min: 1, max: 36500 },
  keyWindow("components/data/proof-store.ts"),
  { file: "components/data/database.ts", arg: "allocatedStorageGb", min: 20, max: 65536, set: (n) => ({ allocatedStorageGb: n, maxAllocatedStorageGb: 65536 }) },
  { file: "components/data/database.ts", arg: "maxAllocatedStorageGb", min: 20, max: 65536, set: (n) => ({ allocatedStorageGb: 20, maxAllocatedStorageGb: n }) },
  { file: "components/data/database.ts", arg: "backupRetentionDays", min: 1, max: 35 },
  { file: "components/data/database.ts", arg: "slowQueryThresholdMs", min: 0, max: 3_600_000 },
  keyWindow("components/data/database.ts"),
  { file: "components/data/cache.ts", arg: "replicas", min: 0, max: 5 },
  { file: "components/data/cache.ts", arg: "snapshotRetentionDays", min: 0, max: 35 },
  keyWindow("components/data/cache.ts"),
  { file: "components/recovery/chaos.ts", arg: "cacheReplicas", min: 1 },
  { file: "components/recovery/chaos.ts", arg: "stopTaskPercent", min: 1, max: 100 },
  keyWindow("components/recovery/chaos.ts"),
  { file: "components/recovery/backup.ts", arg: "dailyRetentionDays", min: 1, max: VAULT_LOCK_MAX_DAYS },
  { file: "components/recovery/backup.ts", arg: "continuousRetentionDays", min: 1, max: MAX_CONTINUOUS_RETENTION_DAYS },
  { file: "components/recovery/backup.ts", arg: "vaultLock.minRetentionDays", min: 1, max: VAULT_LOCK_MAX_DAYS, set: (n) => ({ vaultLock: { minRetentionDays: n, maxRetentionDays: VAULT_LOCK_MAX_DAYS }, dailyRetentionDays: Math.min(Math.max(n, 1), VAULT_LOCK_MAX_DAYS), continuousBackup: false }) },
  { file: "components/recovery/backup.ts", arg: "vaultLock.maxRetentionDays", min: 7, max: VAULT_LOCK_MAX_DAYS, set: (n) => ({ vaultLock: { minRetentionDays: 7, maxRetentionDays: n }, dailyRetentionDays: 7, continuousBackup: false }) },
  keyWindow("components/recovery/backup.ts"),
  { file: "components/recovery/restore-testing.ts", arg: "selectionWindowDays", min: 1, max: 365 },
  { file: "components/recovery/restore-testing.ts", arg: "validationWindowHours", min: 1, max: 168 },
  { file: "components/recovery/restore-testing.ts", arg: "startWindowHours", min: 1, max: 168 },
  keyWindow("components/security/shared-key.ts"),
];

/** "<arg> must be an integer from <min> to <max>" messages with literal bounds, per file (the meta-test's source). */
export function integerRangesIn(text: string): { arg: string; min: number; max: number }[] {
  return [...text.matchAll(/`([A-Za-z][\w.]*) must be an integer from (\d[\d_]*)\b[^`$]*? to (\d[\d_]*)\b/g)].map((m) => ({ arg: m[1], min: Number(m[2].replace(/_/g, "")), max: Number(m[3].replace(/_/g, "")) }));
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(`${dir}/${e.name}`) : e.name.endsWith(".ts") ? [`${dir}/${e.name}`] : []));
}

describe("component bounds: every range a component validates, both sides", () => {
  for (const range of RANGES) {
    const set = range.set ?? ((n: number) => ({ [range.arg]: n }));
    const probe = COMPONENTS[range.file];
    const limits = range.max === undefined ? `at least ${range.min}` : `${range.min} to ${range.max}`;
    it(`GIVEN ${range.file.split("/").pop()} ${range.arg} (${limits}) WHEN each limit is set THEN it is accepted, and one past it is refused naming ${range.arg}`, () => {
      const refusals = [range.min - 1, ...(range.max === undefined ? [] : [range.max + 1])].map((n) => probe(set(n)));
      expect({
        accepted: [range.min, ...(range.max === undefined ? [] : [range.max])].map((n) => probe(set(n))),
        refused: refusals.map((message) => message !== undefined && message.startsWith(`${range.arg} must be`)),
      }).to.deep.equal({ accepted: range.max === undefined ? [undefined] : [undefined, undefined], refused: refusals.map(() => true) });
    });
  }

  it("GIVEN components/** THEN every literal integer range a component states has a row here, and each row's file validates through its probe", () => {
    const stated = sourceFiles("components").flatMap((file) => integerRangesIn(fs.readFileSync(path.join(REPO_ROOT, file), "utf8")).map((r) => `${file} ${r.arg} ${r.min}-${r.max}`));
    const rows = new Set(RANGES.map((r) => `${r.file} ${r.arg} ${r.min}-${r.max}`));
    expect(stated.length, "the messages were read").to.be.greaterThan(40);
    expect({ withoutRow: [...new Set(stated)].filter((s) => !rows.has(s)), withoutProbe: RANGES.filter((r) => !COMPONENTS[r.file]).map((r) => r.file) }).to.deep.equal({ withoutRow: [], withoutProbe: [] });
  });

  it("GIVEN each component's base args WHEN validated THEN they pass (so each refusal above is the probed argument's)", () => {
    expect(Object.entries(COMPONENTS).map(([file, probe]) => [file, probe({})]).filter(([, problem]) => problem !== undefined)).to.deep.equal([]);
  });
});

/** Bounds that are not integer ranges: a value above 0 (and at most 100), a window's length, windows that must not overlap. */
interface Edge {
  readonly file: string;
  readonly arg: string;
  readonly accepted: readonly unknown[];
  readonly refused: readonly unknown[];
}

const PERCENT = { accepted: [0.01, 100], refused: [0, 100.01] };
const EDGES: readonly Edge[] = [
  ...["errorRatePercent", "taskCpuPercent", "taskMemoryPercent", "databaseConnectionsPercent", "databaseFreeStoragePercent", "cpuPercent", "cacheMemoryPercent"].map((arg) => ({ file: "components/ops/alarms.ts", arg, ...PERCENT })),
  { file: "components/app/service.ts", arg: "errorRateThresholdPercent", ...PERCENT },
  { file: "components/app/service.ts", arg: "latencyThresholdSeconds", accepted: [0.001], refused: [0] },
  // ElastiCache's shortest window is an hour; the snapshot window may touch the maintenance window (Sunday 05:00-06:00) but not overlap it.
  { file: "components/data/cache.ts", arg: "snapshotWindow", accepted: ["03:00-04:00", "04:00-05:00", "06:00-07:00"], refused: ["03:00-03:59", "04:01-05:01", "05:59-06:59"] },
  { file: "components/data/cache.ts", arg: "maintenanceWindow", accepted: ["sun:05:00-sun:06:00", "sat:23:30-sun:00:30"], refused: ["sun:05:00-sun:05:59", "sun:05:00-sun:5:00"] },
];

describe("component bounds: the limits that are not integer ranges, both sides", () => {
  for (const edge of EDGES) {
    it(`GIVEN ${edge.file.split("/").pop()} ${edge.arg} WHEN set to ${edge.accepted.map((v) => JSON.stringify(v)).join(", ")} THEN accepted; ${edge.refused.map((v) => JSON.stringify(v)).join(", ")} THEN refused naming it`, () => {
      const probe = COMPONENTS[edge.file];
      expect({
        accepted: edge.accepted.map((v) => probe({ [edge.arg]: v })),
        refused: edge.refused.map((v) => probe({ [edge.arg]: v })?.startsWith(`${edge.arg} must`) ?? false),
      }).to.deep.equal({ accepted: edge.accepted.map(() => undefined), refused: edge.refused.map(() => true) });
    });
  }
});
