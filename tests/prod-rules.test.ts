/**
 * Every prod config rule (stacks/config.ts) at its exact threshold: the loosest value prod accepts parses with nothing
 * else changed, and one step looser is refused with exactly one message naming the key, the value and why. So a rule
 * that loosens (`>= 14` becoming `>= 7`) or tightens fails here. Dev accepts each looser value: the rules are prod's.
 * Config parses only: no program run.
 */
import { expect } from "chai";
import { ConfigError, parseStackConfig } from "../stacks/config";
import { stackConfig } from "../tools/offline/program";

/** Every problem the config has with `patch` over the committed `stack` file ([] when it parses). */
function problems(stack: "dev" | "prod", patch: Record<string, unknown>): string[] {
  try {
    parseStackConfig(stackConfig(stack, patch), "credlink", stack);
    return [];
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return [...e.problems];
  }
}

const DIGEST = "sha256:db725ac7007ef1d9b5a357a59f3b964ab9e1df23ebb0dfc694275019048b489b";
const PAGERDUTY = "https://events.pagerduty.com/integration/0123456789abcdef0123456789abcdef/enqueue";
const HEARTBEAT = "https://hc-ping.com/0b5e55ed-0000-4000-8000-000000000001";

interface Rule {
  readonly key: string;
  /** The loosest value prod accepts (with what else it needs). */
  readonly accepted: Record<string, unknown>;
  /** One step looser. */
  readonly refused: Record<string, unknown>;
  /** The whole message for `refused`. */
  readonly message: string;
}

