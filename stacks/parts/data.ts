import * as pulumi from "@pulumi/pulumi";
import { AppSecurityGroups, Alerting, Backup, Cache, Database, DatabaseArgs, Network, ProofObjectAccess, ProofStore, R2Copy, ReplicaObjectAccess, Service } from "@credlink/components";
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
    keyAdministrators: s.keyAdministrators,
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
      keyAdministrators: s.keyAdministrators,
    },
    onPrimary(s),
  );
}

/**
 * The roles allowed on the proofs' objects, named before they exist: the app's task role, the R2 copy's function and
 * AWS Backup's role are all created after (and from) the proof store. `access` holds a promise for each; `settle` keeps
 * them once the roles exist. stacks/index.ts calls `settle` a few lines after the last of them, with nothing that can
 * throw between, so no promise stays pending.
 */
export function proofObjectAccess(s: Stack): { access: ProofObjectAccess; settle(parts: { service: Service; r2Copy?: R2Copy; backup: Backup }): void } {
  const pending = <T>() => {
    let resolve!: (value: T) => void;
    return { promise: new Promise<T>((r) => (resolve = r)), resolve: (value: T) => resolve(value) };
  };
  const app = pending<pulumi.Output<string>>();
  const copy = r2CopyEnabled(s) ? pending<pulumi.Output<string>>() : undefined;
  const backup = pending<pulumi.Output<string>>();
  return {
    access: {
      roleArns: [pulumi.output(app.promise), ...(copy ? [pulumi.output(copy.promise)] : [])],
      backupRoleArn: pulumi.output(backup.promise),
    },
    settle: (parts) => {
      app.resolve(parts.service.taskRoleArn);
      if (copy) {
        if (!parts.r2Copy) throw new Error("credlink:proofs.r2Copy is on but no R2 copy was built: the proofs' object allowlist would wait for its role forever");
        copy.resolve(parts.r2Copy.functionRoleArn);
      }
      backup.resolve(parts.backup.roleArn);
    },
  };
}

/** Whether the stack builds the R2 copy (credlink:proofs.r2Copy, with the Cloudflare secrets and provider). */
export function r2CopyEnabled(s: Stack): boolean {
  return Boolean(s.cfg.proofs.r2Copy && s.cfg.cloudflareSecrets && s.providers.cloudflare);
}

/**
 * Who may act on the proof replica's objects, by role name prefix (the roles are autonamed): the primary's replication
 * and Backup roles, and each committed failover stack's task and Backup roles (and R2 copy, with one), which serve from
 * the replica once it is adopted. The primary and its failover stacks derive the same list (cfg.drPair), so the
 * failover's import of the replica's policy changes nothing.
 */
export function replicaAccess(s: Stack): ReplicaObjectAccess {
  const { cfg } = s;
  const name = (stack: string) => `${cfg.project}-${stack}`;
  const { primaryStack, failoverStacks } = cfg.drPair;
  const backups = [primaryStack, ...failoverStacks].map((stack) => `${name(stack)}-backup-`);
  return {
    rolePrefixes: [
      `${name(primaryStack)}-proofs-replication-`,
      ...backups,
      ...failoverStacks.flatMap((stack) => [`${name(stack)}-task-`, ...(cfg.proofs.r2Copy ? [`${name(stack)}-proofs-r2-copy-`] : [])]),
    ],
    backupRolePrefixes: backups,
  };
}

/**
 * The proof store: in a primary, the bucket and (dr.enabled) its replica in the DR region; in a failover stack, the
 * primary's replica adopted as the proof bucket (credlink:dr.adopt), never replicated again. The object allowlist of
 * the bucket (`objectAccess`) and of the replica (`replicaAccess`) name the roles that may touch proofs.
 */
export function proofStore(s: Stack, objectAccess?: ProofObjectAccess): ProofStore {
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
      objectAccess,
      replicaAccess: replicaAccess(s),
      permissionsBoundary: s.permissionsBoundary,
      replication: providers.dr ? { region: cfg.dr.region, provider: providers.dr } : undefined,
      adopt: adopt && { bucketName: adopt.proofBucket, logBucketName: adopt.proofLogBucket, keyArn: adopt.proofKeyArn },
      protectData: s.protectData,
      keyDeletionWindowDays: cfg.kms.deletionWindowDays,
      kmsKeyArn: s.kmsKeyArn,
      keyAdministrators: s.keyAdministrators,
    },
    onPrimary(s),
  );
}

/** The R2 third copy of the proofs (credlink:proofs.r2Copy), held by a second provider; never the record. */
export function r2Copy(s: Stack, parts: { proofs: ProofStore; network: Network; alerting: Alerting }): R2Copy | undefined {
  const { cfg, providers } = s;
  if (!r2CopyEnabled(s) || !cfg.cloudflareSecrets || !providers.cloudflare) return undefined;
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
