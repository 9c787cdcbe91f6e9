/**
 * The stack's permissions boundary: a customer managed policy every role the program creates must carry (the deploy
 * role can create or change a role only with it: permissions/iam.ts). A boundary grants nothing; it caps what a role's
 * own policies can grant (IAM user guide, "Permissions boundaries for IAM entities").
 *
 * It allows the services the program's service roles use, and denies, whatever a role's policy says:
 * - IAM writes and assuming other roles (no role the program makes can make or widen a role);
 * - anything outside the stack's regions (but the global services);
 * - evidence destruction: the break-glass-only actions of the permission table, key administration, snapshot sharing,
 *   secrets' resource policies, the evidence buckets' configuration and the stack's log groups' retention and key;
 * - any use of the stack's secrets-provider key (the state's secrets);
 * - any resource tagged as another environment or project (a role of dev can't read or delete prod's).
 * A role the deploy role creates may trust anyone IAM lets it name (no condition key reads a trust policy): these
 * denies, and the pack's iam-role-trust-within-account, are what hold such a role.
 */
import * as pulumi from "@pulumi/pulumi";
import { BOUNDARY_POLICY_PATH, ciBoundaryStatements, GLOBAL_SERVICE_ACTIONS, IAM_WRITE_VERBS, StateKey, stateKeyTarget } from "./deploy-policy";

export { ciBoundaryStatements };
import { breakGlassActions, DeployScope, global, Statement } from "./permissions";
import { proofBuckets } from "./permissions/s3";

/**
 * The services the program's service roles act in: their inline policies (a test derives the prefixes from every
 * committed stack's and example's roles and checks each is here) and the AWS managed policies they attach, which
 * the boundary must not cut short for the resources this program has (AWS managed policy reference):
 * - AmazonRDSEnhancedMonitoringRole: logs;
 * - AmazonECSInfrastructureRolePolicyForLoadBalancers: elasticloadbalancing;
 * - AWSBackupServiceRolePolicyForBackup / ForRestores (RDS): rds, kms, tag, backup, ec2 (describe for restores);
 * - AWSBackupServiceRolePolicyForS3Backup / S3Restore: s3, kms, events, cloudwatch.
 */
export const BOUNDARY_SERVICES = [
  "autoscaling", "backup", "backup-storage", "cloudwatch", "ec2", "ecr", "ecs", "elasticache", "elasticloadbalancing", "events", "fis", "kms",
  "logs", "rds", "rds-db", "s3", "secretsmanager", "sns", "sqs", "ssm", "ssmmessages", "tag", "xray",
];

/**
 * Single actions the boundary allows outside BOUNDARY_SERVICES: the scan role's Inspector reads (ECR's enhanced scanning
 * answers DescribeImageScanFindings from Inspector with the caller's ListFindings and ListCoverage; deploy-identity.ts).
 */
export const BOUNDARY_ACTIONS = ["inspector2:ListCoverage", "inspector2:ListFindings"];

/** The AWS managed policies the program attaches, and the services each needs from the boundary. */
export const MANAGED_POLICY_SERVICES: Readonly<Record<string, readonly string[]>> = {
  "service-role/AmazonRDSEnhancedMonitoringRole": ["logs"],
  AmazonECSInfrastructureRolePolicyForLoadBalancers: ["elasticloadbalancing"],
  "service-role/AWSBackupServiceRolePolicyForBackup": ["backup", "kms", "rds", "tag", "ec2"],
  "service-role/AWSBackupServiceRolePolicyForRestores": ["backup", "kms", "rds", "tag", "ec2"],
  AWSBackupServiceRolePolicyForS3Backup: ["s3", "kms", "events", "cloudwatch"],
  AWSBackupServiceRolePolicyForS3Restore: ["s3", "kms"],
};

/** The boundary's name: `<prefix>-boundary`, under its own path. */
export const boundaryName = (prefix: string) => `${prefix}-boundary`;
/**
 * The CI boundary's name (the deploy and preview roles carry it; deploy-policy.ts, ciBoundaryStatements): the same path,
 * so CI can't change it either. The pack tells the two apart by this suffix (policy/lib/boundary.ts, CI_BOUNDARY_SUFFIX;
 * a test holds the two equal): a role AWS services assume must never carry the CI one.
 */
export const CI_BOUNDARY_SUFFIX = "-ci-boundary";
export const ciBoundaryName = (prefix: string) => `${prefix}${CI_BOUNDARY_SUFFIX}`;

/** The ARN of a stack's boundary, for every role the program creates (`permissionsBoundary`). */
export function permissionsBoundaryArn(partition: pulumi.Input<string>, accountId: pulumi.Input<string>, prefix: string): pulumi.Output<string> {
  return pulumi.interpolate`arn:${partition}:iam::${accountId}:policy${BOUNDARY_POLICY_PATH}${boundaryName(prefix)}`;
}

