/**
 * Recovery: AWS Backup (vaults, keys, plan rules, copies, selections, vault lock), restore testing (plan,
 * selections with their overrides, EventBridge results), FIS chaos templates (actions, targets, parameters, stop
 * conditions, roles), RPO/RTO in the plan, the cost lines, and the bad configs. One program run per stack.
 */
import { expect } from "chai";
import Ajv from "ajv";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  Backup,
  BackupArgs,
  Chaos,
  ChaosArgs,
  resolveBackupArgs,
  resolveChaosArgs,
  resolveRestoreTestingArgs,
  restoreTestingName,
  validateBackupArgs,
  validateChaosArgs,
  validateRestoreTestingArgs,
} from "../components/index";
import { Recorder } from "../tools/offline/mocks";
import { runComponent, stackConfig } from "../tools/offline/program";
import { REPO_ROOT } from "../tools/project";
import { recoveryObjectives, recoverySection } from "../tools/plan/sections/recovery";
import { recoveryPricers } from "../policy/cost/pricers/recovery";
import { PRICES } from "../policy/cost/prices";
import { problemsFor } from "./helpers/config";
import { parseStackConfig } from "../stacks/config";
import { PROD_BREAK_GLASS, stackKeyAdminStatements, viaServiceStatement } from "./helpers/kms";
import { nameProblems } from "../policy/policies/aws-constraints";
import { committedProgram } from "./helpers/programs";

const ACCOUNT = "123456789012";
const KEY = "aws:kms/key:Key";
const VAULT = "aws:backup/vault:Vault";
const LOCK = "aws:backup/vaultLockConfiguration:VaultLockConfiguration";
const PLAN = "aws:backup/plan:Plan";
const SELECTION = "aws:backup/selection:Selection";
const ROLE = "aws:iam/role:Role";
const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const RT_PLAN = "aws:backup/restoreTestingPlan:RestoreTestingPlan";
const RT_SELECTION = "aws:backup/restoreTestingSelection:RestoreTestingSelection";
const EVENT_RULE = "aws:cloudwatch/eventRule:EventRule";
const EVENT_TARGET = "aws:cloudwatch/eventTarget:EventTarget";
const TEMPLATE = "aws:fis/experimentTemplate:ExperimentTemplate";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const AIR_GAPPED = "aws:backup/logicallyAirGappedVault:LogicallyAirGappedVault";
const VAULT_POLICY = "aws:backup/vaultPolicy:VaultPolicy";

/** A vault's access policy: deleting or unlocking denied to all but the break-glass role, spelled out. */
const vaultAccessPolicy = (breakGlass: string) => ({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "DenyDeletionAndUnlockingExceptBreakGlass",
      Effect: "Deny",
      Principal: { AWS: "*" },
      Action: [
        "backup:DeleteRecoveryPoint",
        "backup:UpdateRecoveryPointLifecycle",
        "backup:DeleteBackupVault",
        "backup:PutBackupVaultAccessPolicy",
        "backup:DeleteBackupVaultAccessPolicy",
        "backup:PutBackupVaultLockConfiguration",
        "backup:DeleteBackupVaultLockConfiguration",
      ],
      Resource: "*",
      Condition: { ArnNotEquals: { "aws:PrincipalArn": breakGlass } },
    },
  ],
});

const statementsOf = (policy: string) => JSON.parse(policy).Statement;
const childrenOfType = (rec: Recorder, type: string, component: string) => rec.ofType(type).filter((r) => r.parent === rec.one(`credlink:recovery:${component.split("/")[0]}`, component.split("/")[1]).urn);

