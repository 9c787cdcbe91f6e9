import * as pulumi from "@pulumi/pulumi";
import {
  Alerting,
  Backup,
  Cache,
  Chaos,
  chaosLogGroupName,
  COPY_FRESHNESS_HANDLER,
  copyFreshnessEnvironment,
  CopyFreshnessRefs,
  copyFreshnessStatements,
  Database,
  Network,
  ProofStore,
  Registry,
  RestoreTesting,
  ScheduledCheck,
  scheduledCheckLogGroupName,
  Service,
  Slo,
} from "@credlink/components";
import { copyFreshnessName, onPrimary, Stack } from "./context";

/** AWS Backup of the database and the proofs: daily and continuous rules, the DR and air-gapped copies, the vault locks and access policies. */
export function backup(s: Stack, parts: { database: Database; proofs: ProofStore }): Backup {
  const { cfg, providers } = s;
  return new Backup(
    `${s.base}-backup`,
    {
      permissionsBoundary: s.permissionsBoundary,
      region: cfg.region,
      databaseArn: parts.database.instance.arn,
      bucketArn: parts.proofs.bucketArn,
      dailyRetentionDays: cfg.backup.dailyRetentionDays,
      continuousBackup: cfg.backup.continuousBackup,
      continuousRetentionDays: cfg.backup.continuousRetentionDays,
      dr: providers.dr ? { region: cfg.dr.region, provider: providers.dr } : undefined,
      vaultLock:
        cfg.backup.vaultLockMinDays !== undefined && cfg.backup.vaultLockMaxDays !== undefined
          ? { minRetentionDays: cfg.backup.vaultLockMinDays, maxRetentionDays: cfg.backup.vaultLockMaxDays, changeableForDays: cfg.backup.vaultLockChangeableDays }
          : undefined,
      // Deleting recovery points, vaults, their locks and access policies is the break-glass role's alone.
      breakGlassRoleArn: cfg.account.breakGlassRoleArn,
      airGappedCopy: cfg.backup.airGappedCopy,
      // The FIS experiment log is encrypted with the vault's key (one key fewer: the log is small and both are ops data).
      logGroupsUsingKey: cfg.chaos.enabled ? [chaosLogGroupName(s.chaosName)] : [],
      keyDeletionWindowDays: cfg.kms.deletionWindowDays,
      kmsKeyArn: s.kmsKeyArn,
      keyAdministrators: s.keyAdministrators,
      protectData: s.protectData,
    },
    onPrimary(s),
  );
}

/** Restore tests of the vault's recovery points, their results notifying (and paging on failure). */
export function restoreTesting(s: Stack, parts: { backup: Backup; database: Database; network: Network; proofs: ProofStore; alerting: Alerting }): RestoreTesting {
  const { cfg } = s;
  const { backup, database, alerting } = parts;
  return new RestoreTesting(
    `${s.base}-restore-test`,
    {
      vaultArn: backup.vaultArn,
      roleArn: backup.roleArn,
      databaseArn: database.instance.arn,
      dbSubnetGroupName: parts.network.dbSubnetGroupName,
      dbSecurityGroupIds: [database.securityGroupId],
      bucketArn: parts.proofs.bucketArn,
      frequency: cfg.backup.restoreTestFrequency,
      validationWindowHours: cfg.backup.restoreValidationHours,
      includeContinuous: cfg.backup.continuousBackup,
      notifyTopicArn: alerting.notifyTopicArn,
      pageTopicArn: alerting.pageTopicArn,
    },
    onPrimary(s),
  );
}

/**
 * Restore testing in the DR region, against the copies the backup plan puts in the DR vault: the copies are proven
 * restorable on the same schedule as the originals, not only promised. Its results go to the DR region's alert topics
 * (EventBridge delivers to SNS topics in the rule's own region only: ops.ts, drAlerting), subscribed by the same people.
 * The test instance restores into the DR region's default VPC (this stack has no VPC there).
 */
export function drRestoreTesting(s: Stack, parts: { backup: Backup; drAlerting?: Alerting }): { restoreTesting: RestoreTesting; alerting: Alerting } | undefined {
  const { cfg, providers } = s;
  const drVaultArn = parts.backup.drVaultArn;
  const alerting = parts.drAlerting;
  if (!providers.dr || drVaultArn === undefined || alerting === undefined) return undefined;
  const name = `${s.base}-restore-test-dr`;
  const restoreTesting = new RestoreTesting(
    name,
    {
      vaultArn: drVaultArn,
      roleArn: parts.backup.roleArn,
      // The copies' resource is the primary region's instance and bucket: select every recovery point in the DR vault.
      databaseArn: "*",
      bucketArn: "*",
      frequency: cfg.backup.restoreTestFrequency,
      validationWindowHours: cfg.backup.restoreValidationHours,
      // The DR vault holds the daily snapshots' copies only (continuous backups are not copied across regions).
      includeContinuous: false,
      notifyTopicArn: alerting.notifyTopicArn,
      pageTopicArn: alerting.pageTopicArn,
    },
    { provider: providers.dr },
  );
  return { restoreTesting, alerting };
}