const RULES: readonly Rule[] = [
  {
    key: "credlink:database.backupRetentionDays",
    accepted: { "credlink:database": { backupRetentionDays: 14 }, "credlink:backup": { continuousRetentionDays: 14 } },
    refused: { "credlink:database": { backupRetentionDays: 13 }, "credlink:backup": { continuousRetentionDays: 13 } },
    message: "credlink:database.backupRetentionDays must be at least 14 in prod: two weeks of point-in-time recovery, got 13",
  },
  {
    key: "credlink:cache.snapshotRetentionDays",
    accepted: { "credlink:cache": { snapshotRetentionDays: 7 } },
    refused: { "credlink:cache": { snapshotRetentionDays: 6 } },
    message: "credlink:cache.snapshotRetentionDays must be at least 7 in prod: a week of daily snapshots, got 6",
  },
  {
    key: "credlink:cache.replicas",
    accepted: { "credlink:cache": { replicas: 1 } },
    refused: { "credlink:cache": { replicas: 0 } },
    message: "credlink:cache.replicas must be at least 1 in prod: automatic failover and Multi-AZ need a replica to promote, got 0",
  },
  {
    key: "credlink:service.minCount",
    accepted: { "credlink:service": { minCount: 2, desiredCount: 2 } },
    refused: { "credlink:service": { minCount: 1, desiredCount: 2 } },
    message: "credlink:service.minCount must be at least 2 in prod: one task in each of two AZs, so losing an AZ or a task keeps the service up, got 1",
  },
  {
    key: "credlink:service.desiredCount",
    accepted: { "credlink:service": { minCount: 2, desiredCount: 2, maxCount: 2 } },
    refused: { "credlink:service": { minCount: 2, desiredCount: 1, maxCount: 2 } },
    // The component's own range (minCount to maxCount) speaks too: one key, two reasons.
    message: "credlink:service.desiredCount must be at least 2 in prod: one task in each of two AZs, so losing an AZ or a task keeps the service up, got 1",
  },
  {
    key: "credlink:kms.deletionWindowDays",
    accepted: { "credlink:kms": { deletionWindowDays: 30 } },
    refused: { "credlink:kms": { deletionWindowDays: 29 } },
    message: "credlink:kms.deletionWindowDays must be 30 in prod: the longest window to cancel a mistaken key deletion, got 29",
  },
  {
    key: "credlink:kms.keyPerStore",
    accepted: { "credlink:kms": { keyPerStore: true } },
    refused: { "credlink:kms": { keyPerStore: false } },
    message: "credlink:kms.keyPerStore must be true in prod: a key per store keeps each store's key policy (and a mistake in it) to that store, got false",
  },
  {
    key: "credlink:network.natGateways",
    accepted: { "credlink:network": { natGateways: "instance" } },
    refused: { "credlink:network": { natGateways: "singleInstance" } },
    message: 'credlink:network.natGateways must be "onePerAz" or "instance" in prod: one NAT per AZ, so a single NAT is never one point of failure for every private subnet, got "singleInstance"',
  },
  {
    key: "credlink:network.natGateways",
    accepted: { "credlink:network": { natGateways: "onePerAz" } },
    refused: { "credlink:network": { natGateways: "single" } },
    message: 'credlink:network.natGateways must be "onePerAz" or "instance" in prod: one NAT per AZ, so a single NAT is never one point of failure for every private subnet, got "single"',
  },
  {
    key: "credlink:service.capacityProvider",
    accepted: { "credlink:service": { capacityProvider: "FARGATE" } },
    refused: { "credlink:service": { capacityProvider: "FARGATE_SPOT" } },
    message: 'credlink:service.capacityProvider must be "FARGATE" in prod: Spot tasks can be stopped at two minutes\' notice whenever AWS needs the capacity back, got "FARGATE_SPOT"',
  },
  {
    key: "credlink:service.image",
    accepted: { "credlink:service": { image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/credlink-prod:latest-but-not" } },
    refused: { "credlink:service": { image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/credlink-prod:LATEST" } },
    message: 'credlink:service.image must be immutable in prod: a digest ("@sha256:<64 hex>") or a release tag, not "latest", which each push moves, got "123456789012.dkr.ecr.us-east-1.amazonaws.com/credlink-prod:LATEST"',
  },
  {
    key: "credlink:service.tracingCollectorImage",
    accepted: { "credlink:service": { tracingCollectorImage: `public.ecr.aws/aws-observability/aws-otel-collector@${DIGEST}` } },
    refused: { "credlink:service": { tracingCollectorImage: "public.ecr.aws/aws-observability/aws-otel-collector:v0.43.1" } },
    message: 'credlink:service.tracingCollectorImage must be pinned by digest in prod ("<repository>:<tag>@sha256:<64 hex>"): a tag can be moved to another image, got "public.ecr.aws/aws-observability/aws-otel-collector:v0.43.1"',
  },
  {
    key: "credlink:database.multiAz",
    accepted: { "credlink:database": { multiAz: true } },
    refused: { "credlink:database": { multiAz: false } },
    message: "credlink:database.multiAz must be true in prod: a standby in a second AZ takes over when the primary fails, got false",
  },
  {
    key: "credlink:proofs.objectLockRetentionDays",
    accepted: { "credlink:proofs": { objectLockRetentionDays: 1 } },
    refused: { "credlink:proofs": { objectLockRetentionDays: undefined, objectLockMode: undefined } },
    message: "credlink:proofs.objectLockRetentionDays must be set in prod: proofs are evidence, and Object Lock keeps every version from being overwritten or deleted, got nothing",
  },
  {
    key: "credlink:proofs.objectLockMode",
    accepted: { "credlink:proofs": { objectLockMode: "COMPLIANCE" } },
    refused: { "credlink:proofs": { objectLockMode: "GOVERNANCE" } },
    message:
      'credlink:proofs.objectLockMode must be "COMPLIANCE" in prod: under GOVERNANCE a principal allowed s3:BypassGovernanceRetention (and whoever can rewrite the bucket policy to allow it) can shorten a proof\'s retention, got "GOVERNANCE"',
  },
  {
    key: "credlink:backup.vaultLockChangeableDays",
    accepted: { "credlink:backup": { vaultLockChangeableDays: 3 } },
    refused: { "credlink:backup": { vaultLockChangeableDays: undefined } },
    message:
      "credlink:backup.vaultLockChangeableDays must be set in prod: a compliance-mode vault lock (immutable after the cooling-off period), so no principal, the account root included, can delete a recovery point early, got nothing",
  },
  {
    key: "credlink:backup.airGappedCopy",
    accepted: { "credlink:backup": { airGappedCopy: true } },
    refused: { "credlink:backup": { airGappedCopy: false } },
    message: "credlink:backup.airGappedCopy must be true in prod: a copy of every daily backup in a logically air-gapped vault, outside this account's reach, got false",
  },
  {
    key: "credlink:account.breakGlassRoleArn",
    accepted: { "credlink:account": { breakGlassRoleArn: "arn:aws:iam::222222222222:role/credlink-break-glass" } },
    refused: { "credlink:account": { breakGlassRoleArn: undefined } },
    message:
      "credlink:account.breakGlassRoleArn must be set in prod: the key policies, the vault access policies and the proof buckets' policies reserve deletion to that role; without it the keys fall back to every IAM administrator of the account, got nothing",
  },
  {
    key: "credlink:audit.objectLockRetentionDays",
    accepted: { "credlink:audit": { objectLockRetentionDays: 1 } },
    refused: { "credlink:audit": { objectLockRetentionDays: undefined } },
    message: "credlink:audit.objectLockRetentionDays must be set in prod: the trail's log files are evidence, kept under Object Lock, got nothing",
  },
  {
    key: "credlink:audit.objectLockMode",
    accepted: { "credlink:audit": { objectLockMode: "COMPLIANCE" } },
    refused: { "credlink:audit": { objectLockMode: "GOVERNANCE" } },
    message: 'credlink:audit.objectLockMode must be "COMPLIANCE" in prod: nobody, the account root included, may shorten a trail log\'s retention, got "GOVERNANCE"',
  },
  {
    key: "credlink:audit.tamperAlerts",
    accepted: { "credlink:audit": { tamperAlerts: true } },
    refused: { "credlink:audit": { tamperAlerts: false } },
    message: "credlink:audit.tamperAlerts must be true in prod: key deletion, policy, lock, IAM, root, trail, backup, GuardDuty and alerting changes page within minutes, got false",
  },
  {
    key: "credlink:alerts.heartbeatUrl",
    accepted: { "credlink:alerts.heartbeatUrl": HEARTBEAT },
    refused: { "credlink:alerts.heartbeatUrl": undefined },
    message:
      "credlink:alerts.heartbeatUrl must be set as a secret in prod (pulumi config set --secret credlink:alerts.heartbeatUrl <ping URL>): the tamper alerts page through the page topic and its key, and a heartbeat through them to an external check is what pages when they can no longer deliver, got nothing",
  },
  {
    key: "credlink:alerts.drHeartbeatUrl",
    accepted: { "credlink:alerts.drHeartbeatUrl": `${HEARTBEAT}-dr` },
    refused: { "credlink:alerts.drHeartbeatUrl": undefined },
    message:
      "credlink:alerts.drHeartbeatUrl must be set as a secret in prod with credlink:dr.enabled (pulumi config set --secret credlink:alerts.drHeartbeatUrl <ping URL>): the DR region's tamper alerts page through that region's topics and key, which need a heartbeat of their own, got nothing",
  },
  {
    key: "credlink:dr.enabled",
    accepted: { "credlink:dr": { enabled: true } },
    refused: { "credlink:dr": { enabled: false } },
    message: "credlink:dr.enabled must be true in prod: the proofs, the database's backups and the images are replicated to the DR region, got false",
  },
  {
    key: "credlink:edge.waf.enabled",
    accepted: { "credlink:edge": { waf: { enabled: true } } },
    refused: { "credlink:edge": { waf: { enabled: false } } },
    message: "credlink:edge.waf.enabled must be true in prod with credlink:edge.provider aws: the internet-facing load balancer always has the WAF in front of it, got false",
  },
  {
    key: "credlink:alerts.emails",
    accepted: { "credlink:alerts": { emails: [] }, "credlink:alerts.pagerdutyUrl": PAGERDUTY },
    refused: { "credlink:alerts": { emails: [] } },
    message: "credlink:alerts.emails must name at least one address in prod, or set the secret credlink:alerts.pagerdutyUrl: otherwise no alarm reaches anyone, got a list []",
  },
  {
    key: "credlink:backup.continuousBackup",
    accepted: { "credlink:backup": { continuousBackup: true } },
    refused: { "credlink:backup": { continuousBackup: false, continuousRetentionDays: undefined } },
    message: "credlink:backup.continuousBackup must be true in prod: point-in-time restore of the database and the proofs, not just last night's snapshot, got false",
  },
  {
    key: "credlink:backup.vaultLockMinDays",
    accepted: { "credlink:backup": { vaultLockMinDays: 1, vaultLockMaxDays: 36500 } },
    refused: { "credlink:backup": { vaultLockMinDays: undefined, vaultLockMaxDays: undefined } },
    message: "credlink:backup.vaultLockMinDays must be set in prod (with vaultLockMaxDays): a locked vault keeps every recovery point from early deletion, got nothing",
  },
  {
    key: "credlink:ops.level",
    accepted: { "credlink:ops": { level: "full" } },
    refused: { "credlink:ops": { level: "lean" } },
    message: 'credlink:ops.level must be "full" in prod: the dashboard, the SLO\'s burn-rate alarms (the one page for users failing) and the tier alarms, got "lean"',
  },
  {
    key: "credlink:domain",
    accepted: { "credlink:domain": { name: "api.credlink.example", hostedZoneId: "Z0000000000000000000" } },
    refused: { "credlink:domain": undefined },
    message: "credlink:domain must be set in prod (name and hostedZoneId): prod serves HTTPS only, with an ACM certificate validated in that zone, got nothing",
  },
];

describe("prod rules at their exact thresholds", () => {
  for (const rule of RULES) {
    const shown = (patch: Record<string, unknown>) => JSON.stringify(patch);
    it(`GIVEN prod with ${shown(rule.accepted)} (the loosest prod accepts) WHEN parsed THEN it is accepted`, () => {
      expect(problems("prod", rule.accepted)).to.deep.equal([]);
    });

    it(`GIVEN prod with ${shown(rule.refused)} (one step looser) WHEN parsed THEN exactly the rule's message names ${rule.key}`, () => {
      expect(problems("prod", rule.refused).filter((p) => p.startsWith(`${rule.key} `) && / in prod|prod /.test(p))).to.deep.equal([rule.message]);
    });
  }

  it("GIVEN prod with one step looser on a numeric rule WHEN parsed THEN that is its only problem (nothing else hides or joins it)", () => {
    // A presence rule ("must be set") is not a threshold: removing a retention can take a rule that needs it along.
    for (const rule of RULES.filter((r) => /Days|replicas|Count/.test(r.key) && r.key !== "credlink:service.desiredCount" && !r.message.includes(" must be set in prod"))) {
      expect(problems("prod", rule.refused), rule.key).to.deep.equal([rule.message]);
    }
  });

  it("GIVEN dev with each value prod refuses WHEN parsed THEN dev accepts it (the rules are prod's)", () => {
    const devPatches: Record<string, unknown>[] = [
      { "credlink:database": { backupRetentionDays: 13 } },
      { "credlink:cache": { snapshotRetentionDays: 6, replicas: 0 } },
      { "credlink:kms": { deletionWindowDays: 29, keyPerStore: false } },
      { "credlink:network": { natGateways: "single" } },
      { "credlink:service": { capacityProvider: "FARGATE_SPOT", minCount: 1, desiredCount: 1, tracingCollectorImage: "public.ecr.aws/aws-observability/aws-otel-collector:v0.43.1" } },
      { "credlink:ops": { level: "lean" } },
      { "credlink:proofs": { objectLockRetentionDays: 1, objectLockMode: "GOVERNANCE" } },
      { "credlink:backup": { airGappedCopy: false, vaultLockChangeableDays: undefined } },
      { "credlink:audit": { objectLockMode: "GOVERNANCE", tamperAlerts: false } },
    ];
    expect(devPatches.map((patch) => problems("dev", patch))).to.deep.equal(devPatches.map(() => []));
  });

  it("GIVEN prod with continuous backup WHEN its retention equals the database's THEN accepted; one day more or less is refused, naming both keys", () => {
    const equal = problems("prod", { "credlink:backup": { continuousRetentionDays: 14 } });
    const off = [13, 15].map((days) => problems("prod", { "credlink:backup": { continuousRetentionDays: days } }));
    expect(equal).to.deep.equal([]);
    expect(off).to.deep.equal(
      [13, 15].map((days) => [
        `credlink:backup.continuousRetentionDays must equal credlink:database.backupRetentionDays (14) with continuous backup: AWS Backup then manages the instance's point-in-time window and sets it to this retention, got ${days}`,
      ]),
    );
  });
});
