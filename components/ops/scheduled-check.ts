/**
 * credlink:ops:ScheduledCheck: a check that runs on a schedule and pages when what it checks is wrong, or when it stops
 * running. For what no AWS metric shows (how far behind the DR region's copies are) or what no alarm in the stack's own
 * region can see (the endpoint from outside the load balancer, where Route 53's metrics live in another region).
 *
 * A Lambda function (inline code, Node.js 22 with the AWS SDK v3 it ships, Arm) in the private subnets, with a 443-only
 * egress group, its own encrypted log group, and a role that may do what the check reads and nothing else. An
 * EventBridge schedule on the default bus invokes it every `everyMinutes` (a scheduled rule needs no CloudTrail and no
 * event from the thing it checks). The handler throws when the check fails; two alarms page:
 * - `<name>-failing`: `AWS/Lambda Errors` above 0 in `failedRunsToPage` consecutive runs' periods (a failed check, or the
 *   check itself broken: an AccessDenied pages too, and its log says which);
 * - `<name>-not-running`: `AWS/Lambda Invocations` below 1 for `failedRunsToPage` periods of two runs each, with missing
 *   data breaching: a deleted or disabled schedule, a broken permission, a function that no longer exists. Lambda
 *   publishes Invocations only for periods with invocations (Lambda developer guide, "Using CloudWatch metrics with
 *   Lambda"), so silence is the failure.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsContext } from "../lib/aws-context";
import { createEncryptedLogGroup, KeyAdministrators, PolicyStatement } from "../lib/kms";
import { serviceTrustPolicy } from "../lib/iam";
import { LOG_RETENTION_DAYS } from "../network";

/** The runtime: Node.js 22 ships the AWS SDK for JavaScript v3 (Lambda developer guide, "Building Lambda functions with Node.js"). */
export const SCHEDULED_CHECK_RUNTIME = "nodejs22.x";

export interface ScheduledCheckArgs {
  /** What it checks, in one sentence: the function's description and the alarms'. */
  readonly description: string;
  /** The handler: an ES module (`index.mjs`) exporting `handler`, which throws when the check fails. */
  readonly code: string;
  /** Environment variables the handler reads. @default {} */
  readonly environment?: Readonly<Record<string, pulumi.Input<string>>>;
  /** What the check may read (its role's statements beyond its logs and the VPC). @default [] */
  readonly statements?: readonly PolicyStatement[];
  /** Minutes between runs (an EventBridge `rate()`), 1-60. @default 15 */
  readonly everyMinutes?: number;
  /** Consecutive failed runs (or silent periods) before it pages, 1-10. @default 2 */
  readonly failedRunsToPage?: number;
  /** Seconds a run may take, 3-300. @default 30 */
  readonly timeoutSeconds?: number;
  /** The private subnets it runs in; its calls leave through the NAT. */
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  readonly vpcId: pulumi.Input<string>;
  /** The topic both alarms page (in this region: an alarm notifies a topic of its own region). */
  readonly pageTopicArn: pulumi.Input<string>;
  /** Days its logs are kept (a CloudWatch Logs retention). @default 90 */
  readonly logRetentionDays?: number;
  /** The log group key's deletion window, 7-30 days. @default 30 */
  readonly keyDeletionWindowDays?: number;
  /** An existing key for the log group (its policy must let CloudWatch Logs use it for this group). @default undefined (one of its own) */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /** The stack's permissions boundary, on the function's role. @default undefined (none) */
  readonly permissionsBoundary?: pulumi.Input<string>;
  /** Who administers the log group's own key (lib/kms.ts, keyAdministrationStatements). @default undefined (the account root statement) */
  readonly keyAdministrators?: KeyAdministrators;
}

/** The log group a ScheduledCheck named `name` writes to (Lambda's own name for it). */
export function scheduledCheckLogGroupName(name: string): string {
  return `/aws/lambda/${name}`;
}

type Defaulted = "environment" | "statements" | "everyMinutes" | "failedRunsToPage" | "timeoutSeconds" | "logRetentionDays" | "keyDeletionWindowDays";
export type ResolvedScheduledCheckArgs = Omit<ScheduledCheckArgs, Defaulted> & Required<Pick<ScheduledCheckArgs, Defaulted>>;

/** Applies the documented defaults. The single place they live. */
export function resolveScheduledCheckArgs(args: ScheduledCheckArgs): ResolvedScheduledCheckArgs {
  return {
    ...args,
    environment: args.environment ?? {},
    statements: args.statements ?? [],
    everyMinutes: args.everyMinutes ?? 15,
    failedRunsToPage: args.failedRunsToPage ?? 2,
    timeoutSeconds: args.timeoutSeconds ?? 30,
    logRetentionDays: args.logRetentionDays ?? 90,
    keyDeletionWindowDays: args.keyDeletionWindowDays ?? 30,
  };
}

