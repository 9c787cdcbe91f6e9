/**
 * @credlink/components: CredLink's reusable Pulumi ComponentResources for AWS (and an optional Cloudflare edge).
 * Components never read stack config; the program passes plain, validated args in.
 *
 * One folder per type-token module: credlink:<module>:<Name> lives in components/<module>/, and each module's
 * index.ts is its public face. lib/ holds the helpers several components share; the ones below are public too.
 */
export * from "./network";
export * from "./security";
export * from "./data";
export * from "./app";
export * from "./ops";
export * from "./cicd";
export * from "./recovery";
export * from "./edge";
export * from "./account";
export * from "./audit";

export { layoutSubnets, parseCidr, formatCidr } from "./lib/cidr";
export type { AzLayout, Cidr, TierSpec } from "./lib/cidr";
export { awsContext } from "./lib/aws-context";
export type { AwsContext } from "./lib/aws-context";
export {
  createKmsKey,
  accountRootStatement,
  keyAdministrationStatements,
  keyAdministrationWarnings,
  viaServiceStatement,
  cloudWatchLogsStatement,
  logsKeyStatement,
  logDeliveryKeyStatement,
  KEY_ADMIN_ACTIONS,
  KEY_USER_ACTIONS,
} from "./lib/kms";
export type { KeyAdministrators, KmsKey, KmsKeyArgs, KmsKeyOptions, PolicyStatement } from "./lib/kms";
export {
  attachSecureBucketPolicy,
  createAccessLogBucket,
  createSecureBucket,
  createSecureBucketWithoutPolicy,
  denyEncryptionChangesStatement,
  denyInsecureTransportStatement,
  denyObjectAccessStatement,
  denyRetentionChangesStatement,
  evidenceWriteStatements,
  OBJECT_ACTIONS,
  OBJECT_LOCK_MODES,
  RETENTION_CHANGE_ACTIONS,
} from "./lib/bucket";
export type { EvidenceWriteRules, ObjectLockMode, SecureBucket, SecureBucketArgs, UnattachedSecureBucket } from "./lib/bucket";
export { parseImageReference, validateImageReference } from "./lib/image";
export type { ImageReference } from "./lib/image";
export { FARGATE_TASK_SIZES, FARGATE_CPU_VALUES, isFargateSize, describeFargateMemory } from "./lib/fargate";