const LOG_DELIVERY = {
  Sid: "DeliverExperimentLogs",
  Effect: "Allow",
  Action: ["logs:CreateLogDelivery", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups"],
  Resource: "*",
};

describe("recovery in the committed prod program", () => {
  let rec: Recorder;
  let outputs: Record<string, any>;
  before(async () => {
    ({ recorder: rec, outputs } = await committedProgram("prod"));
  });

  describe("Backup", () => {
    it("WHEN it runs THEN it has exactly two keys (a vault key per region) and two vaults, both protected and encrypted with their own key", () => {
      expect(childrenOfType(rec, KEY, "Backup/credlink-prod-backup").map((k) => k.name)).to.have.members(["credlink-prod-backup-vault", "credlink-prod-backup-dr-vault"]);
      const primaryKey = rec.one(KEY, "credlink-prod-backup-vault");
      const drKey = rec.one(KEY, "credlink-prod-backup-dr-vault");
      expect(rec.ofType(VAULT).map((v) => [v.name, v.inputs, v.protect, v.retainOnDelete])).to.have.deep.members([
        ["credlink-prod-backup", { kmsKeyArn: primaryKey.state.arn, forceDestroy: false }, true, true],
        ["credlink-prod-backup-dr", { kmsKeyArn: drKey.state.arn, forceDestroy: false }, true, true],
      ]);
      expect([primaryKey.protect, drKey.protect, primaryKey.inputs.deletionWindowInDays, drKey.inputs.deletionWindowInDays]).to.deep.equal([true, true, 30, 30]);
    });

    it("WHEN it runs THEN the DR vault, its key and its lock are created through the us-west-2 provider, the primary ones through us-east-1", () => {
      const provider = (name: string) => { const p = rec.one("pulumi:providers:aws", name); return `${p.urn}::${p.id}`; };
      for (const [type, name] of [[VAULT, "credlink-prod-backup-dr"], [KEY, "credlink-prod-backup-dr-vault"], [LOCK, "credlink-prod-backup-dr"]]) {
        expect(rec.one(type, name).provider, name).to.equal(provider("aws-us-west-2"));
      }
      for (const [type, name] of [[VAULT, "credlink-prod-backup"], [KEY, "credlink-prod-backup-vault"], [LOCK, "credlink-prod-backup"]]) {
        expect(rec.one(type, name).provider, name).to.equal(provider("aws-us-east-1"));
      }
    });

    it("WHEN it runs THEN the primary vault key lets this account use it through AWS Backup, and CloudWatch Logs for the FIS log group only", () => {
      expect(statementsOf(rec.one(KEY, "credlink-prod-backup-vault").inputs.policy)).to.deep.equal([
        ...stackKeyAdminStatements("prod", rec.one(ROLE, "credlink-prod-cicd-deploy").state.arn),
        viaServiceStatement("AllowBackupInThisAccount", ["backup.us-east-1.amazonaws.com"]),
        {
          Sid: "AllowCloudWatchLogsForNamedLogGroups",
          Effect: "Allow",
          Principal: { Service: "logs.us-east-1.amazonaws.com" },
          Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
          Resource: "*",
          Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": [`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/credlink/fis/credlink-prod-chaos`] } },
        },
      ]);
    });

    it("WHEN it runs THEN the DR vault key lets this account use it through AWS Backup and RDS in us-west-2 (the cross-region snapshot copy)", () => {
      expect(statementsOf(rec.one(KEY, "credlink-prod-backup-dr-vault").inputs.policy)).to.deep.equal([
        ...stackKeyAdminStatements("prod", rec.one(ROLE, "credlink-prod-cicd-deploy").state.arn),
        viaServiceStatement("AllowBackupAndRdsInThisAccount", ["backup.us-west-2.amazonaws.com", "rds.us-west-2.amazonaws.com"]),
      ]);
    });

    it("GIVEN credlink:backup.vaultLockMinDays 7, vaultLockMaxDays 365 and vaultLockChangeableDays 7 THEN both vaults are locked in compliance mode with those bounds, replaced by deleting first", () => {
      const vaultName = (name: string) => rec.one(VAULT, name).state.name;
      expect(rec.ofType(LOCK).map((l) => [l.name, l.inputs])).to.have.deep.members([
        ["credlink-prod-backup", { backupVaultName: vaultName("credlink-prod-backup"), minRetentionDays: 7, maxRetentionDays: 365, changeableForDays: 7 }],
        ["credlink-prod-backup-dr", { backupVaultName: vaultName("credlink-prod-backup-dr"), minRetentionDays: 7, maxRetentionDays: 365, changeableForDays: 7 }],
      ]);
    });

    it("GIVEN credlink:backup.airGappedCopy THEN a logically air-gapped vault in us-west-2, locked between the vault lock's bounds, protected and retained", () => {
      const vault = rec.one(AIR_GAPPED, "credlink-prod-backup-air-gapped");
      const dr = rec.one("pulumi:providers:aws", "aws-us-west-2");
      expect([vault.inputs, vault.provider, vault.protect, vault.retainOnDelete]).to.deep.equal([{ minRetentionDays: 7, maxRetentionDays: 365 }, `${dr.urn}::${dr.id}`, true, true]);
    });

    it("GIVEN credlink:account.breakGlassRoleArn THEN every vault, the air-gapped one included, has the access policy reserving deletion and unlocking to that role, after its lock", () => {
      const expected: [string, string][] = [
        ["credlink-prod-backup", rec.one(VAULT, "credlink-prod-backup").state.name],
        ["credlink-prod-backup-dr", rec.one(VAULT, "credlink-prod-backup-dr").state.name],
        ["credlink-prod-backup-air-gapped", rec.one(AIR_GAPPED, "credlink-prod-backup-air-gapped").state.name],
      ];
      expect(rec.ofType(VAULT_POLICY).map((p) => [p.name, p.inputs.backupVaultName])).to.have.deep.members(expected);
      for (const p of rec.ofType(VAULT_POLICY)) expect(JSON.parse(p.inputs.policy), p.name).to.deep.equal(vaultAccessPolicy(PROD_BREAK_GLASS));
      for (const name of ["credlink-prod-backup", "credlink-prod-backup-dr"]) {
        expect(rec.one(VAULT_POLICY, name).dependsOn, name).to.include(rec.one(LOCK, name).urn);
      }
    });

    it("GIVEN dailyRetentionDays 35, continuousBackup true and continuousRetentionDays 14 THEN the plan keeps daily snapshots 35 days, copies each to the DR vault and to the air-gapped vault for 35, and keeps 14 days of continuous backup", () => {
      const vault = rec.one(VAULT, "credlink-prod-backup").state.name;
      expect(rec.one(PLAN).inputs).to.deep.equal({
        name: "credlink-prod-backup",
        rules: [
          {
            ruleName: "daily",
            targetVaultName: vault,
            schedule: "cron(0 5 * * ? *)",
            startWindow: 60,
            completionWindow: 180,
            lifecycle: { deleteAfter: 35 },
            // The DR vault's copies are restore-tested in the DR region; the air-gapped vault's nobody here can delete.
            copyActions: [
              { destinationVaultArn: rec.one(VAULT, "credlink-prod-backup-dr").state.arn, lifecycle: { deleteAfter: 35 } },
              { destinationVaultArn: rec.one(AIR_GAPPED, "credlink-prod-backup-air-gapped").state.arn, lifecycle: { deleteAfter: 35 } },
            ],
          },
          {
            ruleName: "continuous",
            targetVaultName: vault,
            schedule: "cron(0 5 * * ? *)",
            enableContinuousBackup: true,
            startWindow: 60,
            completionWindow: 180,
            lifecycle: { deleteAfter: 14 },
          },
        ],
      });
    });

    it("WHEN it runs THEN one selection names the database and the proof bucket by ARN, under the Backup role", () => {
      expect(rec.one(SELECTION).inputs).to.deep.equal({
        name: "credlink-prod-backup-data",
        planId: rec.one(PLAN).id,
        iamRoleArn: rec.one(ROLE, "credlink-prod-backup").state.arn,
        resources: [rec.one("aws:rds/instance:Instance").state.arn, outputs.proofBucketArn],
      });
    });

    it("WHEN it runs THEN the Backup role trusts backup.amazonaws.com for this account only, and holds exactly the four managed policies and no inline policy", () => {
      const role = rec.one(ROLE, "credlink-prod-backup");
      expect(JSON.parse(role.inputs.assumeRolePolicy)).to.deep.equal({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "backup.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } }],
      });
      const attached = rec.ofType(ATTACHMENT).filter((a) => a.inputs.role === role.state.name);
      expect(attached.map((a) => a.inputs.policyArn)).to.have.members([
        "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
        "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
        "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup",
        "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore",
      ]);
      expect(attached).to.have.length(4);
      expect(rec.ofType(ROLE_POLICY).filter((p) => p.inputs.role === role.state.name || p.inputs.role === role.id)).to.deep.equal([]);
    });
  });

  describe("RestoreTesting", () => {
    it("GIVEN restoreTestFrequency weekly THEN the plan runs Sundays 06:00 UTC on the latest continuous or snapshot point of the last 7 days in the primary vault", () => {
      expect(rec.one(RT_PLAN, "credlink-prod-restore-test").inputs).to.deep.equal({
        name: "credlink_prod_restore_test",
        scheduleExpression: "cron(0 6 ? * SUN *)",
        scheduleExpressionTimezone: "Etc/UTC",
        startWindowHours: 8,
        recoveryPointSelection: {
          algorithm: "LATEST_WITHIN_WINDOW",
          includeVaults: [rec.one(VAULT, "credlink-prod-backup").state.arn],
          recoveryPointTypes: ["CONTINUOUS", "SNAPSHOT"],
          selectionWindowDays: 7,
        },
      });
    });

    it("GIVEN restoreValidationHours 4 THEN the RDS selection restores into this VPC's DB subnet group and the database's security group, kept 4 hours", () => {
      expect(rec.one(RT_SELECTION, "credlink-prod-restore-test-rds").inputs).to.deep.equal({
        name: "credlink_prod_restore_test_rds",
        restoreTestingPlanName: "credlink_prod_restore_test",
        protectedResourceType: "RDS",
        protectedResourceArns: [rec.one("aws:rds/instance:Instance").state.arn],
        iamRoleArn: rec.one(ROLE, "credlink-prod-backup").state.arn,
        validationWindowHours: 4,
        restoreMetadataOverrides: {
          dbSubnetGroupName: outputs.dbSubnetGroupName,
          vpcSecurityGroupIds: JSON.stringify([outputs.databaseSecurityGroupId]),
        },
      });
    });

    it("WHEN it runs THEN the S3 selection tests the proof bucket, kept 4 hours", () => {
      expect(rec.one(RT_SELECTION, "credlink-prod-restore-test-s3").inputs).to.deep.equal({
        name: "credlink_prod_restore_test_s3",
        restoreTestingPlanName: "credlink_prod_restore_test",
        protectedResourceType: "S3",
        protectedResourceArns: [outputs.proofBucketArn],
        iamRoleArn: rec.one(ROLE, "credlink-prod-backup").state.arn,
        validationWindowHours: 4,
      });
    });

    it("WHEN it runs THEN completed restore jobs go to the notify topic and failed or aborted ones to the page topic (whose policy admits EventBridge rules)", () => {
      const pattern = (name: string) => JSON.parse(rec.one(EVENT_RULE, name).inputs.eventPattern);
      // This stack's restore testing plan only (old: every restore job in the account).
      const plan = [rec.one("aws:backup/restoreTestingPlan:RestoreTestingPlan", "credlink-prod-restore-test").state.arn];
      expect(pattern("credlink-prod-restore-test-completed")).to.deep.equal({ source: ["aws.backup"], "detail-type": ["Restore Job State Change"], detail: { status: ["COMPLETED"], restoreTestingPlanArn: plan } });
      expect(pattern("credlink-prod-restore-test-failed")).to.deep.equal({ source: ["aws.backup"], "detail-type": ["Restore Job State Change"], detail: { status: ["FAILED", "ABORTED"], restoreTestingPlanArn: plan } });
      // (The DR region's restore tests report to topics of their own there: tests/failover.test.ts.)
      expect(rec.ofType(EVENT_TARGET).filter((t) => /restore-test-(completed|failed)$/.test(t.name)).map((t) => [t.name, t.inputs])).to.have.deep.members([
        ["credlink-prod-restore-test-completed", { rule: rec.one(EVENT_RULE, "credlink-prod-restore-test-completed").state.name, arn: outputs.notifyTopicArn }],
        ["credlink-prod-restore-test-failed", { rule: rec.one(EVENT_RULE, "credlink-prod-restore-test-failed").state.name, arn: outputs.pageTopicArn }],
      ]);
      const pageTopicPolicy = statementsOf(rec.one("aws:sns/topicPolicy:TopicPolicy", "credlink-prod-page").inputs.policy);
      expect(pageTopicPolicy.find((s: any) => s.Principal.Service === "events.amazonaws.com")).to.deep.equal({
        Sid: "AllowEventBridgeRulesToPublish",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sns:Publish",
        Resource: outputs.pageTopicArn,
        Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": `arn:aws:events:us-east-1:${ACCOUNT}:rule/*` } },
      });
    });
  });

  describe("Chaos", () => {
    const common = () => ({
      experimentOptions: { emptyTargetResolutionMode: "fail" },
      logConfiguration: { logSchemaVersion: 2, cloudwatchLogsConfiguration: { logGroupArn: `${rec.one(LOG_GROUP, "credlink-prod-chaos").state.arn}:*` } },
      stopConditions: [{ source: "aws:cloudwatch:alarm", value: rec.one("aws:cloudwatch/compositeAlarm:CompositeAlarm", "credlink-prod-service-degraded").state.arn }],
    });

    it("GIVEN credlink:chaos.enabled THEN stop-tasks stops PERCENT(50) of the service's tasks, found by cluster and service, stopped by the composite alarm", () => {
      expect(rec.one(TEMPLATE, "credlink-prod-chaos-stop-tasks").inputs).to.deep.equal({
        description: "Stop 50% of the service's tasks: the rest serve while ECS replaces them",
        roleArn: rec.one(ROLE, "credlink-prod-chaos-stop-tasks").state.arn,
        targets: [{ name: "ServiceTasks", resourceType: "aws:ecs:task", selectionMode: "PERCENT(50)", parameters: { cluster: outputs.clusterName, service: outputs.serviceName } }],
        actions: [{ name: "StopTasks", actionId: "aws:ecs:stop-task", target: { key: "Tasks", value: "ServiceTasks" } }],
        ...common(),
      });
    });

    it("WHEN it runs THEN db-failover reboots the database with forceFailover true", () => {
      expect(rec.one(TEMPLATE, "credlink-prod-chaos-db-failover").inputs).to.deep.equal({
        description: "Reboot the database with forced failover to its Multi-AZ standby",
        roleArn: rec.one(ROLE, "credlink-prod-chaos-db-failover").state.arn,
        targets: [{ name: "Database", resourceType: "aws:rds:db", selectionMode: "ALL", resourceArns: [rec.one("aws:rds/instance:Instance").state.arn] }],
        actions: [{ name: "RebootWithFailover", actionId: "aws:rds:reboot-db-instances", parameters: [{ key: "forceFailover", value: "true" }], target: { key: "DBInstances", value: "Database" } }],
        ...common(),
      });
    });

    it("WHEN it runs THEN cache-az-power cuts power for 10 minutes to the replication group's nodes in us-east-1a", () => {
      const group = rec.one("aws:elasticache/replicationGroup:ReplicationGroup");
      expect(rec.one(TEMPLATE, "credlink-prod-chaos-cache-az-power").inputs).to.deep.equal({
        description: "Cut power to the cache nodes in the primary's AZ: the replica is promoted",
        roleArn: rec.one(ROLE, "credlink-prod-chaos-cache-az-power").state.arn,
        targets: [{ name: "Cache", resourceType: "aws:elasticache:replicationgroup", selectionMode: "ALL", resourceArns: [group.state.arn], parameters: { availabilityZoneIdentifier: "us-east-1a" } }],
        actions: [
          { name: "InterruptAzPower", actionId: "aws:elasticache:replicationgroup-interrupt-az-power", parameters: [{ key: "duration", value: "PT10M" }], target: { key: "ReplicationGroups", value: "Cache" } },
        ],
        ...common(),
      });
    });

    it("WHEN it runs THEN each experiment role trusts FIS for this account's experiments only", () => {
      for (const experiment of ["stop-tasks", "db-failover", "cache-az-power"]) {
        expect(JSON.parse(rec.one(ROLE, `credlink-prod-chaos-${experiment}`).inputs.assumeRolePolicy), experiment).to.deep.equal({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Service: "fis.amazonaws.com" },
              Action: "sts:AssumeRole",
              Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": `arn:aws:fis:us-east-1:${ACCOUNT}:experiment/*` } },
            },
          ],
        });
      }
    });

    it("WHEN it runs THEN each role may do exactly its action's calls on its target, plus log delivery", () => {
      const cluster = outputs.clusterName;
      const group = rec.one("aws:elasticache/replicationGroup:ReplicationGroup");
      const policy = (experiment: string) => statementsOf(rec.one(ROLE_POLICY, `credlink-prod-chaos-${experiment}`).inputs.policy);
      expect(policy("stop-tasks")).to.deep.equal([
        { Sid: "StopServiceTasks", Effect: "Allow", Action: ["ecs:DescribeTasks", "ecs:StopTask"], Resource: `arn:aws:ecs:us-east-1:${ACCOUNT}:task/${cluster}/*` },
        { Sid: "ListClusterTasks", Effect: "Allow", Action: "ecs:ListTasks", Resource: "*", Condition: { ArnEquals: { "ecs:cluster": `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/${cluster}` } } },
        LOG_DELIVERY,
      ]);
      expect(policy("db-failover")).to.deep.equal([
        { Sid: "RebootWithFailover", Effect: "Allow", Action: ["rds:RebootDBInstance", "rds:DescribeDBInstances"], Resource: rec.one("aws:rds/instance:Instance").state.arn },
        LOG_DELIVERY,
      ]);
      expect(policy("cache-az-power")).to.deep.equal([
        {
          Sid: "InterruptCacheAzPower",
          Effect: "Allow",
          Action: ["elasticache:InterruptClusterAzPower", "elasticache:DescribeReplicationGroups"],
          Resource: [group.state.arn, `arn:aws:elasticache:us-east-1:${ACCOUNT}:cluster:${group.state.replicationGroupId}-*`],
        },
        { Sid: "ResolveTargets", Effect: "Allow", Action: "tag:GetResources", Resource: "*" },
        LOG_DELIVERY,
      ]);
    });

    it("WHEN it runs THEN the experiment log is encrypted with the primary vault's key (no key of its own) and kept like the service's logs (90 days)", () => {
      expect(rec.one(LOG_GROUP, "credlink-prod-chaos").inputs).to.deep.equal({
        name: "/credlink/fis/credlink-prod-chaos",
        retentionInDays: 90,
        kmsKeyId: rec.one(KEY, "credlink-prod-backup-vault").state.arn,
      });
      expect(childrenOfType(rec, KEY, "Chaos/credlink-prod-chaos")).to.deep.equal([]);
    });
  });

  describe("RPO and RTO", () => {
    it("WHEN the plan derives them THEN prod reads: DB failover 0/2 min, PITR 5 min/1 h, region 15/57 min (the failover with its pilot light); proofs 0/15 min and 15/57 min; cache 0/2 min", () => {
      expect(recoveryObjectives(rec, outputs.failover).map((o) => [o.store, o.scenario, o.rpoMinutes, o.rtoMinutes])).to.deep.equal([
        ["PostgreSQL", "instance or AZ", 0, 2],
        ["PostgreSQL", "deleted or corrupted data", 5, 60],
        ["PostgreSQL", "region", 15, 57],
        ["Proof bucket", "deleted or corrupted data", 0, 15],
        ["Proof bucket", "region", 15, 57],
        ["Cache", "instance or AZ", 0, 2],
      ]);
    });

    it("WHEN the backups replication is gone (only the daily copy) THEN the database's region RPO falls back to the daily copy, 25 h, with no failover time", () => {
      const without = { ofType: (t: string) => (t === "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication" ? [] : rec.ofType(t)) };
      expect(recoveryObjectives(without, outputs.failover).filter((o) => o.store === "PostgreSQL" && o.scenario === "region").map((o) => [o.rpoMinutes, o.rtoMinutes])).to.deep.equal([[1500, -1]]);
    });

    it("WHEN the recovery section is built THEN its JSON facts validate against plan.schema.json's recovery definition", async () => {
      const result = await recoverySection({ stack: "prod", region: "us-east-1", recorder: rec, resources: [], outputs });
      const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "tools/plan/plan.schema.json"), "utf8"));
      const validate = new Ajv({ strict: false }).compile({ definitions: schema.definitions, $ref: "#/definitions/recovery" });
      expect(validate(result.recovery), JSON.stringify(validate.errors)).to.equal(true);
      expect(result.sections[0].summary).to.equal("Recovery: deleted data RPO 5 min / RTO 1 h; region RPO 15 min / RTO 57 min");
      expect([result.recovery?.failover?.rtoMinutes, result.recovery?.failover?.rpoMinutes, result.sections[1].summary]).to.deep.equal([
        57,
        15,
        "Region failover: RTO 57 min (within the 60-minute target), RPO 15 min; pilot light standing",
      ]);
    });
  });
});