/**
 * The DR region's copies checked every 15 minutes (components/recovery/copy-freshness.ts): the replicated automated
 * backups within 30 minutes of now, the newest images in the replica. Either stale, or the check itself stopped, pages:
 * the region's RPO holds only while they advance, and stopping either is one call that no metric shows.
 */
export function copyFreshness(s: Stack, parts: { network: Network; database: Database; registry: Registry; alerting: Alerting; service: Service }): ScheduledCheck | undefined {
  const { cfg, providers } = s;
  const replicatedBackupsArn = parts.database.replicatedBackupsArn;
  if (!providers.dr || replicatedBackupsArn === undefined || parts.registry.replicaRepositoryUrl === undefined) return undefined;
  const refs: CopyFreshnessRefs = {
    drRegion: cfg.dr.region,
    replicatedBackupsArn,
    repositoryName: parts.registry.repositoryName,
    repositoryArn: parts.registry.repositoryArn,
    // The replica has the repository's name, in the DR region.
    replicaRepositoryArn: parts.registry.repositoryArn.apply((arn) => arn.replace(`:ecr:${cfg.region}:`, `:ecr:${cfg.dr.region}:`)),
  };
  const name = copyFreshnessName(s);
  // The service's own log key encrypts the check's logs too, when its policy names the check's group: no $1 key more.
  const sharedKey = parts.service.logKeySharedGroupNames.includes(scheduledCheckLogGroupName(name));
  return new ScheduledCheck(
    name,
    {
      description: `the DR region's copies (the replicated automated backups, the replicated images in ${cfg.dr.region}) are current`,
      code: COPY_FRESHNESS_HANDLER,
      environment: copyFreshnessEnvironment(refs),
      statements: copyFreshnessStatements(refs),
      everyMinutes: 15,
      failedRunsToPage: 2,
      subnetIds: parts.network.privateSubnetIds,
      vpcId: parts.network.vpcId,
      pageTopicArn: parts.alerting.pageTopicArn,
      logRetentionDays: cfg.service.logRetentionDays,
      // Otherwise its own log key: the stack's shared key (keyPerStore false) names no group of this check's.
      kmsKeyArn: sharedKey ? parts.service.logKeyArn : undefined,
      keyDeletionWindowDays: cfg.kms.deletionWindowDays,
      permissionsBoundary: s.permissionsBoundary,
      keyAdministrators: s.keyAdministrators,
    },
    onPrimary(s),
  );
}

/** The FIS chaos experiments (credlink:chaos.enabled), which stop on the SLO's service-degraded alarm. */
export function chaos(s: Stack, parts: { service: Service; database: Database; cache: Cache; slo?: Slo; backup: Backup }): Chaos | undefined {
  const { cfg } = s;
  const { service, database, cache } = parts;
  if (!cfg.chaos.enabled) return undefined;
  return new Chaos(
    s.chaosName,
    {
      permissionsBoundary: s.permissionsBoundary,
      clusterName: service.clusterName,
      clusterArn: service.clusterArn,
      serviceName: service.serviceName,
      databaseArn: database.instance.arn,
      databaseMultiAz: cfg.database.multiAz,
      cacheReplicationGroupArn: cache.replicationGroup.arn,
      cacheReplicationGroupId: cache.replicationGroup.replicationGroupId,
      cacheReplicas: cfg.cache.replicas,
      // awsx places the subnets in the region's first AZs, in order: the cache primary starts in the first.
      cacheAvailabilityZone: `${cfg.region}a`,
      // The config refuses chaos with credlink:ops.level lean (no SLO, so no alarm to stop on).
      stopAlarmArn: requireSlo(parts.slo).serviceDegradedAlarmArn,
      logRetentionDays: cfg.service.logRetentionDays,
      kmsKeyArn: chaosLogKeyArn(s, parts.backup),
      keyAdministrators: s.keyAdministrators,
      keyDeletionWindowDays: cfg.kms.deletionWindowDays,
    },
    onPrimary(s),
  );
}

/** The key of the FIS experiment log: the stack's shared key (its policy names this log group), else the vault's key (it does too). */
export function chaosLogKeyArn(s: Stack, backup: Backup): pulumi.Output<string> | undefined {
  return s.kmsKeyArn ?? (backup.ownsKey ? backup.keyArn : undefined);
}

/** The SLO a component needs; the config's rules guarantee it whenever that component is built (ops.level "full"). */
export function requireSlo(slo: Slo | undefined): Slo {
  if (!slo) throw new Error('credlink:chaos.enabled needs credlink:ops.level "full": the experiments stop on the service-degraded alarm, which "lean" does not build');
  return slo;
}
