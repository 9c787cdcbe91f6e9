/**
 * credlink:recovery:Chaos: AWS FIS experiment templates that break the service the way AWS does, on demand.
 *
 * - `stop-tasks`: stops 50% of the service's running tasks (`aws:ecs:stop-task` on `aws:ecs:task` targets chosen
 *   with `PERCENT(50)` by cluster and service);
 * - `db-failover`: reboots the RDS instance with forced failover (`aws:rds:reboot-db-instances`, `forceFailover`),
 *   which only means something with a Multi-AZ standby;
 * - `cache-az-power`: interrupts power to the cache nodes in one AZ (`aws:elasticache:replicationgroup-interrupt-az-power`),
 *   so the replication group fails over to its replica.
 *
 * Each template stops as soon as the "service degraded" composite alarm fires, runs under a role of its own scoped to
 * exactly its action's API calls on its target, and logs to one encrypted log group.
 * Action ids, target types and permissions: AWS FIS user guide, "Actions reference" and "Targets".
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext, awsContext } from "../lib/aws-context";
import { createKmsKey, KeyAdministrators, logsKeyStatement, PolicyStatement } from "../lib/kms";
import { LOG_RETENTION_DAYS } from "../network";
import { serviceTrustPolicy } from "../lib/iam";

/** The FIS action ids the templates use. */
export const FIS_ACTIONS = {
  stopTask: "aws:ecs:stop-task",
  rebootDb: "aws:rds:reboot-db-instances",
  cacheAzPower: "aws:elasticache:replicationgroup-interrupt-az-power",
} as const;

/** How long the cache AZ stays without power (ISO 8601, FIS `duration`: up to 12 hours). */
export const CACHE_INTERRUPT_DURATION = "PT10M";

/** The experiment log group of a Chaos component named `name` (the program gives it to the key that encrypts it). */
export function chaosLogGroupName(name: string): string {
  return `/credlink/fis/${name}`;
}

export interface ChaosArgs {
  /** The ECS cluster and service whose tasks are stopped. */
  readonly clusterName: pulumi.Input<string>;
  readonly clusterArn: pulumi.Input<string>;
  readonly serviceName: pulumi.Input<string>;
  /** The RDS instance rebooted with failover. */
  readonly databaseArn: pulumi.Input<string>;
  /** Whether the database is Multi-AZ: a forced failover needs a standby. */
  readonly databaseMultiAz: boolean;
  /** The cache replication group whose AZ loses power. */
  readonly cacheReplicationGroupArn: pulumi.Input<string>;
  readonly cacheReplicationGroupId: pulumi.Input<string>;
  /** Replicas in the replication group: failover needs at least one. */
  readonly cacheReplicas: number;
  /** The AZ (name or id) whose cache nodes lose power: the primary's, for a failover. */
  readonly cacheAvailabilityZone: pulumi.Input<string>;
  /** The alarm that stops every experiment: the SLO's "service degraded" composite. */
  readonly stopAlarmArn: pulumi.Input<string>;
  /** Percent of the service's tasks stopped, 1-100. @default 50 */
  readonly stopTaskPercent?: number;
  /** Days the experiment log is kept (a CloudWatch Logs retention). @default 30 */
  readonly logRetentionDays?: number;
  /**
   * An existing customer managed key to use instead of creating one (for the log group); its policy must let
   * CloudWatch Logs use it for `chaosLogGroupName(name)`. @default a key of its own
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /** Deletion window of the key it creates, 7-30 days. @default 30 */
  readonly keyDeletionWindowDays?: number;
  /**
   * Who administers the customer managed key(s) this component creates: the break-glass role, and the deploy role
   * for key policies only (lib/kms KeyAdministrators). @default undefined (the account root statement)
   */
  readonly keyAdministrators?: KeyAdministrators;
  /** The stack's permissions boundary, on every role this component creates. @default undefined (none) */
  readonly permissionsBoundary?: pulumi.Input<string>;
}

type Defaulted = "stopTaskPercent" | "logRetentionDays" | "keyDeletionWindowDays";
export type ResolvedChaosArgs = Omit<ChaosArgs, Defaulted> & Required<Pick<ChaosArgs, Defaulted>>;

/** Applies the documented defaults. The single place they live. */
export function resolveChaosArgs(args: ChaosArgs): ResolvedChaosArgs {
  return { ...args, stopTaskPercent: args.stopTaskPercent ?? 50, logRetentionDays: args.logRetentionDays ?? 30, keyDeletionWindowDays: args.keyDeletionWindowDays ?? 30 };
}