describe("recovery in the committed dev program", () => {
  let rec: Recorder;
  before(async () => {
    ({ recorder: rec } = await committedProgram("dev"));
  });

  it("WHEN it runs THEN dev has one vault on the stack's shared key, no DR vault, no lock, no chaos, and keeps daily snapshots 7 days with no continuous rule", () => {
    expect(rec.ofType(VAULT).map((v) => [v.name, v.inputs.forceDestroy, v.protect])).to.deep.equal([["credlink-dev-backup", true, false]]);
    // credlink:kms.keyPerStore is false in dev: the vault takes the shared key (whose policy lets Backup use it) and
    // the Backup component creates none.
    expect(childrenOfType(rec, KEY, "Backup/credlink-dev-backup")).to.deep.equal([]);
    expect(rec.one(VAULT).inputs.kmsKeyArn).to.equal(rec.one(KEY, "credlink-dev-key").state.arn);
    expect([rec.ofType(LOCK).length, rec.ofType(TEMPLATE).length, rec.ofType("credlink:recovery:Chaos").length]).to.deep.equal([0, 0, 0]);
    expect(rec.one(PLAN).inputs.rules).to.deep.equal([
      { ruleName: "daily", targetVaultName: rec.one(VAULT).state.name, schedule: "cron(0 5 * * ? *)", startWindow: 60, completionWindow: 180, lifecycle: { deleteAfter: 7 } },
    ]);
  });

  it("GIVEN restoreTestFrequency monthly THEN dev tests the latest snapshot on the 1st of each month", () => {
    const plan = rec.one(RT_PLAN).inputs;
    expect([plan.scheduleExpression, plan.recoveryPointSelection.recoveryPointTypes]).to.deep.equal(["cron(0 6 1 * ? *)", ["SNAPSHOT"]]);
  });

  it("WHEN the plan derives RPO/RTO THEN dev has no region row with a number: nothing leaves the region", () => {
    expect(recoveryObjectives(rec).filter((o) => o.scenario === "region").map((o) => [o.store, o.rpoMinutes])).to.deep.equal([
      ["PostgreSQL", -1],
      ["Proof bucket", -1],
    ]);
  });
});

