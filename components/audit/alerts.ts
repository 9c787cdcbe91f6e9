/**
 * credlink:audit:TamperAlerts: EventBridge rules that page, within minutes, on any attempt to erase the evidence or to
 * blind the record of it, in one region. The stack builds one per region it uses (primary and DR): CloudTrail delivers
 * each region's management events to that region's default event bus, and an SNS target must be in the rule's own
 * region (EventBridge user guide, "Targets": an SNS topic is a same-Region target; only an event bus may be in another
 * Region). So the DR region's rules page through a topic in the DR region.
 *
 * The rules read CloudTrail's "AWS API Call via CloudTrail" events (management events: EventBridge receives them with
 * or without a trail) and the console sign-in events, and match attempts as well as successes (a call the policies
 * refused is recorded with its errorCode, and pages too):
 * - kms: ScheduleKeyDeletion, DisableKey, PutKeyPolicy on any key;
 * - proof buckets: PutBucketPolicy, DeleteBucketPolicy, PutBucketObjectLockConfiguration, PutBucketVersioning on the
 *   named buckets (the record, its replica, the trail's bucket);
 * - IAM: role, policy, user and identity-provider changes by anyone but the deploy role (IAM is a global service whose
 *   events reach EventBridge in us-east-1 only: these rules exist only where `globalEvents` is set);
 * - root: a console sign-in or an API call as the account root (root sign-ins are recorded in us-east-1: CloudTrail
 *   user guide, "AWS Management Console sign-in events"; root API calls in the region they are made in);
 * - cloudtrail: StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors;
 * - backup: DeleteBackupVaultLockConfiguration, DeleteRecoveryPoint (not AWS Backup's own lifecycle deletions),
 *   DeleteBackupVault, Put/DeleteBackupVaultAccessPolicy;
 * - guardduty: DeleteDetector, UpdateDetector, CreateFilter, UpdateFilter (an archive filter hides findings);
 * - the pager itself: an EventBridge rule deleted, disabled or stripped of its targets, a topic deleted or a
 *   subscription removed, alarms deleted or their actions disabled (blinding the pages is the step before erasing).
 * Each rule publishes to the page topic; a dropped delivery alarms on the notify topic (lib/event-route).
 */
import * as pulumi from "@pulumi/pulumi";
import { awsContext } from "../lib/aws-context";
import { createEventRoute } from "../lib/event-route";

const API_CALL = "AWS API Call via CloudTrail";
/** The console sign-in events' detail-type (EventBridge user guide, "AWS service events delivered via AWS CloudTrail"). */
const SIGN_IN = "AWS Console Sign In via CloudTrail";

/** One tamper rule: what it matches, and the runbook a page links to. */
export interface TamperRule {
  /** The rule's role: its name is `<component>-<id>`, its runbook `docs/runbooks/audit-<id>.md`. */
  readonly id: string;
  /** What it pages on, in a sentence. */
  readonly what: string;
  /** Only where IAM and sign-in events arrive (us-east-1). */
  readonly global: boolean;
}

/** The rules, in the order they are created. */
export const TAMPER_RULES: readonly TamperRule[] = [
  { id: "key-tampering", what: "a KMS key scheduled for deletion, disabled, or given a new key policy", global: false },
  { id: "proof-bucket-policy", what: "a proof or trail bucket's policy, Object Lock or versioning changed or removed", global: false },
  { id: "iam-change", what: "an IAM role, policy, user or identity provider changed by anyone but the deploy role", global: true },
  { id: "root-activity", what: "the account root signed in to the console or called an API", global: false },
  { id: "trail-tampering", what: "a CloudTrail trail stopped, deleted, or changed", global: false },
  { id: "backup-tampering", what: "a vault lock, vault access policy, vault or recovery point deleted (or attempted)", global: false },
  { id: "guardduty-tampering", what: "the GuardDuty detector deleted or changed, or a findings filter written", global: false },
  { id: "alerting-tampering", what: "an EventBridge rule, an alert topic or subscription, or alarms deleted or silenced", global: false },
];