/** Throws an Error naming the argument, the value and what is allowed. */
export function validateChaosArgs(args: ResolvedChaosArgs): void {
  if (!args.databaseMultiAz) {
    throw new Error("databaseMultiAz must be true: a reboot with forced failover needs a Multi-AZ standby (set credlink:database.multiAz, or leave chaos off), got false");
  }
  if (!Number.isInteger(args.cacheReplicas) || args.cacheReplicas < 1) {
    throw new Error(`cacheReplicas must be at least 1: with no replica to promote, cutting the primary's AZ is an outage, not a failover test, got ${args.cacheReplicas}`);
  }
  if (!Number.isInteger(args.stopTaskPercent) || args.stopTaskPercent < 1 || args.stopTaskPercent > 100) {
    throw new Error(`stopTaskPercent must be an integer from 1 to 100 (FIS selection mode PERCENT(n)), got ${args.stopTaskPercent}`);
  }
  if (!(LOG_RETENTION_DAYS as readonly number[]).includes(args.logRetentionDays)) {
    throw new Error(`logRetentionDays must be one of ${LOG_RETENTION_DAYS.join(", ")} (the values CloudWatch Logs accepts), got ${args.logRetentionDays}`);
  }
  if (!Number.isInteger(args.keyDeletionWindowDays) || args.keyDeletionWindowDays < 7 || args.keyDeletionWindowDays > 30) {
    throw new Error(`keyDeletionWindowDays must be an integer from 7 to 30, got ${args.keyDeletionWindowDays}`);
  }
}

/** The trust policy of an experiment role: fis.amazonaws.com, for this account's experiments only (FIS user guide, "Confused deputy prevention"). */
export function fisTrustPolicy(ctx: AwsContext): pulumi.Output<string> {
  return serviceTrustPolicy("fis.amazonaws.com", ctx, pulumi.interpolate`arn:${ctx.partition}:fis:${ctx.region}:${ctx.accountId}:experiment/*`);
}

/**
 * What FIS needs to deliver experiment logs to CloudWatch Logs (FIS user guide, "Experiment logging permissions"):
 * log delivery is a vended-logs API with no resource-level permissions.
 */
