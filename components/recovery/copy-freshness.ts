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

/** The check's handler (ESM, the AWS SDK v3 the Node.js 22 runtime ships): throws with every stale copy it found. */
export const COPY_FRESHNESS_HANDLER = `import { DescribeDBInstanceAutomatedBackupsCommand, RDSClient } from "@aws-sdk/client-rds";
import { DescribeImagesCommand, DescribeRepositoriesCommand, ECRClient } from "@aws-sdk/client-ecr";

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
  const missing = [];
  for (const image of due) {
    try {
      await replica.send(new DescribeImagesCommand({ repositoryName, imageIds: [{ imageDigest: image.imageDigest }] }));
    } catch (e) {
      if (e?.name !== "ImageNotFoundException") throw e;
      missing.push(image.imageDigest + " (pushed " + new Date(image.imagePushedAt).toISOString() + ")");
    }
  }
  console.log(JSON.stringify({ check: "replicated-images", checked: due.length, missing }));
  return missing.length === 0 ? [] : [missing.length + " image(s) not in " + env.DR_REGION + ": " + missing.join(", ")];
}

export const handler = async () => {
  const problems = [...(await backups()), ...(await images())];
  if (problems.length > 0) throw new Error("the DR region's copies are behind: " + problems.join("; "));
  return { fresh: true };
};
`;

/** What the check reads: the replicated backups' ARN, the repository's name and its two ARNs, and the DR region. */
export interface CopyFreshnessRefs {
  readonly drRegion: string;
  readonly replicatedBackupsArn: pulumi.Input<string>;
  readonly repositoryName: pulumi.Input<string>;
  readonly repositoryArn: pulumi.Input<string>;
  readonly replicaRepositoryArn: pulumi.Input<string>;
}

/** The handler's environment. */
export function copyFreshnessEnvironment(refs: CopyFreshnessRefs): Record<string, pulumi.Input<string>> {
  return {
    DR_REGION: refs.drRegion,
    REPLICATED_BACKUPS_ARN: refs.replicatedBackupsArn,
    REPOSITORY_NAME: refs.repositoryName,
    MAX_LAG_MINUTES: String(MAX_REPLICATED_BACKUP_LAG_MINUTES),
    IMAGE_GRACE_MINUTES: String(IMAGE_REPLICATION_GRACE_MINUTES),
    IMAGES_CHECKED: String(IMAGES_CHECKED),
  };
}

/**
 * The check's reads, exactly: the replicated backups (DescribeDBInstanceAutomatedBackups, on the auto-backup: Service
 * Authorization Reference, Amazon RDS), the images of the repository and its replica, and the replica's creation time.
 */
export function copyFreshnessStatements(refs: CopyFreshnessRefs): PolicyStatement[] {
  return [
    { Sid: "ReadTheReplicatedBackups", Effect: "Allow", Action: ["rds:DescribeDBInstanceAutomatedBackups"], Resource: refs.replicatedBackupsArn },
    { Sid: "ReadTheImagesAndTheirReplicas", Effect: "Allow", Action: ["ecr:DescribeImages"], Resource: [refs.repositoryArn, refs.replicaRepositoryArn] },
    { Sid: "ReadTheReplicaRepository", Effect: "Allow", Action: ["ecr:DescribeRepositories"], Resource: refs.replicaRepositoryArn },
  ];
}
