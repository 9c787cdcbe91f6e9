/**
 * credlink:recovery:RestoreTesting: AWS Backup restore testing, so a restore is proven on a schedule, not promised.
 *
 * - A restore testing plan (weekly or monthly) that restores the latest recovery point within `selectionWindowDays`
 *   from the vault.
 * - Two selections: the database, with restore metadata overrides that put the test instance in this VPC's DB subnet
 *   group and the database's security group (without them RDS restores into the default VPC, and fails where that VPC
 *   is gone), and the proof bucket. Each test resource is kept for `validationWindowHours`, then deleted by Backup.
 * - The results, through EventBridge: completed restore jobs of this plan notify; failed or aborted ones page. Each rule
 *   matches this plan's jobs only (`detail.restoreTestingPlanArn`), and alarms on its own failed deliveries.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createEventRoute } from "../lib/event-route";

export const RESTORE_TEST_FREQUENCIES = ["weekly", "monthly"] as const;
export type RestoreTestFrequency = (typeof RESTORE_TEST_FREQUENCIES)[number];

/** When each frequency runs (UTC): Sundays at 06:00, or the 1st of the month at 06:00, after the 05:00 daily backup. */
export const RESTORE_TEST_SCHEDULES: Readonly<Record<RestoreTestFrequency, string>> = {
  weekly: "cron(0 6 ? * SUN *)",
  monthly: "cron(0 6 1 * ? *)",
};

/**
 * Restore testing plan and selection names (AWS Backup API reference, CreateRestoreTestingPlan /
 * CreateRestoreTestingSelection): only letters, digits and underscores, no hyphen, and they can't be changed after
 * creation; 50 characters at most (unverified for selections). So the names are set, never autonamed.
 */
export const RESTORE_TESTING_NAME_PATTERN = /^[A-Za-z0-9_]{1,50}$/;

/** EventBridge detail-type AWS Backup emits for restore jobs (AWS Backup developer guide, "EventBridge events"). */
export const RESTORE_JOB_EVENT = "Restore Job State Change";

export interface RestoreTestingArgs {
  /** The vault whose recovery points are tested. */
  readonly vaultArn: pulumi.Input<string>;
  /**
   * The role Backup assumes to restore (the Backup component's role: it holds the restore policies). Pass
   * Backup.roleArn, which resolves once the policies are attached, so the selections wait for them.
   */
  readonly roleArn: pulumi.Input<string>;
  /**
   * The RDS instance whose recovery points are tested, or `"*"`: every RDS recovery point in `vaultArn` (the DR vault's
   * copies, whose resource is the primary region's instance).
   */
  readonly databaseArn: pulumi.Input<string>;
  /**
   * The DB subnet group the test instance is restored into (this VPC's). Without it and `dbSecurityGroupIds` (the DR
   * region, where this stack has no VPC) RDS restores into the region's default VPC and its default security group,
   * which must exist there. @default undefined (the default VPC)
   */
  readonly dbSubnetGroupName?: pulumi.Input<string>;
  /** The security groups of the test instance (the database's), with `dbSubnetGroupName`. @default undefined */
  readonly dbSecurityGroupIds?: pulumi.Input<pulumi.Input<string>[]>;
  /** The proof bucket whose recovery points are tested, or `"*"` (every S3 recovery point in `vaultArn`). */
  readonly bucketArn: pulumi.Input<string>;
  /** How often. @default "monthly" */
  readonly frequency?: RestoreTestFrequency;
  /** Test the latest recovery point of the last this many days, 1-365. @default 7 */
  readonly selectionWindowDays?: number;
  /** Hours a test resource is kept for validation before Backup deletes it, 1-168. @default 2 */
  readonly validationWindowHours?: number;
  /** Hours after the scheduled time a test may start, 1-168. @default 8 */
  readonly startWindowHours?: number;
  /** Include continuous (point-in-time) recovery points, when the plan makes them. @default false */
  readonly includeContinuous?: boolean;
  /** Where completed restore tests go. @default none */
  readonly notifyTopicArn?: pulumi.Input<string>;
  /** Where failed restore tests go. @default none */
  readonly pageTopicArn?: pulumi.Input<string>;
}

type Defaulted = "frequency" | "selectionWindowDays" | "validationWindowHours" | "startWindowHours" | "includeContinuous";
export type ResolvedRestoreTestingArgs = Omit<RestoreTestingArgs, Defaulted> & Required<Pick<RestoreTestingArgs, Defaulted>>;

/** Applies the documented defaults. The single place they live. */
export function resolveRestoreTestingArgs(args: RestoreTestingArgs): ResolvedRestoreTestingArgs {
  return {
    ...args,
    frequency: args.frequency ?? "monthly",
    selectionWindowDays: args.selectionWindowDays ?? 7,
    validationWindowHours: args.validationWindowHours ?? 2,
    startWindowHours: args.startWindowHours ?? 8,
    includeContinuous: args.includeContinuous ?? false,
  };
}

const isInt = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;

/**
 * Throws an Error naming the argument. Limits from the AWS Backup API reference: RestoreTestingRecoveryPointSelection
 * SelectionWindowDays 1-365, RestoreTestingSelectionForCreate ValidationWindowHours 1-168, RestoreTestingPlanForCreate
 * StartWindowHours 1-168.
 */
