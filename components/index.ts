/**
 * @credlink/components: CredLink's reusable Pulumi ComponentResources for AWS, one per phase of the rollout.
 * Components never read stack config; the program passes plain, validated args in.
 */
export * from "./network";
export { layoutSubnets, parseCidr, formatCidr } from "./lib/cidr";
export type { AzLayout, Cidr, TierSpec } from "./lib/cidr";
export { awsContext } from "./lib/aws-context";
export type { AwsContext } from "./lib/aws-context";
export { createKmsKey, accountRootStatement, viaServiceStatement, cloudWatchLogsStatement, KEY_ADMIN_ACTIONS, KEY_USER_ACTIONS } from "./lib/kms";
export type { KmsKey, KmsKeyArgs, KmsKeyOptions, PolicyStatement } from "./lib/kms";
export * from "./database";
export * from "./cache";
export * from "./proof-store";
export { createSecureBucket, denyInsecureTransportStatement, denyRetentionChangesStatement, OBJECT_LOCK_MODES, RETENTION_CHANGE_ACTIONS } from "./lib/bucket";
export type { ObjectLockMode, SecureBucket, SecureBucketArgs } from "./lib/bucket";
export * from "./app-security-groups";
export * from "./registry";
export * from "./load-balancer";
export * from "./service";
export { parseImageReference, validateImageReference } from "./lib/image";
export type { ImageReference } from "./lib/image";
export { FARGATE_TASK_SIZES, FARGATE_CPU_VALUES, isFargateSize, describeFargateMemory } from "./lib/fargate";
export * from "./ops/alerting";
export * from "./ops/slo";
export * from "./ops/dashboard";
export * from "./ops/alarms";
export * from "./ops/uptime";
export * from "./ops/cost-controls";
// CI/CD (issue 13): the identity GitHub Actions deploys with.
export * from "./cicd/deploy-identity";
// Recovery (issue 12): AWS Backup, restore testing, FIS chaos experiments.
export * from "./recovery/backup";
export * from "./recovery/restore-testing";
export * from "./recovery/chaos";
// issue 14 (cost): the stack-wide key for credlink:kms.keyPerStore false.
export * from "./shared-key";
// Edge security and the account baseline (issue 11).
export * from "./edge/firewall";
export * from "./account/baseline";
export * from "./account/guardduty-agent";
// Issue 16, the Cloudflare option: Cloudflare as the edge (origin side and zone side), and the R2 third copy.
export * from "./edge/cloudflare-origin";
export * from "./edge/cloudflare";
export * from "./data/r2-copy";