const isInt = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;

/**
 * Throws an Error naming the argument. The function's name is the component's: at most 64 characters of letters,
 * digits, `-` and `_` (Lambda API reference, CreateFunction, FunctionName); the rule's too (EventBridge PutRule, Name).
 */
export function validateScheduledCheckArgs(name: string, args: ResolvedScheduledCheckArgs): void {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) throw new Error(`name must be 1-64 letters, digits, '-' or '_' (the function's and the rule's name), got "${name}"`);
  if (!isInt(args.everyMinutes, 1, 60)) throw new Error(`everyMinutes must be an integer from 1 to 60, got ${args.everyMinutes}`);
  if (!isInt(args.failedRunsToPage, 1, 10)) throw new Error(`failedRunsToPage must be an integer from 1 to 10, got ${args.failedRunsToPage}`);
  if (!isInt(args.timeoutSeconds, 3, 300)) throw new Error(`timeoutSeconds must be an integer from 3 to 300, got ${args.timeoutSeconds}`);
  if (args.timeoutSeconds >= args.everyMinutes * 60) throw new Error(`timeoutSeconds must be shorter than a run's interval (${args.everyMinutes * 60} s), got ${args.timeoutSeconds}`);
  if (!(LOG_RETENTION_DAYS as readonly number[]).includes(args.logRetentionDays)) {
    throw new Error(`logRetentionDays must be one of ${LOG_RETENTION_DAYS.join(", ")} (the values CloudWatch Logs accepts), got ${args.logRetentionDays}`);
  }
  if (!isInt(args.keyDeletionWindowDays, 7, 30)) throw new Error(`keyDeletionWindowDays must be an integer from 7 to 30, got ${args.keyDeletionWindowDays}`);
}

/** The schedule: EventBridge's `rate(value unit)`, singular for 1 (EventBridge user guide, "Schedule expressions for rules"). */
export const rateExpression = (minutes: number) => `rate(${minutes} ${minutes === 1 ? "minute" : "minutes"})`;

export class ScheduledCheck extends pulumi.ComponentResource {
  public readonly functionName: pulumi.Output<string>;
  /** The alarm on failed runs, and the one on runs that stopped: both page. */
  public readonly failingAlarmName: pulumi.Output<string>;
  public readonly notRunningAlarmName: pulumi.Output<string>;

  constructor(name: string, args: ScheduledCheckArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("credlink:ops:ScheduledCheck", name, {}, opts);
    const resolved = resolveScheduledCheckArgs(args);
    validateScheduledCheckArgs(name, resolved);
    const ctx = awsContext(this);

    const fn = this.createFunction(name, resolved, ctx);
    this.schedule(name, resolved, fn);
    const [failing, notRunning] = this.createAlarms(name, resolved, fn);

    this.functionName = fn.name;
    this.failingAlarmName = failing.name;
    this.notRunningAlarmName = notRunning.name;
    this.registerOutputs({ functionName: this.functionName, failingAlarmName: this.failingAlarmName, notRunningAlarmName: this.notRunningAlarmName });
  }

