import { AppSecurityGroups, Alerting, Cache, Database, DatabaseArgs, Network, ProofStore, R2Copy } from "@credlink/components";
import { onPrimary, Stack } from "./context";

/** The database and the cache admit the Fargate tasks' security group, and nothing else. */
function dataClientSecurityGroupIds(appSecurityGroups: AppSecurityGroups) {
  return [appSecurityGroups.taskSecurityGroupId];
}

/** The database's args, kept apart from the component: the tier alarms read its storage as the component resolves it. */
export function databaseArgs(s: Stack, parts: { network: Network; appSecurityGroups: AppSecurityGroups }): DatabaseArgs {
  const { cfg } = s;
  return {
    vpcId: parts.network.vpcId,
    dbSubnetGroupName: parts.network.dbSubnetGroupName,
    allowedSecurityGroupIds: dataClientSecurityGroupIds(parts.appSecurityGroups),
    engineVersion: cfg.database.engineVersion,
    instanceClass: cfg.database.instanceClass,
    allocatedStorageGb: cfg.database.allocatedStorageGb,
    maxAllocatedStorageGb: cfg.database.maxAllocatedStorageGb,
    multiAz: cfg.database.multiAz,
    backupRetentionDays: cfg.database.backupRetentionDays,
    logRetentionDays: cfg.database.logRetentionDays,
    appUser: cfg.database.appUser,
    protectData: s.protectData,
    keyDeletionWindowDays: cfg.kms.deletionWindowDays,
    kmsKeyArn: s.kmsKeyArn,
    permissionsBoundary: s.permissionsBoundary,
    // A failover stack restores from the primary's replicated backups; a primary replicates them to the DR region.
    restore: cfg.database.restore && {
      automatedBackupsArn: cfg.database.restore.automatedBackupsArn,
      keyArn: cfg.database.restore.keyArn,
      restoreTime: cfg.database.restore.restoreTime,
    },
    backupReplication: s.providers.dr ? { region: cfg.dr.region, provider: s.providers.dr } : undefined,
  };
}

export function database(s: Stack, args: DatabaseArgs): Database {
  return new Database(`${s.base}-db`, args, onPrimary(s));
}

export function cache(s: Stack, parts: { network: Network; appSecurityGroups: AppSecurityGroups }): Cache {
  const { cfg } = s;
  return new Cache(
    `${s.base}-cache`,
    {
      vpcId: parts.network.vpcId,
      cacheSubnetGroupName: parts.network.cacheSubnetGroupName,
      allowedSecurityGroupIds: dataClientSecurityGroupIds(parts.appSecurityGroups),
      engine: cfg.cache.engine,
      engineVersion: cfg.cache.engineVersion,
      nodeType: cfg.cache.nodeType,
      replicas: cfg.cache.replicas,
      snapshotRetentionDays: cfg.cache.snapshotRetentionDays,
      snapshotWindow: cfg.cache.snapshotWindow,
      protectData: s.protectData,
      keyDeletionWindowDays: cfg.kms.deletionWindowDays,
      kmsKeyArn: s.kmsKeyArn,
    },
    onPrimary(s),
  );
}

/**
 * The proof store: in a primary, the bucket and (dr.enabled) its replica in the DR region; in a failover stack, the
 * primary's replica adopted as the proof bucket (credlink:dr.adopt), never replicated again.
 */
export function proofStore(s: Stack): ProofStore {
  const { cfg, providers } = s;
  const adopt = cfg.dr.role === "failover" ? cfg.dr.adopt : undefined;
  return new ProofStore(
    `${s.base}-proofs`,
    {
      noncurrentTransitionDays: cfg.proofs.noncurrentTransitionDays,
      noncurrentExpirationDays: cfg.proofs.noncurrentExpirationDays,
      accessLogRetentionDays: cfg.proofs.accessLogRetentionDays,
      objectLockRetentionDays: cfg.proofs.objectLockRetentionDays,
      objectLockMode: cfg.proofs.objectLockMode,
      breakGlassRoleArn: cfg.account.breakGlassRoleArn,
      permissionsBoundary: s.permissionsBoundary,
      replication: providers.dr ? { region: cfg.dr.region, provider: providers.dr } : undefined,
      adopt: adopt && { bucketName: adopt.proofBucket, logBucketName: adopt.proofLogBucket, keyArn: adopt.proofKeyArn },
      protectData: s.protectData,
      keyDeletionWindowDays: cfg.kms.deletionWindowDays,
      kmsKeyArn: s.kmsKeyArn,
    },
    onPrimary(s),
  );
}

/** The R2 third copy of the proofs (credlink:proofs.r2Copy), held by a second provider; never the record. */
export function r2Copy(s: Stack, parts: { proofs: ProofStore; network: Network; alerting: Alerting }): R2Copy | undefined {
  const { cfg, providers } = s;
  if (!(cfg.proofs.r2Copy && cfg.cloudflareSecrets && providers.cloudflare)) return undefined;
  return new R2Copy(
    `${s.base}-proofs`,
    {
      permissionsBoundary: s.permissionsBoundary,
      accountId: cfg.cloudflareSecrets.accountId,
      bucketName: `${s.base}-proofs-copy`,
      location: cfg.cloudflare?.r2Location,
      // The copy stays locked as long as the record's Object Lock keeps each version; indefinitely without one.
      lockDays: cfg.proofs.objectLockRetentionDays,
      proofBucketName: parts.proofs.bucketName,
      proofBucketArn: parts.proofs.bucketArn,
      proofBucketKeyArn: parts.proofs.keyArn,
      subnetIds: parts.network.privateSubnetIds,
      vpcId: parts.network.vpcId,
      notifyTopicArn: parts.alerting.notifyTopicArn,
      logRetentionDays: cfg.service.logRetentionDays,
      keyDeletionWindowDays: cfg.kms.deletionWindowDays,
      protectData: s.protectData,
    },
    { providers: [providers.primary, providers.cloudflare] },
  );
}