/** The IAM write calls that change who can do what (roles, policies, users, groups, access keys, identity providers). */
export const IAM_CHANGE_EVENTS = [
  "CreateRole", "DeleteRole", "UpdateRole", "UpdateAssumeRolePolicy", "PutRolePolicy", "DeleteRolePolicy", "AttachRolePolicy", "DetachRolePolicy",
  "PutRolePermissionsBoundary", "DeleteRolePermissionsBoundary", "CreatePolicy", "DeletePolicy", "CreatePolicyVersion", "DeletePolicyVersion",
  "SetDefaultPolicyVersion", "CreateUser", "DeleteUser", "CreateAccessKey", "UpdateAccessKey", "CreateLoginProfile", "UpdateLoginProfile",
  "AttachUserPolicy", "PutUserPolicy", "AddUserToGroup", "AttachGroupPolicy", "PutGroupPolicy", "PutUserPermissionsBoundary",
  "CreateOpenIDConnectProvider", "UpdateOpenIDConnectProviderThumbprint", "AddClientIDToOpenIDConnectProvider", "DeleteOpenIDConnectProvider",
  "CreateSAMLProvider", "UpdateSAMLProvider", "DeleteSAMLProvider",
] as const;

export interface TamperAlertsArgs {
  /** The page topic, in this component's region: every rule publishes here. */
  readonly pageTopicArn: pulumi.Input<string>;
  /** The notify topic, in this component's region: the rules' delivery alarms go here. */
  readonly notifyTopicArn: pulumi.Input<string>;
  /** The buckets in this region whose policy, lock or versioning changes page (names). */
  readonly protectedBucketNames: readonly pulumi.Input<string>[];
  /**
   * The deploy role's name: its IAM changes (the stack's own roles) do not page; anyone else's do. @default undefined
   * (every IAM change pages)
   */
  readonly deployRoleName?: pulumi.Input<string>;
  /** The IAM and sign-in rules: only in us-east-1, where those events arrive. @default false */
  readonly globalEvents?: boolean;
  /** Where the runbooks live: a repository path or a URL base; `<base>/audit-<id>.md`. @default "docs/runbooks" */
  readonly runbookBase?: string;
}

/** Applies the documented defaults. The single place they live. */
export function resolveTamperAlertsArgs(args: TamperAlertsArgs): TamperAlertsArgs & { readonly globalEvents: boolean; readonly runbookBase: string } {
  return { ...args, globalEvents: args.globalEvents ?? false, runbookBase: args.runbookBase ?? "docs/runbooks" };
}

/** Throws an Error naming the argument, the value and what is allowed. */
export function validateTamperAlertsArgs(args: ReturnType<typeof resolveTamperAlertsArgs>): void {
  if (args.protectedBucketNames.length === 0) throw new Error("protectedBucketNames must name the proof buckets of this region, got []");
  if (!/^[A-Za-z0-9:/._~%+-]+$/.test(args.runbookBase) || args.runbookBase.endsWith("/")) {
    throw new Error(`runbookBase must be a repository path or a URL without a trailing "/" (letters, digits and :/._~%+-), got "${args.runbookBase}"`);
  }
}

/** The runbook a rule's page links to. */
export const tamperRunbook = (base: string, id: string) => `${base}/audit-${id}.md`;

