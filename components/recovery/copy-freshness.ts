/**
 * The DR region's copies, checked for freshness (a credlink:ops:ScheduledCheck's handler, its role's reads and its
 * settings). A copy that stops advancing pages nowhere by itself: RDS publishes no metric of how far the replicated
 * automated backups lag, and ECR none of the images it failed to replicate; stopping the backups' replication or the
 * registry's replication rule is one call. So a check reads both where they are, every 15 minutes:
 * - the replicated automated backups in the DR region: status `replicating`, and a latest restorable time
 *   (`RestoreWindow.LatestTime`, RDS API reference, DescribeDBInstanceAutomatedBackups) within `maxLagMinutes` of now;
 * - the newest images of the repository (pushed after the replica existed, and more than `imageGraceMinutes` ago, as
 *   replication copies what is pushed after it is configured: ECR user guide, "Private image replication"): each is in
 *   the DR region's replica (DescribeImages there; ImageNotFoundException otherwise).
 * - the backup plan's recovery points, in each vault they land in (the primary's, the DR region's copy, the air-gapped
 *   copy): for each protected resource (the database, the proof bucket), a completed recovery point (status
 *   COMPLETED, or AVAILABLE, the API's other success status) created within `maxRecoveryPointAgeHours`
 *   (ListRecoveryPointsByBackupVault, ByResourceArn and ByCreatedAfter: AWS Backup API reference). A plan whose rule was changed or whose selection was deleted, a job that keeps failing, a copy that
 *   stopped: each leaves the newest recovery point ageing, and no event marks a job that never starts. A vault younger
 *   than that age is not asked yet (DescribeBackupVault, CreationDate): a new stack has no backup until its first job.
 * The proof replica has S3's own replication metrics (the ops alarms). The check runs in the primary region: its value
 * is before a failover, while the copies can still be fixed.
 */
import * as pulumi from "@pulumi/pulumi";
import { PolicyStatement } from "../lib/kms";

/**
 * How far behind the replicated backups may be before it pages: the region RPO's allowance (5 minutes of log upload, 10
 * of copy) doubled, within the 5 to 30 minutes AWS Prescriptive Guidance gives for the whole lag ("Amazon RDS PITR
 * snapshot replication").
 */
export const MAX_REPLICATED_BACKUP_LAG_MINUTES = 30;
/** How long after a push an image may still be on its way to the DR region. */
export const IMAGE_REPLICATION_GRACE_MINUTES = 30;
/** How many of the newest due images each run checks. */
export const IMAGES_CHECKED = 5;
/**
 * How old the newest recovery point of a protected resource may be in each vault: the daily rule's day, its start
 * window (1 h: a job may start that late, and a recovery point is dated when its job starts) and its completion window
 * (3 h: a copy is made once its backup completes), and 2 h to spare.
 */
export const MAX_RECOVERY_POINT_AGE_HOURS = 30;

