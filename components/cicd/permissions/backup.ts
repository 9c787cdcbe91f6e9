/**
 * AWS Backup: the vaults (primary and DR), their lock and access policies, the plan and its selection, restore
 * testing, the account's Region settings, and a logically air-gapped vault.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbackup.html
 *
 * Deleting recovery points, a vault's lock or its access policy is the break-glass role's: backups are evidence.
 */
import { DeployScope, inRegions, place, regional, ServicePermissions } from "./types";

export const stackVaults = (s: DeployScope) => regional(s, "backup", `backup-vault:${s.prefix}-*`);

export const backup: ServicePermissions = {
  service: "backup",
  alsoPlaces: ["backup-storage"],
  reference: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbackup.html",
  types: {
    "aws:backup/vault:Vault": {
      // A vault encrypted with a customer managed key: Backup needs the caller's grant on it.
      create: ["backup:CreateBackupVault", "backup:TagResource", "backup-storage:MountCapsule"],
      read: ["backup:DescribeBackupVault", "backup:ListTags"],
      update: ["backup:TagResource", "backup:UntagResource"],
      delete: ["backup:DeleteBackupVault", "backup:ListRecoveryPointsByBackupVault"],
      kmsVia: ["backup"],
      serviceLinkedRoles: ["backup.amazonaws.com"],
      breakGlassOnly: ["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle"],
    },
    "aws:backup/logicallyAirGappedVault:LogicallyAirGappedVault": {
      create: ["backup:CreateLogicallyAirGappedBackupVault", "backup:TagResource", "backup-storage:MountCapsule"],
      read: ["backup:DescribeBackupVault", "backup:ListTags"],
      update: ["backup:TagResource", "backup:UntagResource"],
      delete: ["backup:DeleteBackupVault"],
    },
    "aws:backup/vaultLockConfiguration:VaultLockConfiguration": {
      create: ["backup:PutBackupVaultLockConfiguration"],
      read: ["backup:DescribeBackupVault"],
      update: ["backup:PutBackupVaultLockConfiguration"],
      breakGlassOnly: ["backup:DeleteBackupVaultLockConfiguration"],
    },
    "aws:backup/vaultPolicy:VaultPolicy": {
      // The access policy that denies recovery-point deletion: created by the administrator's first `up`, changed only
      // by break-glass (guardrails.ts), like the proof buckets' policies.
      read: ["backup:GetBackupVaultAccessPolicy"],
      breakGlassOnly: ["backup:PutBackupVaultAccessPolicy", "backup:DeleteBackupVaultAccessPolicy"],
    },
    "aws:backup/plan:Plan": {
      create: ["backup:CreateBackupPlan", "backup:TagResource"],
      read: ["backup:GetBackupPlan", "backup:ListTags"],
      update: ["backup:UpdateBackupPlan", "backup:TagResource", "backup:UntagResource"],
      delete: ["backup:DeleteBackupPlan"],
    },
    "aws:backup/selection:Selection": {
      create: ["backup:CreateBackupSelection"],
      read: ["backup:GetBackupSelection"],
      delete: ["backup:DeleteBackupSelection"],
      passRoleTo: ["backup.amazonaws.com"],
    },
    "aws:backup/restoreTestingPlan:RestoreTestingPlan": {
      create: ["backup:CreateRestoreTestingPlan", "backup:TagResource"],
      read: ["backup:GetRestoreTestingPlan", "backup:ListTags"],
      update: ["backup:UpdateRestoreTestingPlan", "backup:TagResource", "backup:UntagResource"],
      delete: ["backup:DeleteRestoreTestingPlan"],
      // The first restore testing plan makes AWSServiceRoleForBackupRestoreTesting, trusted by
      // restore-testing.backup.amazonaws.com, with the caller's iam:CreateServiceLinkedRole (AWS Backup developer guide,
      // "Using roles for restore testing"). That role starts the restore jobs and passes the selection's role to Backup.
      serviceLinkedRoles: ["restore-testing.backup.amazonaws.com"],
    },
    "aws:backup/restoreTestingSelection:RestoreTestingSelection": {
      create: ["backup:CreateRestoreTestingSelection"],
      read: ["backup:GetRestoreTestingSelection"],
      update: ["backup:UpdateRestoreTestingSelection"],
      delete: ["backup:DeleteRestoreTestingSelection"],
      passRoleTo: ["backup.amazonaws.com"],
    },
    "aws:backup/regionSettings:RegionSettings": {
      create: ["backup:UpdateRegionSettings"],
      read: ["backup:DescribeRegionSettings"],
      update: ["backup:UpdateRegionSettings"],
    },
  },
  statements: (s, actions) =>
    place(
      "backup",
      actions,
      [
        // Plans, selections and restore-testing plans have generated ids; Region settings have no resource.
        { sid: "BackupPlansAndSettingsInTheseRegions", takes: /Plan|Selection|RegionSettings|^backup:(ListTags|TagResource|UntagResource)$/, resources: () => "*", condition: (x) => ({ StringEquals: inRegions(x) }) },
        { sid: "BackupStorage", takes: ["backup-storage:MountCapsule"], resources: () => "*", condition: (x) => ({ StringEquals: inRegions(x) }) },
        { sid: "ThisStacksVaults", takes: /^backup:/, resources: (x) => stackVaults(x) },
      ],
      s,
    ),
};