  /** The function, its log group (and key), its 443-only security group and its role. */
  private createFunction(name: string, args: ResolvedScheduledCheckArgs, ctx: ReturnType<typeof awsContext>): aws.lambda.Function {
    const { logGroup, logGroupArn } = createEncryptedLogGroup(
      name,
      {
        logGroupName: scheduledCheckLogGroupName(name),
        retentionInDays: args.logRetentionDays,
        keyDescription: `CredLink ${name}: encrypts the check's logs`,
        kmsKeyArn: args.kmsKeyArn,
        keyDeletionWindowDays: args.keyDeletionWindowDays,
        keyAdministrators: args.keyAdministrators,
      },
      ctx,
      this,
    );
    const securityGroup = new aws.ec2.SecurityGroup(
      name,
      { vpcId: args.vpcId, description: `CredLink ${name}: the scheduled check (no ingress; HTTPS out only)` },
      { parent: this },
    );
    new aws.vpc.SecurityGroupEgressRule(
      `${name}-https`,
      { securityGroupId: securityGroup.id, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0", description: "HTTPS to the AWS APIs and the endpoint it checks, through the NAT" },
      { parent: this },
    );
    const role = new aws.iam.Role(
      name,
      { description: `CredLink ${name}: the scheduled check; reads what it checks and writes its logs`, assumeRolePolicy: serviceTrustPolicy("lambda.amazonaws.com", ctx), permissionsBoundary: args.permissionsBoundary },
      { parent: this },
    );
    const policy = new aws.iam.RolePolicy(
      name,
      { role: role.id, policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: [...args.statements, ...scheduledCheckBaseStatements(logGroupArn)] }) },
      { parent: this },
    );
    return new aws.lambda.Function(
      name,
      {
        name,
        description: args.description.slice(0, 256),
        runtime: SCHEDULED_CHECK_RUNTIME,
        architectures: ["arm64"],
        handler: "index.handler",
        code: new pulumi.asset.AssetArchive({ "index.mjs": new pulumi.asset.StringAsset(args.code) }),
        role: role.arn,
        memorySize: 128,
        timeout: args.timeoutSeconds,
        vpcConfig: { subnetIds: args.subnetIds, securityGroupIds: [securityGroup.id] },
        loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
        environment: { variables: { ...args.environment } },
        tracingConfig: { mode: "PassThrough" },
      },
      // Its first run writes logs as the role: the policy and the group exist by then.
      { parent: this, dependsOn: [policy, logGroup] },
    );
  }

  /** The EventBridge schedule, its target, and the permission that lets exactly that rule invoke the function. */
  private schedule(name: string, args: ResolvedScheduledCheckArgs, fn: aws.lambda.Function): void {
    const rule = new aws.cloudwatch.EventRule(name, { name, description: `CredLink ${name}: runs the check ${rateExpression(args.everyMinutes)}`, scheduleExpression: rateExpression(args.everyMinutes) }, { parent: this });
    // EventBridge invokes a Lambda target through the function's resource policy, with the rule as source (EventBridge
    // user guide, "Using resource-based policies for Amazon EventBridge", AWS Lambda permissions).
    const permission = new aws.lambda.Permission(name, { action: "lambda:InvokeFunction", function: fn.name, principal: "events.amazonaws.com", sourceArn: rule.arn }, { parent: this });
    new aws.cloudwatch.EventTarget(name, { rule: rule.name, arn: fn.arn }, { parent: this, dependsOn: [permission] });
  }

  /** The two alarms, both to the page topic (and back to OK there). */
  private createAlarms(name: string, args: ResolvedScheduledCheckArgs, fn: aws.lambda.Function): [aws.cloudwatch.MetricAlarm, aws.cloudwatch.MetricAlarm] {
    const common = {
      namespace: "AWS/Lambda",
      dimensions: { FunctionName: fn.name },
      statistic: "Sum",
      evaluationPeriods: args.failedRunsToPage,
      datapointsToAlarm: args.failedRunsToPage,
      alarmActions: [args.pageTopicArn],
      okActions: [args.pageTopicArn],
    };
    const failing = new aws.cloudwatch.MetricAlarm(
      `${name}-failing`,
      {
        ...common,
        alarmDescription: `[page] CredLink ${name}: ${args.description}: the check failed ${args.failedRunsToPage} run(s) in a row; its log group /aws/lambda/${name} says why`,
        metricName: "Errors",
        period: args.everyMinutes * 60,
        comparisonOperator: "GreaterThanThreshold",
        threshold: 0,
        // A period without a run is the other alarm's: this one judges the runs that happened.
        treatMissingData: "notBreaching",
      },
      { parent: this },
    );
    const notRunning = new aws.cloudwatch.MetricAlarm(
      `${name}-not-running`,
      {
        ...common,
        alarmDescription: `[page] CredLink ${name}: the check has not run for ${args.failedRunsToPage * 2 * args.everyMinutes} minutes (its schedule, its permission or the function is gone): nothing is checking that ${args.description}`,
        metricName: "Invocations",
        // Two runs' worth per period: a run a little late never leaves a period empty.
        period: 2 * args.everyMinutes * 60,
        comparisonOperator: "LessThanThreshold",
        threshold: 1,
        // No invocations, no datapoint: the silence is the failure.
        treatMissingData: "breaching",
      },
      { parent: this },
    );
    return [failing, notRunning];
  }
}

/** The function's own needs: its log streams, and the network interfaces Lambda attaches it to the VPC with. */
export function scheduledCheckBaseStatements(logGroupArn: pulumi.Input<string>): PolicyStatement[] {
  return [
    { Sid: "WriteItsLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: pulumi.interpolate`${logGroupArn}:*` },
    {
      // Lambda attaches the function to the VPC through network interfaces; these EC2 actions take no resource ARNs.
      Sid: "RunInTheVpc",
      Effect: "Allow",
      Action: ["ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"],
      Resource: "*",
    },
  ];
}