describe("recovery components on their own", () => {
  const backupArgs = (over: Partial<BackupArgs> = {}): BackupArgs => ({ region: "us-east-1", databaseArn: "arn:db", bucketArn: "arn:bucket", ...over });

  it("GIVEN kmsKeyArn THEN Backup creates no key and the vault uses the caller's; Chaos without kmsKeyArn creates a key for its log group only", async () => {
    const { recorder } = await runComponent(() => {
      const backup = new Backup("credlink-test-backup", backupArgs({ kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/shared" }));
      const chaos = new Chaos("credlink-test-chaos", {
        clusterName: "c",
        clusterArn: "arn:c",
        serviceName: "s",
        databaseArn: "arn:db",
        databaseMultiAz: true,
        cacheReplicationGroupArn: "arn:rg",
        cacheReplicationGroupId: "rg",
        cacheReplicas: 1,
        cacheAvailabilityZone: "us-east-1b",
        stopAlarmArn: "arn:alarm",
      });
      return { backup, chaos };
    });
    expect(recorder.one(VAULT).inputs.kmsKeyArn).to.equal("arn:aws:kms:us-east-1:123456789012:key/shared");
    expect(recorder.ofType(KEY).map((k) => k.name)).to.deep.equal(["credlink-test-chaos-logs"]);
    expect(statementsOf(recorder.one(KEY).inputs.policy)[1].Condition).to.deep.equal({
      ArnEquals: { "kms:EncryptionContext:aws:logs:arn": [`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/credlink/fis/credlink-test-chaos`] },
    });
    expect(recorder.one(LOG_GROUP).inputs.retentionInDays).to.equal(30);
  });

  describe("validation", () => {
    const lock = { minRetentionDays: 7, maxRetentionDays: 365 };
    const check = (over: Partial<BackupArgs>) => () => validateBackupArgs(resolveBackupArgs(backupArgs(over)));

    it("GIVEN a daily retention shorter than the vault lock minimum THEN it is refused, naming both; the minimum itself fits", () => {
      expect(check({ vaultLock: lock, dailyRetentionDays: 6 })).to.throw(
        "dailyRetentionDays must be within the vault lock's retention, 7 to 365 days (vaultLock.minRetentionDays and vaultLock.maxRetentionDays): a locked vault refuses the recovery point, got 6",
      );
      expect(check({ vaultLock: lock, dailyRetentionDays: 7 })).not.to.throw();
    });

    it("GIVEN a retention longer than the vault lock maximum THEN it is refused; the maximum itself fits", () => {
      expect(check({ vaultLock: lock, dailyRetentionDays: 366 })).to.throw(/^dailyRetentionDays must be within the vault lock's retention/);
      expect(check({ vaultLock: lock, dailyRetentionDays: 365 })).not.to.throw();
      expect(check({ vaultLock: { minRetentionDays: 30, maxRetentionDays: 365 }, continuousBackup: true, continuousRetentionDays: 14, dailyRetentionDays: 35 })).to.throw(
        /^continuousRetentionDays must be within the vault lock's retention, 30 to 365 days/,
      );
    });

    it("GIVEN a DR vault in the primary region THEN it is refused", () => {
      expect(check({ dr: { region: "us-east-1", provider: undefined as never } })).to.throw(
        'dr.region must differ from region "us-east-1": a DR vault in the primary region survives nothing a regional outage does, got "us-east-1"',
      );
    });

    it("GIVEN continuous retention 35 THEN it is accepted, 36 (over AWS Backup's cap) is refused", () => {
      expect(check({ continuousBackup: true, continuousRetentionDays: 35 })).not.to.throw();
      expect(check({ continuousBackup: true, continuousRetentionDays: 36 })).to.throw(/^continuousRetentionDays must be an integer from 1 to 35/);
    });

    it("GIVEN a vault lock whose maximum is under its minimum THEN it is refused", () => {
      expect(check({ vaultLock: { minRetentionDays: 30, maxRetentionDays: 29 } , dailyRetentionDays: 30 })).to.throw(/^vaultLock.maxRetentionDays must be an integer from vaultLock.minRetentionDays \(30\)/);
    });

    it("GIVEN a single-AZ database or a cache without replica THEN Chaos refuses (the failover experiments need a standby)", () => {
      const args = (over: Partial<ChaosArgs>) => () =>
        validateChaosArgs(resolveChaosArgs({ clusterName: "", clusterArn: "", serviceName: "", databaseArn: "", databaseMultiAz: true, cacheReplicationGroupArn: "", cacheReplicationGroupId: "", cacheReplicas: 1, cacheAvailabilityZone: "", stopAlarmArn: "", ...over }));
      expect(args({ databaseMultiAz: false })).to.throw(/^databaseMultiAz must be true: a reboot with forced failover needs a Multi-AZ standby/);
      expect(args({ cacheReplicas: 0 })).to.throw(/^cacheReplicas must be at least 1/);
      expect(args({ stopTaskPercent: 101 })).to.throw(/^stopTaskPercent must be an integer from 1 to 100/);
      expect(args({ stopTaskPercent: 100 })).not.to.throw();
    });

    it("GIVEN restore testing windows THEN 168 hours is the longest accepted validation window and 169 is refused; names lose their hyphens", () => {
      const rt = (validationWindowHours: number) => () =>
        validateRestoreTestingArgs(resolveRestoreTestingArgs({ vaultArn: "", roleArn: "", databaseArn: "", dbSubnetGroupName: "", dbSecurityGroupIds: [], bucketArn: "", validationWindowHours }));
      expect(rt(168)).not.to.throw();
      expect(rt(169)).to.throw("validationWindowHours must be an integer from 1 to 168, got 169");
      expect(restoreTestingName("credlink-prod-restore-test")).to.equal("credlink_prod_restore_test");
      expect(() => restoreTestingName("credlink.prod")).to.throw(/^name must turn into 1-50 letters, digits and underscores/);
    });
  });
});

describe("recovery config (credlink:backup, credlink:chaos)", () => {
  it("GIVEN prod with a daily retention shorter than the vault lock minimum THEN the config names the key, the bounds and the value", () => {
    expect(problemsFor("prod", { "credlink:backup": { dailyRetentionDays: 5 } })).to.deep.equal([
      "credlink:backup.dailyRetentionDays must be within the vault lock's retention, 7 to 365 days (vaultLockMinDays and vaultLockMaxDays): a locked vault refuses the recovery point, got 5",
    ]);
  });

  it("GIVEN prod with the DR region equal to aws:region THEN the config refuses the DR region", () => {
    expect(problemsFor("prod", { "credlink:dr": { region: "us-east-1" } })).to.deep.equal([
      'credlink:dr.region must differ from aws:region: a DR copy in the same region survives nothing a regional outage does, got "us-east-1"',
    ]);
  });

  it("GIVEN continuous backup with a retention other than credlink:database.backupRetentionDays THEN it is refused", () => {
    expect(problemsFor("prod", { "credlink:backup": { continuousRetentionDays: 21 } })).to.deep.equal([
      "credlink:backup.continuousRetentionDays must equal credlink:database.backupRetentionDays (14) with continuous backup: AWS Backup then manages the instance's point-in-time window and sets it to this retention, got 21",
    ]);
  });

  it("GIVEN prod without continuous backup or vault lock THEN both are refused, and the keys that need the lock say so", () => {
    expect(problemsFor("prod", { "credlink:backup": { continuousBackup: false, vaultLockMinDays: undefined, vaultLockMaxDays: undefined } })).to.deep.equal([
      "credlink:backup.vaultLockChangeableDays needs vaultLockMinDays and vaultLockMaxDays (the lock it makes immutable), got 7",
      "credlink:backup.airGappedCopy needs vaultLockMinDays and vaultLockMaxDays (the air-gapped vault is locked between them), got true",
      "credlink:backup.continuousBackup must be true in prod: point-in-time restore of the database and the proofs, not just last night's snapshot, got false",
      "credlink:backup.vaultLockMinDays must be set in prod (with vaultLockMaxDays): a locked vault keeps every recovery point from early deletion, got nothing",
    ]);
  });

  // Old: prod's vault locks were governance mode, removable by anyone allowed DeleteBackupVaultLockConfiguration.
  it("GIVEN prod without a compliance-mode lock or the air-gapped copy THEN each is refused, naming the key", () => {
    expect(problemsFor("prod", { "credlink:backup": { vaultLockChangeableDays: undefined, airGappedCopy: false } })).to.deep.equal([
      "credlink:backup.vaultLockChangeableDays must be set in prod: a compliance-mode vault lock (immutable after the cooling-off period), so no principal, the account root included, can delete a recovery point early, got nothing",
      "credlink:backup.airGappedCopy must be true in prod: a copy of every daily backup in a logically air-gapped vault, outside this account's reach, got false",
    ]);
  });

  it("GIVEN a cooling-off period THEN 3 (AWS Backup's 72 hours) passes and 2 is refused, naming the key", () => {
    expect(() => parseStackConfig(stackConfig("prod", { "credlink:backup": { vaultLockChangeableDays: 3 } }), "credlink", "prod")).to.not.throw();
    expect(problemsFor("prod", { "credlink:backup": { vaultLockChangeableDays: 2 } })).to.deep.equal([
      "credlink:backup.vaultLockChangeableDays must be an integer from 3 (AWS Backup's 72-hour cooling-off period) to 36500, got 2",
    ]);
  });

  it("GIVEN the air-gapped copy without DR THEN it is refused: the vault lives in the DR region", () => {
    expect(problemsFor("dev", { "credlink:backup": { airGappedCopy: true, vaultLockMinDays: 1, vaultLockMaxDays: 30 } })).to.deep.equal([
      "credlink:backup.airGappedCopy needs credlink:dr.enabled true: the air-gapped vault lives in the DR region, got true",
    ]);
  });

  it("GIVEN one vault lock bound without the other THEN the missing one is named", () => {
    expect(problemsFor("dev", { "credlink:backup": { vaultLockMinDays: 1 } })).to.deep.equal([
      "credlink:backup.vaultLockMaxDays must be set with vaultLockMinDays (a vault lock has both bounds), but it is not set",
    ]);
  });

  it("GIVEN chaos enabled in dev (single-AZ database, no cache replica) with credlink:ops.level full THEN both reasons are given", () => {
    expect(problemsFor("dev", { "credlink:chaos": { enabled: true }, "credlink:ops": { level: "full" } })).to.deep.equal([
      "credlink:chaos.enabled must be false unless credlink:database.multiAz is true: the failover experiment needs a standby, got true",
      "credlink:chaos.enabled must be false unless credlink:cache.replicas is at least 1: the cache experiment fails over to a replica, got true",
    ]);
  });

  it("GIVEN an unknown restore frequency THEN the allowed values are listed", () => {
    expect(problemsFor("dev", { "credlink:backup": { restoreTestFrequency: "daily" } })).to.deep.equal([
      'credlink:backup.restoreTestFrequency must be one of "weekly" | "monthly", got "daily"',
    ]);
  });
});

describe("recovery names against the AWS API constraints (aws-resource-names-valid)", () => {
  it("GIVEN a restore testing plan name THEN underscores pass and a hyphen (CreateRestoreTestingPlan allows none) fails", () => {
    expect(nameProblems("aws:backup/restoreTestingPlan:RestoreTestingPlan", { name: "credlink_prod_restore_test" }, "x")).to.deep.equal([]);
    expect(nameProblems("aws:backup/restoreTestingPlan:RestoreTestingPlan", { name: "credlink-prod-restore-test" }, "x")[0]).to.match(/must be letters, digits and underscores \(no hyphen\)/);
    expect(nameProblems("aws:backup/restoreTestingSelection:RestoreTestingSelection", { name: "credlink-prod_rds" }, "x")[0]).to.match(/no hyphen/);
  });

  it("GIVEN an autonamed backup vault THEN a 42-character logical name fits (50 with the suffix) and 43 does not", () => {
    expect(nameProblems("aws:backup/vault:Vault", {}, "v".repeat(42))).to.deep.equal([]);
    expect(nameProblems("aws:backup/vault:Vault", {}, "v".repeat(43))[0]).to.match(/is 51 characters; AWS allows 2-50/);
  });

  it("GIVEN an autonamed event rule THEN 56 characters fit (64 with the suffix), 57 do not", () => {
    expect(nameProblems("aws:cloudwatch/eventRule:EventRule", {}, "r".repeat(56))).to.deep.equal([]);
    expect(nameProblems("aws:cloudwatch/eventRule:EventRule", {}, "r".repeat(57))[0]).to.match(/is 65 characters; AWS allows 1-64/);
  });
});

describe("recovery pricers", () => {
  const ctx = (usage: any, resources: any[] = []) => {
    const lines: any[] = [];
    return {
      lines,
      ctx: {
        resources,
        usage,
        push: (_r: any, item: string, b: number, u: number, _how: string, kind = "priced") => lines.push({ item, b, u, kind }),
        hourly: () => undefined,
        usageLine: (_r: any, item: string, q: number | undefined, _unit: string, price: any) => lines.push({ item, u: q === undefined ? undefined : Math.round(q * price.usd * 100) / 100 }),
        unpriced: (_r: any, reason: string) => lines.push({ item: "unpriced", reason }),
        referenced: () => undefined,
        assume: () => undefined,
        rate: () => "",
      } as any,
    };
  };

  it("GIVEN a plan with a copy action THEN it prices S3 backup storage, the cross-region copy and the DR vault storage from usage", () => {
    const { lines, ctx: c } = ctx({ backup: { s3StorageGb: 25, crossRegionCopyGb: 10, drStorageGb: 20 } });
    recoveryPricers["aws:backup/plan:Plan"]({ type: "aws:backup/plan:Plan", name: "p", urn: "u", props: { rules: [{ copyActions: [{ destinationVaultArn: "x" }] }] } }, c);
    expect(lines).to.deep.equal([
      { item: "Backup plan", b: 0, u: 0, kind: "free" },
      { item: "AWS Backup S3 storage (snapshot and continuous)", u: 25 * PRICES.backupS3WarmGbMonth.usd },
      { item: "AWS Backup cross-region copy transfer", u: 10 * PRICES.backupCrossRegionCopyGb.usd },
      { item: "AWS Backup DR vault storage (copies)", u: 20 * PRICES.backupDrWarmGbMonth.usd },
    ]);
  });

  it("GIVEN a restore testing plan THEN its compute is the database class's single-AZ hours from usage", () => {
    const db = { type: "aws:rds/instance:Instance", name: "db", urn: "db", props: { instanceClass: "db.t4g.micro" } };
    const { lines, ctx: c } = ctx({ backup: { restoreTestInstanceHours: 22 } }, [db]);
    recoveryPricers["aws:backup/restoreTestingPlan:RestoreTestingPlan"]({ type: "aws:backup/restoreTestingPlan:RestoreTestingPlan", name: "rt", urn: "rt", props: {} }, c);
    expect(lines).to.deep.equal([{ item: "Restore-test RDS db.t4g.micro single-AZ instance-hours", u: 0.35 }]);
  });
});
