/**
 * Amazon RDS: the PostgreSQL instance, its parameter and subnet groups, and the DR replication of automated backups.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonrds.html
 *
 * The master password is managed by RDS in Secrets Manager (`rds!db-...`), created with the caller's permissions.
 */
import { place, regional, ServicePermissions } from "./types";

export const rds: ServicePermissions = {
  service: "rds",
  reference: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonrds.html",
  types: {
    "aws:rds/instance:Instance": {
      create: [
        "rds:CreateDBInstance", "rds:AddTagsToResource",
        // A failover stack's instance is restored, not created: with restoreToPointInTime the provider calls
        // RestoreDBInstanceToPointInTime (SourceDBInstanceAutomatedBackupsArn, UseLatestRestorableTime or RestoreTime)
        // instead of CreateDBInstance (terraform-provider-aws internal/service/rds/instance.go, resourceInstanceCreate).
        // IAM authorises it on the new db, its parameter, option and subnet groups, and the source auto-backup (Service
        // Authorization Reference, RestoreDBInstanceToPointInTime); the storage keeps the replicated backups' key, which
        // RDS uses through a grant made with the caller's kms:CreateGrant through RDS (kmsVia below).
        "rds:RestoreDBInstanceToPointInTime",
        // manageMasterUserPassword: RDS creates the secret as the caller (RDS user guide, "Password management with
        // Secrets Manager", required permissions).
        "secretsmanager:CreateSecret", "secretsmanager:TagResource",
      ],
      read: ["rds:DescribeDBInstances", "rds:ListTagsForResource", "rds:DescribeDBInstanceAutomatedBackups"],
      update: ["rds:ModifyDBInstance", "rds:AddTagsToResource", "rds:RemoveTagsFromResource", "rds:RebootDBInstance", "secretsmanager:RotateSecret"],
      // The final snapshot is the last copy: deleting the instance takes it (its name is the stack's).
      delete: ["rds:DeleteDBInstance", "rds:CreateDBSnapshot"],
      // The enhanced-monitoring role trusts monitoring.rds.amazonaws.com, but AWS does not document the iam:PassedToService
      // value RDS sends when it is passed, and some paths (a blue/green update) send rds.amazonaws.com: both
      // (https://github.com/mitodl/ol-infrastructure/pull/5874, simulate-principal-policy against both values).
      passRoleTo: ["monitoring.rds.amazonaws.com", "rds.amazonaws.com"],
      serviceLinkedRoles: ["rds.amazonaws.com"],
      kmsVia: ["rds", "secretsmanager"],
      breakGlassOnly: ["rds:DeleteDBSnapshot", "rds:DeleteDBInstanceAutomatedBackup"],
    },
    "aws:rds/parameterGroup:ParameterGroup": {
      create: ["rds:CreateDBParameterGroup", "rds:ModifyDBParameterGroup", "rds:AddTagsToResource"],
      read: ["rds:DescribeDBParameterGroups", "rds:DescribeDBParameters", "rds:ListTagsForResource"],
      update: ["rds:ModifyDBParameterGroup", "rds:ResetDBParameterGroup", "rds:AddTagsToResource", "rds:RemoveTagsFromResource"],
      delete: ["rds:DeleteDBParameterGroup"],
    },
    "aws:rds/subnetGroup:SubnetGroup": {
      create: ["rds:CreateDBSubnetGroup", "rds:AddTagsToResource"],
      read: ["rds:DescribeDBSubnetGroups", "rds:ListTagsForResource"],
      update: ["rds:ModifyDBSubnetGroup", "rds:AddTagsToResource", "rds:RemoveTagsFromResource"],
      delete: ["rds:DeleteDBSubnetGroup"],
    },
    "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication": {
      // Called in the DR region, naming the source instance in the primary region.
      create: ["rds:StartDBInstanceAutomatedBackupsReplication"],
      read: ["rds:DescribeDBInstanceAutomatedBackups"],
      kmsVia: ["rds"],
      // Stopping it is the delete: the DR region's point in time stops advancing, silently (the copies' freshness check
      // pages when it does). Protected in the program, and reserved to the break-glass role here.
      breakGlassOnly: ["rds:StopDBInstanceAutomatedBackupsReplication"],
    },
  },
  statements: (s, actions) =>
    place(
      "rds",
      actions,
      [
        { sid: "RdsDescribe", takes: /^rds:Describe/, resources: () => "*" },
        {
          sid: "ThisStacksDatabase",
          takes: /^rds:/,
          // Automated backups have generated ids (`ab-...`); the default option group is AWS's.
          resources: (x) => [
            ...["db", "pg", "subgrp", "snapshot"].flatMap((kind) => regional(x, "rds", `${kind}:${x.prefix}-*`)),
            ...regional(x, "rds", "auto-backup:*"),
            ...regional(x, "rds", "og:default:*"),
          ],
        },
      ],
      s,
    ),
};