/**
 * What a role the stack creates must never do, whoever wrote its policies: the deploy role may create roles (with this
 * boundary) and write their policies, so the boundary is what stops a role it made, trusted by anyone, from
 * administering keys, reading the secrets key, reconfiguring the evidence buckets or the logs, or sharing a snapshot.
 * - keys: their policies, grants, aliases, replicas, deletion and disabling (KMS developer guide, "Permissions
 *   reference"); `*Alias` matches Create, Delete and UpdateAlias (not ListAliases);
 * - the evidence buckets (the proofs, their replica, and every access-log bucket): replication, encryption, logging,
 *   policy, lifecycle, Object Lock, versioning and deletion. Their notifications too, but for the Backup role: AWS
 *   Backup turns on the bucket's EventBridge notifications for S3 backups with the role's s3:PutBucketNotification
 *   (AWSBackupServiceRolePolicyForS3Backup);
 * - a database snapshot's sharing (rds:ModifyDBSnapshotAttribute), a secret's resource policy;
 * - the stack's log groups' retention and key (theirs all start `/` or `aws-waf-logs-`; RDS's enhanced monitoring
 *   sets the retention of its own `RDSOSMetrics` group with its role, which stays allowed).
 */
export const KEY_ADMINISTRATION = ["kms:*Alias", "kms:CreateKey", "kms:DisableKey", "kms:PutKeyPolicy", "kms:ReplicateKey", "kms:Retire*", "kms:Revoke*", "kms:ScheduleKeyDeletion"];
export const EVIDENCE_BUCKET_WRITES = [
  "s3:BypassGovernanceRetention", "s3:DeleteBucket", "s3:DeleteBucketPolicy", "s3:PutBucketLogging", "s3:PutBucketObjectLockConfiguration", "s3:PutBucketPolicy",
  "s3:PutBucketVersioning", "s3:PutEncryptionConfiguration", "s3:PutLifecycleConfiguration", "s3:PutReplicationConfiguration",
];
export const LOG_GROUP_WRITES = ["logs:AssociateKmsKey", "logs:DeleteLogGroup", "logs:DeleteRetentionPolicy", "logs:DisassociateKmsKey", "logs:PutRetentionPolicy"];

/** The evidence buckets: the proof buckets (the record, its replica, their access logs) and every access-log bucket. */
export const evidenceBuckets = (scope: DeployScope) => [...proofBuckets(scope), global(scope, "s3", `${scope.prefix}-*logs-*`, false)];

export function boundaryStatements(scope: DeployScope, stateKey: StateKey): Statement[] {
  return [
    { Sid: "TheServicesThisStacksRolesUse", Effect: "Allow", Action: [...BOUNDARY_SERVICES.map((s) => `${s}:*`), ...BOUNDARY_ACTIONS], Resource: "*" },
    { Sid: "NoIamWritesNoRoleChaining", Effect: "Deny", Action: [...IAM_WRITE_VERBS, "sts:AssumeRole"], Resource: "*" },
    { Sid: "StayInTheseRegions", Effect: "Deny", NotAction: GLOBAL_SERVICE_ACTIONS, Resource: "*", Condition: { StringNotEquals: { "aws:RequestedRegion": [...scope.regions] } } },
    // Break-glass only, less what AWS Backup's lifecycle does with the role: it deletes its own expired snapshots
    // (awsbackup:*), which the vault lock guards; the stack's named final snapshots stay protected.
    {
      Sid: "NoEvidenceDestruction",
      Effect: "Deny",
      Action: [...new Set([...breakGlassActions().filter((a) => a !== "rds:DeleteDBSnapshot"), ...KEY_ADMINISTRATION, "rds:ModifyDBSnapshotAttribute", "secretsmanager:DeleteResourcePolicy", "secretsmanager:PutResourcePolicy"])].sort(),
      Resource: "*",
    },
    { Sid: "NotTheSecretsKey", Effect: "Deny", Action: ["kms:*"], ...stateKeyTarget(scope, stateKey) },
    { Sid: "KeepTheFinalSnapshots", Effect: "Deny", Action: ["rds:DeleteDBSnapshot"], Resource: scope.regions.map((r) => pulumi.interpolate`arn:${scope.partition}:rds:${r}:${scope.accountId}:snapshot:${scope.prefix}-*`) },
    { Sid: "EvidenceBucketsStayAsConfigured", Effect: "Deny", Action: EVIDENCE_BUCKET_WRITES, Resource: evidenceBuckets(scope) },
    {
      Sid: "EvidenceBucketNotificationsButBackups",
      Effect: "Deny",
      Action: ["s3:PutBucketNotification"],
      Resource: evidenceBuckets(scope),
      Condition: { ArnNotLike: { "aws:PrincipalArn": global(scope, "iam", `role/${scope.prefix}-backup-*`) } },
    },
    {
      Sid: "TheStacksLogsStay",
      Effect: "Deny",
      Action: LOG_GROUP_WRITES,
      Resource: ["log-group:/*", "log-group:aws-waf-logs-*"].map((tail) => pulumi.interpolate`arn:${scope.partition}:logs:*:${scope.accountId}:${tail}`),
    },
    {
      Sid: "NotOtherEnvironmentsResources",
      Effect: "Deny",
      Action: ["*"],
      Resource: "*",
      Condition: { StringNotEquals: { "aws:ResourceTag/Environment": scope.environment }, Null: { "aws:ResourceTag/Environment": "false" } },
    },
    {
      Sid: "NotOtherProjectsResources",
      Effect: "Deny",
      Action: ["*"],
      Resource: "*",
      Condition: { StringNotEquals: { "aws:ResourceTag/Project": scope.project }, Null: { "aws:ResourceTag/Project": "false" } },
    },
  ];
}

