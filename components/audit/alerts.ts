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
 * - kms: ScheduleKeyDeletion, DisableKey, PutKeyPolicy on any key; CreateKey with the lockout safety check bypassed
 *   (a key whose policy may leave nobody able to repair it);
 * - proof buckets: PutBucketPolicy, DeleteBucketPolicy, PutBucketObjectLockConfiguration, PutBucketVersioning on the
 *   named buckets (the record, its replica, the trail's bucket);
 * - IAM: role, policy, user and identity-provider changes by anyone but the deploy role (IAM is a global service whose
 *   events reach EventBridge in us-east-1 only: these rules exist only where `globalEvents` is set);
 * - root: a console sign-in or an API call as the account root (root sign-ins are recorded in us-east-1: CloudTrail
 *   user guide, "AWS Management Console sign-in events"; root API calls in the region they are made in);
 * - cloudtrail: StopLogging, DeleteTrail, UpdateTrail, PutInsightSelectors on any trail (the account has one, this
 *   one), and PutEventSelectors by anyone but the deploy role; a log group's key, retention or existence changed
 *   (AssociateKmsKey, DisassociateKmsKey, PutRetentionPolicy, DeleteRetentionPolicy, DeleteLogGroup) by anyone but the
 *   deploy role (RDS's own RDSOSMetrics group left out: enhanced monitoring sets its retention);
 * - backup: DeleteBackupVaultLockConfiguration, DeleteRecoveryPoint (not AWS Backup's own lifecycle deletions),
 *   DeleteBackupVault, Put/DeleteBackupVaultAccessPolicy; the stack's plan deleted or its selection deleted; the plan
 *   changed by anyone but the deploy role;
 * - guardduty: DeleteDetector, UpdateDetector, CreateFilter, UpdateFilter (an archive filter hides findings);
 * - the pager itself (blinding the pages is the step before erasing), on the stack's rules, alarms and alert topics,
 *   a rule's pattern or targets rewritten, a topic's attributes (its policy, its key) set, a subscription added or
 *   refiltered, an alarm written, by anyone but the deploy role; a rule deleted, disabled or stripped of its targets,
 *   a topic deleted, a subscription removed, alarms deleted or silenced, by anyone (PAGER_CALLS).
 *
 * The deploy role's own calls: what a `pulumi up` makes (writing rules, targets, alarms, subscriptions, topic
 * attributes, the trail's selectors, the backup plan) pages only when someone else makes it, as the IAM rule does, so
 * on-call never learns to ignore these pages; what the program never calls and its guardrails deny it pages whoever
 * calls it where a rule of its own holds it (a trail stopped, the plan deleted). Names scope the calls to this stack's
 * resources: the stack's rules and alarms are named under `resourceNamePrefixes` (a test holds every rule and alarm of
 * prod to them), its topics are the two alert topics of the region, its plan is `backupPlanIds`.
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
  { id: "key-tampering", what: "a KMS key scheduled for deletion, disabled, or given a new key policy, or a key created with the lockout safety check bypassed", global: false },
  { id: "proof-bucket-policy", what: "a proof or trail bucket's policy, Object Lock or versioning changed or removed", global: false },
  { id: "iam-change", what: "an IAM role, policy, user or identity provider changed by anyone but the deploy role", global: true },
  { id: "root-activity", what: "the account root signed in to the console or called an API", global: false },
  {
    id: "trail-tampering",
    what: "a CloudTrail trail stopped, deleted, or changed (its selectors by anyone but the deploy role), or a log group's key, retention or existence changed by anyone but the deploy role",
    global: false,
  },
  {
    id: "backup-tampering",
    what: "a vault lock, vault access policy, vault or recovery point deleted, the backup plan or its selection deleted (or attempted), or the plan changed by anyone but the deploy role",
    global: false,
  },
  { id: "guardduty-tampering", what: "the GuardDuty detector deleted or changed, or a findings filter written", global: false },
  {
    id: "alerting-tampering",
    what: "a stack's EventBridge rule, alarm, alert topic or subscription rewritten, silenced or deleted by anyone but the deploy role",
    global: false,
  },
];

/**
 * The EventBridge, SNS and CloudWatch calls that change what pages. `writes`, by the request parameter that names the
 * resource (CloudTrail records each request's parameters): a rule's `name` (PutRule), a target's `rule` (PutTargets),
 * a topic's `topicArn` (SetTopicAttributes: its policy, its key; Subscribe), a subscription's `subscriptionArn`
 * (SetSubscriptionAttributes: its filter policy), an alarm's `alarmName` (PutMetricAlarm, PutCompositeAlarm): a
 * `pulumi up` makes them, so they page when anyone but the deploy role does. `removals` take a pager apart (a rule
 * deleted, disabled or without its targets, a topic deleted, a subscription removed, alarms deleted or silenced): they
 * page whoever makes them, the deploy role included (an `up` whose plan removes one is announced; a compromised run
 * that removes PagerDuty's subscription or a tamper rule's target would otherwise leave the heartbeat green), on any
 * resource of the account (the names would not fit EventBridge's pattern quota twice), but those AWS services make on
 * their own (Application Auto Scaling's target-tracking alarms: `invokedBy`). The event names are distinct across the
 * three services.
 */
export const PAGER_CALLS = {
  writes: {
    name: ["PutRule"],
    rule: ["PutTargets"],
    topicArn: ["SetTopicAttributes", "Subscribe"],
    subscriptionArn: ["SetSubscriptionAttributes"],
    alarmName: ["PutMetricAlarm", "PutCompositeAlarm"],
  },
  removals: ["DeleteRule", "DisableRule", "RemoveTargets", "DeleteTopic", "Unsubscribe", "DeleteAlarms", "DisableAlarmActions"],
} as const;

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
   * The prefixes every EventBridge rule and CloudWatch alarm of the stack is named under (`<project>-<stack>-`, and the
   * account baseline's `<project>-account-`): the pager's calls page on these only.
   */
  readonly resourceNamePrefixes: readonly string[];
  /** The stack's backup plans in this region (ids): their change or deletion, or a selection's, pages. @default [] */
  readonly backupPlanIds?: readonly pulumi.Input<string>[];
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
export function resolveTamperAlertsArgs(
  args: TamperAlertsArgs,
): TamperAlertsArgs & { readonly globalEvents: boolean; readonly runbookBase: string; readonly backupPlanIds: readonly pulumi.Input<string>[] } {
  return { ...args, globalEvents: args.globalEvents ?? false, runbookBase: args.runbookBase ?? "docs/runbooks", backupPlanIds: args.backupPlanIds ?? [] };
}

/**
 * A name prefix of EventBridge rules and alarms: letters, digits, `.`, `-`, `_` (PutRule Name), ending in `-`, so a
 * prefix never matches another stack's name that merely starts alike (`credlink-prod` would match `credlink-production-`).
 */
export const NAME_PREFIX_PATTERN = /^[A-Za-z0-9._-]{1,63}-$/;

/** Throws an Error naming the argument, the value and what is allowed. */
export function validateTamperAlertsArgs(args: ReturnType<typeof resolveTamperAlertsArgs>): void {
  if (args.protectedBucketNames.length === 0) throw new Error("protectedBucketNames must name the proof buckets of this region, got []");
  if (args.resourceNamePrefixes.length === 0) throw new Error("resourceNamePrefixes must name the prefixes of the stack's rules and alarms, got []");
  for (const prefix of args.resourceNamePrefixes) {
    if (!NAME_PREFIX_PATTERN.test(prefix)) throw new Error(`resourceNamePrefixes must be 2-64 letters, digits, '.', '_' or '-' ending in '-' (a whole name part), got "${prefix}"`);
  }
  if (!/^[A-Za-z0-9:/._~%+-]+$/.test(args.runbookBase) || args.runbookBase.endsWith("/")) {
    throw new Error(`runbookBase must be a repository path or a URL without a trailing "/" (letters, digits and :/._~%+-), got "${args.runbookBase}"`);
  }
}

/** The runbook a rule's page links to. */
export const tamperRunbook = (base: string, id: string) => `${base}/audit-${id}.md`;

/**
 * One pattern of several alternatives: EventBridge's `$or` (EventBridge user guide, "Comparison operators for use in
 * event patterns", Or), or the one alternative itself.
 */
function anyOf(alternatives: readonly Record<string, unknown>[]): Record<string, unknown> {
  return alternatives.length === 1 ? alternatives[0] : { $or: alternatives };
}

/** The event pattern of one rule. Pure, so tests and the pack read the same patterns. */
export function tamperPattern(
  id: string,
  args: Pick<TamperAlertsArgs, "protectedBucketNames" | "deployRoleName" | "resourceNamePrefixes" | "backupPlanIds" | "pageTopicArn" | "notifyTopicArn">,
  accountId: pulumi.Input<string>,
  partition: pulumi.Input<string>,
): Record<string, unknown> {
  const call = (source: string, eventSource: string, eventNames: readonly string[], more: Record<string, unknown> = {}) => ({
    source: [source],
    "detail-type": [API_CALL],
    detail: { eventSource: [eventSource], eventName: [...eventNames], ...more },
  });
  // The deploy role's sessions: arn:<partition>:sts::<account>:assumed-role/<name>/<session>. `anything-but` with a
  // prefix: EventBridge user guide, "Content filtering in event patterns", Anything-but matching.
  const deploySessions = args.deployRoleName === undefined ? undefined : pulumi.interpolate`arn:${partition}:sts::${accountId}:assumed-role/${args.deployRoleName}/`;
  // Anyone but the deploy role, anonymous callers included (an email's unsubscribe link has no ARN; anything-but
  // alone never matches a missing field): a value array is an OR.
  const notTheDeployRole = deploySessions === undefined ? {} : { userIdentity: { arn: [{ "anything-but": { prefix: deploySessions } }, { exists: false }] } };
  const named = args.resourceNamePrefixes.map((prefix) => ({ prefix }));
  const topics = [args.pageTopicArn, args.notifyTopicArn];
  // A subscription's ARN is its topic's ARN, a colon and an id.
  const subscriptionsOf = topics.map((t) => ({ prefix: pulumi.interpolate`${t}:` }));
  const plans = [...(args.backupPlanIds ?? [])];
  switch (id) {
    case "key-tampering":
      // CreateKey with the lockout safety check bypassed: the key's policy may name nobody able to repair it, the
      // account root included (KMS API reference, CreateKey, BypassPolicyLockoutSafetyCheck). The program never sets
      // it; no CI role may (the guardrails, the CI boundary and the stack boundary deny it).
      return {
        source: ["aws.kms"],
        "detail-type": [API_CALL],
        detail: {
          eventSource: ["kms.amazonaws.com"],
          ...anyOf([{ eventName: ["ScheduleKeyDeletion", "DisableKey", "PutKeyPolicy"] }, { eventName: ["CreateKey"], requestParameters: { bypassPolicyLockoutSafetyCheck: [true] } }]),
        },
      };
    case "proof-bucket-policy":
      return call("aws.s3", "s3.amazonaws.com", ["PutBucketPolicy", "DeleteBucketPolicy", "PutBucketObjectLockConfiguration", "PutBucketVersioning"], {
        requestParameters: { bucketName: [...args.protectedBucketNames] },
      });
    case "iam-change":
      return call("aws.iam", "iam.amazonaws.com", IAM_CHANGE_EVENTS, deploySessions === undefined ? {} : { userIdentity: { arn: [{ "anything-but": { prefix: deploySessions } }] } });
    case "root-activity":
      return { "detail-type": [SIGN_IN, API_CALL], detail: { userIdentity: { type: ["Root"] } } };
    case "trail-tampering":
      // The program sets the trail's selectors (a change of them is a PutEventSelectors), never its insight selectors.
      // The log groups are the rest of the record: moved to a key that later refuses CloudWatch Logs, what they
      // ingested since is unreadable; a shorter retention or a deleted group erases it. The deploy role sets keys and
      // retention on `pulumi up` and may never delete a group (its guardrails); RDS's enhanced monitoring sets the
      // retention of its own RDSOSMetrics group.
      return {
        source: ["aws.cloudtrail", "aws.logs"],
        "detail-type": [API_CALL],
        detail: {
          $or: [
            { eventSource: ["cloudtrail.amazonaws.com"], eventName: ["StopLogging", "DeleteTrail", "UpdateTrail", "PutInsightSelectors"] },
            { eventSource: ["cloudtrail.amazonaws.com"], eventName: ["PutEventSelectors"], ...notTheDeployRole },
            {
              eventSource: ["logs.amazonaws.com"],
              eventName: ["AssociateKmsKey", "DisassociateKmsKey", "PutRetentionPolicy", "DeleteRetentionPolicy", "DeleteLogGroup"],
              // A call may name the group by logGroupIdentifier instead (a value array is an OR: no logGroupName).
              requestParameters: { logGroupName: [{ "anything-but": "RDSOSMetrics" }, { exists: false }] },
              // Not a service acting on its own (Container Insights or Lambda setting a group they made): invokedBy.
              userIdentity: { ...notTheDeployRole.userIdentity, invokedBy: [{ exists: false }] },
            },
          ],
        },
      };
    case "backup-tampering":
      return {
        source: ["aws.backup"],
        "detail-type": [API_CALL],
        detail: {
          eventSource: ["backup.amazonaws.com"],
          ...anyOf([
            // AWS Backup deleting recovery points at the end of their lifecycle is not an attack: events it invokes
            // itself are left out (a value array is an OR: no invokedBy, or one other than Backup's).
            {
              eventName: ["DeleteBackupVaultLockConfiguration", "DeleteRecoveryPoint", "DeleteBackupVault", "PutBackupVaultAccessPolicy", "DeleteBackupVaultAccessPolicy"],
              userIdentity: { invokedBy: [{ exists: false }, { "anything-but": "backup.amazonaws.com" }] },
            },
            // The plan: deleting it or its selection is break-glass's in prod (the deploy role is denied both), so
            // each attempt pages; a `pulumi up` updates the plan's rules.
            ...(plans.length === 0
              ? []
              : [
                  { eventName: ["DeleteBackupPlan", "DeleteBackupSelection"], requestParameters: { backupPlanId: plans } },
                  { eventName: ["UpdateBackupPlan"], requestParameters: { backupPlanId: plans }, ...notTheDeployRole },
                ]),
          ]),
        },
      };
    case "guardduty-tampering":
      return call("aws.guardduty", "guardduty.amazonaws.com", ["DeleteDetector", "UpdateDetector", "CreateFilter", "UpdateFilter"]);
    case "alerting-tampering": {
      // The writes by name, each but the deploy role's; the removals by anyone but an AWS service acting on its own.
      // Under EventBridge's default 2,048-character quota ("Event pattern size", EventBridge quotas; a test and the
      // pack hold every pattern to it).
      const { writes, removals } = PAGER_CALLS;
      // Writes are signed calls (no anonymous caller, unlike an email's unsubscribe link): the ARN is always there.
      const notDeploy = deploySessions === undefined ? {} : { userIdentity: { arn: [{ "anything-but": { prefix: deploySessions } }] } };
      return {
        source: ["aws.events", "aws.sns", "aws.monitoring"],
        "detail-type": [API_CALL],
        detail: {
          eventSource: ["events.amazonaws.com", "sns.amazonaws.com", "monitoring.amazonaws.com"],
          $or: [
            { eventName: [...writes.name], requestParameters: { name: named }, ...notDeploy },
            { eventName: [...writes.rule], requestParameters: { rule: named }, ...notDeploy },
            { eventName: [...writes.topicArn], requestParameters: { topicArn: topics }, ...notDeploy },
            { eventName: [...writes.subscriptionArn], requestParameters: { subscriptionArn: subscriptionsOf }, ...notDeploy },
            { eventName: [...writes.alarmName], requestParameters: { alarmName: named }, ...notDeploy },
            { eventName: [...removals], userIdentity: { invokedBy: [{ exists: false }] } },
          ],
        },
      };
    }
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
