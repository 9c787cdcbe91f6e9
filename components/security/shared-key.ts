/**
 * One customer managed key for a whole stack (`credlink:kms.keyPerStore: false`, a cost lever): $1/month instead of one
 * per store. Every component takes it as `kmsKeyArn` and then creates no key of its own, so the key policy here must
 * let every service that encrypts with it do so, each under the same conditions its own key would have had:
 * - RDS, ElastiCache, Secrets Manager, S3, ECR and AWS Backup (the vault) through `kms:ViaService` for principals of this account;
 * - CloudWatch Logs for the named log groups only (encryption context `aws:logs:arn`);
 * - the log delivery service for this account's vended logs in S3 (the VPC flow-log bucket);
 * - the alarm, rule and budget publishers of the SNS alert topics (the Alerting key's statements);
 * - CloudTrail, for the account's trail when this stack builds it.
 * The trade-off: one key's policy is the union, so a principal allowed to use it through one of these services can
 * use it for any data that service stores with it; a key per store keeps each store's blast radius apart (prod).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext, awsContext } from "../lib/aws-context";
import { cloudWatchLogsStatement, createKmsKey, KeyAdministrators, logDeliveryKeyStatement, PolicyStatement, viaServiceStatement } from "../lib/kms";
import { ALERT_PUBLISHERS, alertTopicArnPatterns, publisherKeyStatement } from "../ops";
import { cloudTrailKeyStatements } from "../audit/trail";

/** The AWS services that encrypt the stack's stores through `kms:ViaService` (each as `<service>.<region>.amazonaws.com`). */
export const SHARED_KEY_VIA_SERVICES = ["rds", "elasticache", "secretsmanager", "s3", "ecr", "backup"] as const;

export interface SharedKeyArgs {
  /**
   * The log groups CloudWatch Logs may encrypt with the key: names, or name patterns with `*` (matched with ArnLike on
   * the `aws:logs:arn` encryption context), e.g. `/credlink/ecs/credlink-dev` or `/aws/rds/instance/credlink-dev-db/*`.
   */
  readonly logGroupNames: readonly string[];
  /** Deletion window of the key, 7–30 days. @default 30 */
  readonly keyDeletionWindowDays?: number;
  /** Protect and retain the key (it encrypts retained data in prod). @default false */
  readonly protect?: boolean;
  /**
   * The name of the credlink:ops:Alerting component whose topics the key encrypts: EventBridge may use the key for
   * those topics only (by the `aws:sns:topicArn` encryption context; see Alerting's publisherKeyStatement).
   */
  readonly alertingName: string;
  /**
   * The name of the account's CloudTrail trail, when this stack builds it (it owns the account baseline): CloudTrail may
   * encrypt that trail's log files with the key (credlink:audit:Trail's cloudTrailKeyStatements). @default undefined (no trail)
   */
  readonly trailName?: string;
  /**
   * Who administers the customer managed key(s) this component creates: the break-glass role, and the deploy role
   * for key policies only (lib/kms KeyAdministrators). @default undefined (the account root statement)
   */
  readonly keyAdministrators?: KeyAdministrators;
}

/** Validates the arguments; throws an Error naming the argument, the value and what is allowed. */
export function validateSharedKeyArgs(args: SharedKeyArgs): void {
  if (args.logGroupNames.length === 0) throw new Error("logGroupNames must name at least one log group, got []");
  for (const n of args.logGroupNames) {
    if (!/^[.\-_/#A-Za-z0-9*]{1,512}$/.test(n)) {
      throw new Error(`logGroupNames must be CloudWatch log group names (letters, digits and ._-/#, with * as a wildcard), got "${n}"`);
    }
  }
  const days = args.keyDeletionWindowDays ?? 30;
  if (!Number.isInteger(days) || days < 7 || days > 30) throw new Error(`keyDeletionWindowDays must be an integer from 7 to 30, got ${days}`);
}

/** The key policy statements beyond the account-root one. Pure, so a test can compare the whole policy. */
export function sharedKeyStatements(args: SharedKeyArgs, ctx: AwsContext): PolicyStatement[] {
  const logGroupArn = (n: string) => pulumi.interpolate`arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:log-group:${n}`;
  return [
    viaServiceStatement(
      "AllowStoresOfThisStackInThisAccount",
      SHARED_KEY_VIA_SERVICES.map((s) => pulumi.interpolate`${s}.${ctx.region}.amazonaws.com`),
      ctx,
    ),
    cloudWatchLogsStatement("AllowCloudWatchLogsForTheseLogGroups", args.logGroupNames.map(logGroupArn), ctx, "ArnLike"),
    logDeliveryKeyStatement(ctx),
    ...ALERT_PUBLISHERS.map((p) => publisherKeyStatement(p, ctx, alertTopicArnPatterns(args.alertingName, ctx))),
    ...(args.trailName === undefined ? [] : cloudTrailKeyStatements(args.trailName, ctx)),
  ];
}

/** A stack's single customer managed key, `credlink:security:SharedKey`; children named `name`. */
export class SharedKey extends pulumi.ComponentResource {
  public readonly keyArn: pulumi.Output<string>;
  public readonly key: aws.kms.Key;

  constructor(name: string, args: SharedKeyArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("credlink:security:SharedKey", name, {}, opts);
    validateSharedKeyArgs(args);
    const ctx = awsContext(this);
    const { key } = createKmsKey(
      name,
      {
        description: `CredLink ${name}: the one key of this stack (logs, RDS, ElastiCache, Secrets Manager, S3, ECR, Backup, SNS alerts)`,
        deletionWindowInDays: args.keyDeletionWindowDays ?? 30,
        statements: sharedKeyStatements(args, ctx),
        administrators: args.keyAdministrators,
      },
      ctx,
      this,
      { protect: args.protect ?? false },
    );
    this.key = key;
    this.keyArn = key.arn;
    this.registerOutputs({ keyArn: this.keyArn });
  }
}