/** The check's handler (ESM, the AWS SDK v3 the Node.js 22 runtime ships): throws with every stale copy it found. */
export const COPY_FRESHNESS_HANDLER = `import { DescribeDBInstanceAutomatedBackupsCommand, RDSClient } from "@aws-sdk/client-rds";
import { DescribeImagesCommand, DescribeRepositoriesCommand, ECRClient } from "@aws-sdk/client-ecr";
import { BackupClient, DescribeBackupVaultCommand, ListRecoveryPointsByBackupVaultCommand } from "@aws-sdk/client-backup";

const env = process.env;
const minutesSince = (t) => (Date.now() - new Date(t).getTime()) / 60000;

/** The replicated automated backups: replicating, and restorable to within MAX_LAG_MINUTES of now. */
async function backups() {
  const rds = new RDSClient({ region: env.DR_REGION });
  const out = await rds.send(new DescribeDBInstanceAutomatedBackupsCommand({ DBInstanceAutomatedBackupsArn: env.REPLICATED_BACKUPS_ARN }));
  const b = out.DBInstanceAutomatedBackups?.[0];
  if (!b) return ["no replicated automated backups " + env.REPLICATED_BACKUPS_ARN + " in " + env.DR_REGION];
  const latest = b.RestoreWindow?.LatestTime;
  const lag = latest ? minutesSince(latest) : Infinity;
  console.log(JSON.stringify({ check: "replicated-backups", status: b.Status, latestRestorableTime: latest, lagMinutes: Math.round(lag) }));
  const problems = [];
  if (b.Status !== "replicating") problems.push("the replicated automated backups are " + b.Status + ", not replicating");
  if (lag > Number(env.MAX_LAG_MINUTES)) problems.push("the DR region restores to " + (latest ?? "nothing") + ", " + Math.round(lag) + " minutes ago (at most " + env.MAX_LAG_MINUTES + ")");
  return problems;
}

/** The newest images pushed after the replica existed, and longer ago than the grace: each is in the replica. */
async function images() {
  const repositoryName = env.REPOSITORY_NAME;
  const source = new ECRClient({});
  const replica = new ECRClient({ region: env.DR_REGION });
  const created = (await replica.send(new DescribeRepositoriesCommand({ repositoryNames: [repositoryName] }))).repositories?.[0]?.createdAt;
  const details = [];
  let nextToken;
  do {
    const page = await source.send(new DescribeImagesCommand({ repositoryName, nextToken, maxResults: 1000 }));
    details.push(...(page.imageDetails ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  const due = details
    .filter((i) => new Date(i.imagePushedAt) > new Date(created) && minutesSince(i.imagePushedAt) > Number(env.IMAGE_GRACE_MINUTES))
    .sort((a, b) => new Date(b.imagePushedAt) - new Date(a.imagePushedAt))
    .slice(0, Number(env.IMAGES_CHECKED));
  // Side by side: about ten cross-region calls in a row would take much of the run's 30 seconds.
  const found = await Promise.all(
    due.map((image) =>
      replica.send(new DescribeImagesCommand({ repositoryName, imageIds: [{ imageDigest: image.imageDigest }] })).then(
        () => true,
        (e) => {
          if (e?.name !== "ImageNotFoundException") throw e;
          return false;
        },
      ),
    ),
  );
  const missing = due.filter((_, i) => !found[i]).map((image) => image.imageDigest + " (pushed " + new Date(image.imagePushedAt).toISOString() + ")");
  console.log(JSON.stringify({ check: "replicated-images", checked: due.length, missing }));
  return missing.length === 0 ? [] : [missing.length + " image(s) not in " + env.DR_REGION + ": " + missing.join(", ")];
}

/**
 * The backup plan's recovery points: in each vault (older than MAX_RECOVERY_POINT_AGE_HOURS), a completed one of each
 * protected resource created within that many hours.
 */
async function recoveryPoints() {
  const maxHours = Number(env.MAX_RECOVERY_POINT_AGE_HOURS);
  const since = new Date(Date.now() - maxHours * 3600000);
  const problems = [];
  for (const vault of JSON.parse(env.RECOVERY_VAULTS)) {
    const backup = new BackupClient({ region: vault.region });
    const { CreationDate } = await backup.send(new DescribeBackupVaultCommand({ BackupVaultName: vault.name }));
    if (new Date(CreationDate) > since) {
      console.log(JSON.stringify({ check: "recovery-points", vault: vault.name, region: vault.region, skipped: "vault younger than " + maxHours + " h" }));
      continue;
    }
    for (const resourceArn of JSON.parse(env.PROTECTED_RESOURCES)) {
      const completed = [];
      let nextToken;
      do {
        const page = await backup.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: vault.name, ByResourceArn: resourceArn, ByCreatedAfter: since, NextToken: nextToken }));
        completed.push(...(page.RecoveryPoints ?? []).filter((p) => p.Status === "COMPLETED" || p.Status === "AVAILABLE"));
        nextToken = page.NextToken;
      } while (nextToken);
      console.log(JSON.stringify({ check: "recovery-points", vault: vault.name, region: vault.region, resourceArn, completedSince: since.toISOString(), count: completed.length }));
      if (completed.length === 0) problems.push("no completed recovery point of " + resourceArn + " in vault " + vault.name + " (" + vault.region + ") in the last " + maxHours + " hours");
    }
  }
  return problems;
}

export const handler = async () => {
  // The three checks side by side (each calls another region): within the function's timeout with room to spare.
  const problems = (await Promise.all([backups(), images(), recoveryPoints()])).flat();
  if (problems.length > 0) throw new Error("the DR region's copies are behind: " + problems.join("; "));
  return { fresh: true };
};
`;