export function validateRestoreTestingArgs(args: ResolvedRestoreTestingArgs): void {
  if (!(RESTORE_TEST_FREQUENCIES as readonly string[]).includes(args.frequency)) {
    throw new Error(`frequency must be one of ${RESTORE_TEST_FREQUENCIES.map((f) => `"${f}"`).join(" | ")}, got "${args.frequency}"`);
  }
  if (!isInt(args.selectionWindowDays, 1, 365)) throw new Error(`selectionWindowDays must be an integer from 1 to 365, got ${args.selectionWindowDays}`);
  if (!isInt(args.validationWindowHours, 1, 168)) throw new Error(`validationWindowHours must be an integer from 1 to 168, got ${args.validationWindowHours}`);
  if (!isInt(args.startWindowHours, 1, 168)) throw new Error(`startWindowHours must be an integer from 1 to 168, got ${args.startWindowHours}`);
  if ((args.dbSubnetGroupName === undefined) !== (args.dbSecurityGroupIds === undefined)) {
    throw new Error("dbSubnetGroupName and dbSecurityGroupIds must be given together (the restored instance's subnets and its security groups), or both left out (the region's default VPC)");
  }
}

/** A component name as a restore testing name: hyphens become underscores (the API allows no hyphen). */
export function restoreTestingName(name: string): string {
  const converted = name.replace(/-/g, "_");
  if (!RESTORE_TESTING_NAME_PATTERN.test(converted)) {
    throw new Error(`name must turn into 1-50 letters, digits and underscores (a restore testing name; hyphens become underscores), got "${name}"`);
  }
  return converted;
}

/**
 * The EventBridge pattern for this plan's restore jobs in `statuses`. A Restore Job State Change event carries the
 * restore testing plan that started the job in `detail.restoreTestingPlanArn` (AWS Backup developer guide, "Monitoring
 * AWS Backup events using Amazon EventBridge", https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html;
 * the API's RestoreJobCreator.RestoreTestingPlanArn): without it the rules would report every restore in the account.
 */
export function restoreJobPattern(statuses: readonly string[], planArn: pulumi.Input<string>): pulumi.Output<Record<string, unknown>> {
  return pulumi.output(planArn).apply((arn): Record<string, unknown> => ({ source: ["aws.backup"], "detail-type": [RESTORE_JOB_EVENT], detail: { status: [...statuses], restoreTestingPlanArn: [arn] } }));
}

export class RestoreTesting extends pulumi.ComponentResource {
  public readonly planName: pulumi.Output<string>;
  public readonly planArn: pulumi.Output<string>;
  public readonly frequency: RestoreTestFrequency;
  public readonly validationWindowHours: number;

  constructor(name: string, args: RestoreTestingArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("credlink:recovery:RestoreTesting", name, {}, opts);
    const resolved = resolveRestoreTestingArgs(args);
    validateRestoreTestingArgs(resolved);
    const planName = restoreTestingName(name);

    const plan = new aws.backup.RestoreTestingPlan(
      name,
      {
        name: planName,
        scheduleExpression: RESTORE_TEST_SCHEDULES[resolved.frequency],
        scheduleExpressionTimezone: "Etc/UTC",
        startWindowHours: resolved.startWindowHours,
        recoveryPointSelection: {
          algorithm: "LATEST_WITHIN_WINDOW",
          includeVaults: [resolved.vaultArn],
          recoveryPointTypes: resolved.includeContinuous ? ["CONTINUOUS", "SNAPSHOT"] : ["SNAPSHOT"],
          selectionWindowDays: resolved.selectionWindowDays,
        },
      },
      { parent: this },
    );
    this.createSelections(name, planName, resolved, plan);
    this.createNotifications(name, resolved, plan.arn);

    this.planName = plan.name;
    this.planArn = plan.arn;
    this.frequency = resolved.frequency;
    this.validationWindowHours = resolved.validationWindowHours;
    this.registerOutputs({ planName: this.planName, planArn: this.planArn });
  }

  /** The database (in this VPC's subnet group and security group) and the proof bucket. */
  private createSelections(name: string, planName: string, args: ResolvedRestoreTestingArgs, plan: aws.backup.RestoreTestingPlan): void {
    new aws.backup.RestoreTestingSelection(
      `${name}-rds`,
      {
        name: `${planName}_rds`,
        restoreTestingPlanName: plan.name,
        protectedResourceType: "RDS",
        protectedResourceArns: [args.databaseArn],
        iamRoleArn: args.roleArn,
        validationWindowHours: args.validationWindowHours,
        ...(args.dbSubnetGroupName !== undefined && args.dbSecurityGroupIds !== undefined
          ? { restoreMetadataOverrides: { dbSubnetGroupName: args.dbSubnetGroupName, vpcSecurityGroupIds: pulumi.jsonStringify(args.dbSecurityGroupIds) } }
          : {}),
      },
      { parent: this },
    );
    new aws.backup.RestoreTestingSelection(
      `${name}-s3`,
      {
        name: `${planName}_s3`,
        restoreTestingPlanName: plan.name,
        protectedResourceType: "S3",
        protectedResourceArns: [args.bucketArn],
        iamRoleArn: args.roleArn,
        validationWindowHours: args.validationWindowHours,
      },
      { parent: this },
    );
  }

  /** This plan's completed restore jobs to the notify topic, failed or aborted ones to the page topic. */
  private createNotifications(name: string, args: ResolvedRestoreTestingArgs, planArn: pulumi.Output<string>): void {
    const routes: [string, string, string[], pulumi.Input<string> | undefined][] = [
      ["completed", "AWS Backup restore jobs (restore tests) that completed", ["COMPLETED"], args.notifyTopicArn],
      ["failed", "AWS Backup restore jobs (restore tests) that failed or were aborted: recovery is not proven", ["FAILED", "ABORTED"], args.pageTopicArn],
    ];
    for (const [role, description, statuses, topicArn] of routes) {
      if (topicArn === undefined) continue;
      createEventRoute(`${name}-${role}`, { description, pattern: restoreJobPattern(statuses, planArn), topicArn, alarmTopicArn: args.notifyTopicArn ?? topicArn }, this);
    }
  }
}