/** The event pattern of one rule. Pure, so tests and the pack read the same patterns. */
export function tamperPattern(id: string, args: Pick<TamperAlertsArgs, "protectedBucketNames" | "deployRoleName">, accountId: pulumi.Input<string>, partition: pulumi.Input<string>): Record<string, unknown> {
  const call = (source: string, eventSource: string, eventNames: readonly string[], more: Record<string, unknown> = {}) => ({
    source: [source],
    "detail-type": [API_CALL],
    detail: { eventSource: [eventSource], eventName: [...eventNames], ...more },
  });
  switch (id) {
    case "key-tampering":
      return call("aws.kms", "kms.amazonaws.com", ["ScheduleKeyDeletion", "DisableKey", "PutKeyPolicy"]);
    case "proof-bucket-policy":
      return call("aws.s3", "s3.amazonaws.com", ["PutBucketPolicy", "DeleteBucketPolicy", "PutBucketObjectLockConfiguration", "PutBucketVersioning"], {
        requestParameters: { bucketName: [...args.protectedBucketNames] },
      });
    case "iam-change":
      return call(
        "aws.iam",
        "iam.amazonaws.com",
        IAM_CHANGE_EVENTS,
        args.deployRoleName === undefined
          ? {}
          : // The deploy role's sessions: arn:<partition>:sts::<account>:assumed-role/<name>/<session>. `anything-but` with a
            // prefix: EventBridge user guide, "Content filtering in event patterns", Anything-but matching.
            { userIdentity: { arn: [{ "anything-but": { prefix: pulumi.interpolate`arn:${partition}:sts::${accountId}:assumed-role/${args.deployRoleName}/` } }] } },
      );
    case "root-activity":
      return { "detail-type": [SIGN_IN, API_CALL], detail: { userIdentity: { type: ["Root"] } } };
    case "trail-tampering":
      return call("aws.cloudtrail", "cloudtrail.amazonaws.com", ["StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors"]);
    case "backup-tampering":
      // AWS Backup deleting recovery points at the end of their lifecycle is not an attack: events it invokes itself
      // are left out (a value array is an OR: no invokedBy, or one other than Backup's).
      return call("aws.backup", "backup.amazonaws.com", ["DeleteBackupVaultLockConfiguration", "DeleteRecoveryPoint", "DeleteBackupVault", "PutBackupVaultAccessPolicy", "DeleteBackupVaultAccessPolicy"], {
        userIdentity: { invokedBy: [{ exists: false }, { "anything-but": "backup.amazonaws.com" }] },
      });
    case "guardduty-tampering":
      return call("aws.guardduty", "guardduty.amazonaws.com", ["DeleteDetector", "UpdateDetector", "CreateFilter", "UpdateFilter"]);
    case "alerting-tampering":
      // The event names are distinct across the three services, so one list serves all three sources.
      return {
        source: ["aws.events", "aws.sns", "aws.monitoring"],
        "detail-type": [API_CALL],
        detail: {
          eventSource: ["events.amazonaws.com", "sns.amazonaws.com", "monitoring.amazonaws.com"],
          eventName: ["DeleteRule", "DisableRule", "RemoveTargets", "DeleteTopic", "Unsubscribe", "DeleteAlarms", "DisableAlarmActions"],
        },
      };
    default:
      throw new Error(`no tamper rule "${id}"`);
  }
}

/** The rules of one region. Children: `${name}-<id>` (rule and target) and `${name}-<id>-failed-invocations`. */
export class TamperAlerts extends pulumi.ComponentResource {
  /** The rules' names, by id. */
  public readonly ruleNames: Record<string, pulumi.Output<string>> = {};

  constructor(name: string, args: TamperAlertsArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("credlink:audit:TamperAlerts", name, {}, opts);
    const resolved = resolveTamperAlertsArgs(args);
    validateTamperAlertsArgs(resolved);
    // The account and partition for the deploy role's session prefix, through this component's provider.
    const { accountId, partition } = awsContext(this);
    for (const rule of TAMPER_RULES.filter((r) => resolved.globalEvents || !r.global)) {
      const ruleName = `${name}-${rule.id}`;
      const { rule: created } = createEventRoute(
        ruleName,
        {
          ruleName,
          description: `CredLink: ${rule.what}. Pages. Runbook: ${tamperRunbook(resolved.runbookBase, rule.id)}`,
          pattern: tamperPattern(rule.id, resolved, accountId, partition),
          topicArn: resolved.pageTopicArn,
          alarmTopicArn: resolved.notifyTopicArn,
        },
        this,
      );
      this.ruleNames[rule.id] = created.name;
    }
    this.registerOutputs({ ruleNames: this.ruleNames });
  }
}