/**
 * What the check reads: the replicated backups' ARN, the repository's name and its two ARNs, the DR region, and the
 * backup vaults (ARNs: the primary's, the DR copy's, the air-gapped copy's) with the resources the plan backs up.
 */
export interface CopyFreshnessRefs {
  readonly drRegion: string;
  readonly replicatedBackupsArn: pulumi.Input<string>;
  readonly repositoryName: pulumi.Input<string>;
  readonly repositoryArn: pulumi.Input<string>;
  readonly replicaRepositoryArn: pulumi.Input<string>;
  /**
   * Every vault the plan's recovery points land in, with its region: the ARN is
   * `arn:<partition>:backup:<region>:<account>:backup-vault:<name>`.
   */
  readonly vaults: readonly { readonly arn: pulumi.Input<string>; readonly region: string }[];
  /** The resources the plan's selection backs up (the database's and the proof bucket's ARNs). */
  readonly protectedResourceArns: readonly pulumi.Input<string>[];
}

/** A vault's name, from its ARN (`arn:<partition>:backup:<region>:<account>:backup-vault:<name>`). */
export function vaultNameOfArn(arn: string): string {
  const m = /^arn:[^:]+:backup:[^:]+:\d{12}:backup-vault:([^:]+)$/.exec(arn);
  if (!m) throw new Error(`vaults[].arn must be a backup vault ARN (arn:<partition>:backup:<region>:<account>:backup-vault:<name>), got "${arn}"`);
  return m[1];
}

/** The vaults as the handler reads them (RECOVERY_VAULTS): `[{ region, name }, ...]`, each name from its ARN. */
export const recoveryVaultsJson = (vaults: readonly { readonly arn: string; readonly region: string }[]): string =>
  JSON.stringify(vaults.map((v) => ({ region: v.region, name: vaultNameOfArn(v.arn) })));

/** The handler's environment. */
export function copyFreshnessEnvironment(refs: CopyFreshnessRefs): Record<string, pulumi.Input<string>> {
  return {
    DR_REGION: refs.drRegion,
    REPLICATED_BACKUPS_ARN: refs.replicatedBackupsArn,
    REPOSITORY_NAME: refs.repositoryName,
    MAX_LAG_MINUTES: String(MAX_REPLICATED_BACKUP_LAG_MINUTES),
    IMAGE_GRACE_MINUTES: String(IMAGE_REPLICATION_GRACE_MINUTES),
    IMAGES_CHECKED: String(IMAGES_CHECKED),
    RECOVERY_VAULTS: pulumi.all(refs.vaults.map((v) => v.arn)).apply((arns) => recoveryVaultsJson(arns.map((arn, i) => ({ arn, region: refs.vaults[i].region })))),
    PROTECTED_RESOURCES: pulumi.all([...refs.protectedResourceArns]).apply((arns) => JSON.stringify(arns)),
    MAX_RECOVERY_POINT_AGE_HOURS: String(MAX_RECOVERY_POINT_AGE_HOURS),
  };
}

/**
 * The check's reads, exactly: the replicated backups (DescribeDBInstanceAutomatedBackups, on the auto-backup: Service
 * Authorization Reference, Amazon RDS), the images of the repository and its replica, the replica's creation time, and
 * each vault's creation time and recovery points.
 */
export function copyFreshnessStatements(refs: CopyFreshnessRefs): PolicyStatement[] {
  return [
    { Sid: "ReadTheReplicatedBackups", Effect: "Allow", Action: ["rds:DescribeDBInstanceAutomatedBackups"], Resource: refs.replicatedBackupsArn },
    { Sid: "ReadTheImagesAndTheirReplicas", Effect: "Allow", Action: ["ecr:DescribeImages"], Resource: [refs.repositoryArn, refs.replicaRepositoryArn] },
    { Sid: "ReadTheReplicaRepository", Effect: "Allow", Action: ["ecr:DescribeRepositories"], Resource: refs.replicaRepositoryArn },
    // Both on the vault (Service Authorization Reference, AWS Backup: resource type backupVault).
    { Sid: "ReadTheVaultsRecoveryPoints", Effect: "Allow", Action: ["backup:DescribeBackupVault", "backup:ListRecoveryPointsByBackupVault"], Resource: refs.vaults.map((v) => v.arn) },
  ];
}