export const LOG_DELIVERY_STATEMENT: PolicyStatement = {
  Sid: "DeliverExperimentLogs",
  Effect: "Allow",
  Action: ["logs:CreateLogDelivery", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups"],
  Resource: "*",
};

/** The statements of each experiment's role, beyond log delivery: exactly its action's calls on its target. */
export function experimentStatements(args: ResolvedChaosArgs, ctx: AwsContext): Record<"stop-tasks" | "db-failover" | "cache-az-power", PolicyStatement[]> {
  const arn = (service: string, rest: pulumi.Input<string>) => pulumi.interpolate`arn:${ctx.partition}:${service}:${ctx.region}:${ctx.accountId}:${rest}`;
  return {
    "stop-tasks": [
      { Sid: "StopServiceTasks", Effect: "Allow", Action: ["ecs:DescribeTasks", "ecs:StopTask"], Resource: arn("ecs", pulumi.interpolate`task/${args.clusterName}/*`) },
      { Sid: "ListClusterTasks", Effect: "Allow", Action: "ecs:ListTasks", Resource: "*", Condition: { ArnEquals: { "ecs:cluster": args.clusterArn } } },
    ],
    "db-failover": [{ Sid: "RebootWithFailover", Effect: "Allow", Action: ["rds:RebootDBInstance", "rds:DescribeDBInstances"], Resource: args.databaseArn }],
    "cache-az-power": [
      {
        Sid: "InterruptCacheAzPower",
        Effect: "Allow",
        Action: ["elasticache:InterruptClusterAzPower", "elasticache:DescribeReplicationGroups"],
        Resource: [args.cacheReplicationGroupArn, arn("elasticache", pulumi.interpolate`cluster:${args.cacheReplicationGroupId}-*`)],
      },
      // FIS resolves the target through the Resource Groups Tagging API, which has no resource-level permissions.
      { Sid: "ResolveTargets", Effect: "Allow", Action: "tag:GetResources", Resource: "*" },
    ],
  };
}

export class Chaos extends pulumi.ComponentResource {
  /** Template ids by experiment: `aws fis start-experiment --experiment-template-id <id>`. */
  public readonly templateIds: pulumi.Output<Record<string, string>>;
  public readonly logGroupName: pulumi.Output<string>;

  constructor(name: string, args: ChaosArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("credlink:recovery:Chaos", name, {}, opts);
    const resolved = resolveChaosArgs(args);
    validateChaosArgs(resolved);
    const ctx = awsContext(this);

    const logGroup = this.createLogGroup(name, resolved, ctx);
    const statements = experimentStatements(resolved, ctx);
    const stopConditions = [{ source: "aws:cloudwatch:alarm", value: resolved.stopAlarmArn }];
    const logConfiguration = { logSchemaVersion: 2, cloudwatchLogsConfiguration: { logGroupArn: pulumi.interpolate`${logGroup.arn}:*` } };

    const experiments: [keyof typeof statements, string, aws.types.input.fis.ExperimentTemplateTarget, aws.types.input.fis.ExperimentTemplateAction][] = [
      [
        "stop-tasks",
        `Stop ${resolved.stopTaskPercent}% of the service's tasks: the rest serve while ECS replaces them`,
        { name: "ServiceTasks", resourceType: "aws:ecs:task", selectionMode: `PERCENT(${resolved.stopTaskPercent})`, parameters: { cluster: resolved.clusterName, service: resolved.serviceName } },
        { name: "StopTasks", actionId: FIS_ACTIONS.stopTask, target: { key: "Tasks", value: "ServiceTasks" } },
      ],
      [
        "db-failover",
        "Reboot the database with forced failover to its Multi-AZ standby",
        { name: "Database", resourceType: "aws:rds:db", selectionMode: "ALL", resourceArns: [resolved.databaseArn] },
        { name: "RebootWithFailover", actionId: FIS_ACTIONS.rebootDb, parameters: [{ key: "forceFailover", value: "true" }], target: { key: "DBInstances", value: "Database" } },
      ],
      [
        "cache-az-power",
        "Cut power to the cache nodes in the primary's AZ: the replica is promoted",
        {
          name: "Cache",
          resourceType: "aws:elasticache:replicationgroup",
          selectionMode: "ALL",
          resourceArns: [resolved.cacheReplicationGroupArn],
          parameters: { availabilityZoneIdentifier: resolved.cacheAvailabilityZone },
        },
        {
          name: "InterruptAzPower",
          actionId: FIS_ACTIONS.cacheAzPower,
          parameters: [{ key: "duration", value: CACHE_INTERRUPT_DURATION }],
          target: { key: "ReplicationGroups", value: "Cache" },
        },
      ],
    ];
    const ids: Record<string, pulumi.Output<string>> = {};
    for (const [experiment, description, target, action] of experiments) {
      const role = this.createRole(`${name}-${experiment}`, ctx, statements[experiment], resolved.permissionsBoundary);
      const template = new aws.fis.ExperimentTemplate(
        `${name}-${experiment}`,
        { description, roleArn: role.arn, stopConditions, targets: [target], actions: [action], logConfiguration, experimentOptions: { emptyTargetResolutionMode: "fail" } },
        { parent: this },
      );
      ids[experiment] = template.id;
    }

    this.templateIds = pulumi.output(ids);
    this.logGroupName = logGroup.name;
    this.registerOutputs({ templateIds: this.templateIds, logGroupName: this.logGroupName });
  }

  /** The experiment log, encrypted with `kmsKeyArn` or a key of its own. */
  private createLogGroup(name: string, args: ResolvedChaosArgs, ctx: AwsContext): aws.cloudwatch.LogGroup {
    const logGroupName = chaosLogGroupName(name);
    const keyArn =
      args.kmsKeyArn ??
      createKmsKey(
        `${name}-logs`,
        {
          description: `CredLink ${name}: encrypts the FIS experiment log`,
          deletionWindowInDays: args.keyDeletionWindowDays,
          statements: [logsKeyStatement([logGroupName], ctx)],
          administrators: args.keyAdministrators,
        },
        ctx,
        this,
      ).key.arn;
    return new aws.cloudwatch.LogGroup(name, { name: logGroupName, retentionInDays: args.logRetentionDays, kmsKeyId: keyArn }, { parent: this });
  }

  /** A role for one experiment: trusted by FIS for this account's experiments, allowed its statements and log delivery. */
  private createRole(name: string, ctx: AwsContext, statements: PolicyStatement[], permissionsBoundary: pulumi.Input<string> | undefined): aws.iam.Role {
    const role = new aws.iam.Role(name, { description: `FIS experiment ${name}`, assumeRolePolicy: fisTrustPolicy(ctx), permissionsBoundary }, { parent: this });
    new aws.iam.RolePolicy(name, { role: role.id, policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: [...statements, LOG_DELIVERY_STATEMENT] }) }, { parent: this });
    return role;
  }
}
