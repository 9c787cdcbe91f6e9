/** Loads the per-stack usage figures from usage.yml, which policy/cost/traffic.ts derives (`npm run usage` writes it). */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

/** Monthly usage for one stack. Every field is optional: a missing one is reported as "depends on usage". */
export interface Usage {
  readonly natGateway?: { readonly gbProcessed?: number };
  readonly loadBalancer?: { readonly averageLcu?: number };
  readonly fargate?: { readonly extraTaskHours?: number };
  readonly cloudwatchLogs?: { readonly ingestedGb?: number; readonly storedGb?: number };
  readonly s3?: {
    readonly storageGb?: number;
    readonly writeRequestsThousands?: number;
    readonly readRequestsThousands?: number;
    /** GB a month of new objects replicated to the DR region (cross-region replication's transfer). */
    readonly replicatedTransferGb?: number;
  };
  readonly ecr?: {
    readonly storageGb?: number;
    /** GB-month of replicated images in the DR region (the kept images, stored again there). */
    readonly replicatedStorageGb?: number;
    /** GB a month of pushed images replicated to the DR region. */
    readonly replicatedTransferGb?: number;
  };
  readonly kms?: { readonly requestsTenThousands?: number };
  readonly secretsManager?: { readonly apiCallsTenThousands?: number };
  readonly waf?: { readonly requestsMillions?: number };
  readonly route53?: { readonly queriesMillions?: number };
  readonly guardDuty?: { readonly cloudTrailEventsMillions?: number; readonly logGb?: number };
  readonly rds?: {
    readonly backupGbBeyondAllocated?: number;
    /** GB-month of automated backups (snapshots and transaction logs) replicated to the DR region. */
    readonly replicatedBackupGb?: number;
    /** GB a month of snapshots and transaction logs transferred to the DR region. */
    readonly replicatedTransferGb?: number;
  };
  readonly elasticache?: { readonly snapshotGb?: number };
  readonly backup?: {
    readonly warmStorageGb?: number;
    // Recovery: AWS Backup for S3, the DR vault and restore testing.
    /** GB-month of S3 recovery points (snapshot and continuous) in the vault. */
    readonly s3StorageGb?: number;
    /** GB a month copied to the DR vault (each daily copy is incremental after the first). */
    readonly crossRegionCopyGb?: number;
    /** GB-month of snapshot copies kept in the DR vault. */
    readonly drStorageGb?: number;
    /** Hours a month a restore-test RDS instance runs (tests a month x validation window, plus restore time). */
    readonly restoreTestInstanceHours?: number;
    /** GB-month of RDS snapshot copies in the logically air-gapped vault. */
    readonly airGappedRdsGb?: number;
    /** GB-month of S3 backup copies in the logically air-gapped vault. */
    readonly airGappedS3Gb?: number;
    /** GB a month copied to the logically air-gapped vault (another region: transfer). */
    readonly airGappedCopyGb?: number;
  };
  /** The account's CloudTrail trail (the baseline's owner): data events, and its log files in S3. */
  readonly cloudtrail?: {
    /** Object writes to the proof bucket a month (each a data event), millions. */
    readonly proofWritesMillions?: number;
    /** Object reads of the proof bucket a month, millions (data events only with credlink:audit.dataEventReads). */
    readonly proofReadsMillions?: number;
    /** Writes to the replica other than replication, millions a month. */
    readonly replicaOtherWritesMillions?: number;
    /** GB-month of log files kept (gzip-compressed). */
    readonly storedGb?: number;
    /** Log and digest files CloudTrail writes a month, thousands (S3 PUT requests). */
    readonly logFilesThousands?: number;
  };
  /** VPC flow logs delivered to S3 (vended logs), when the flow log's destination is a bucket. */
  readonly vpcFlowLogs?: { readonly gbDelivered?: number; readonly storedGb?: number };
  /** Chaos experiments: FIS action-minutes a month (experiments run x their actions' minutes). */
  readonly fis?: { readonly actionMinutes?: number };
  readonly dataTransfer?: { readonly internetEgressGb?: number; readonly crossAzGb?: number };
  /** Requests a month that would be traced at a sampling ratio of 1, millions; the service's ratio scales them. */
  readonly xray?: { readonly tracesMillions?: number };
  readonly vpcEndpoints?: { readonly interfaceGbProcessed?: number };
  /** Requests reaching the load balancer per month (the cost curve's 1x point), for --usage-scale and cost per request. */
  readonly traffic?: { readonly requestsMillions?: number };
  /** Inspector enhanced scanning of ECR images (the account baseline). */
  readonly inspector?: { readonly imagesScanned?: number; readonly rescans?: number };
  /** Security Hub security checks, thousands a month (only with credlink:account.securityHub). */
  readonly securityHub?: { readonly checksThousands?: number };
  /** The R2 third copy (storage and operations) and its copy function and queue (credlink:proofs.r2Copy). */
  readonly r2?: { readonly storageGb?: number; readonly classAMillions?: number; readonly classBMillions?: number };
  readonly lambda?: { readonly requestsMillions?: number; readonly gbSeconds?: number };
  readonly sqs?: { readonly requestsMillions?: number };
}

export const USAGE_FILE = path.join(__dirname, "usage.yml");

/** The usage assumptions for `stack` ({} when the file has no entry for it). */
export function loadUsage(stack: string, file = USAGE_FILE): Usage {
  const all = (parse(fs.readFileSync(file, "utf8")) ?? {}) as Record<string, Usage>;
  return all[stack] ?? {};
}

/** The profiles usage.yml holds (one per environment), in file order. */
export function usageProfiles(file = USAGE_FILE): string[] {
  return Object.keys((parse(fs.readFileSync(file, "utf8")) ?? {}) as Record<string, Usage>);
}
