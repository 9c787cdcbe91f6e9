import { createHash } from "node:crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext, awsContext } from "../lib/aws-context";
import { createKmsKey, KeyAdministrators, PolicyStatement } from "../lib/kms";
import { rateExpression } from "./scheduled-check";

/**
 * The AWS services that may publish to the alert topics, and nothing else: CloudWatch alarms, EventBridge rules,
 * AWS Budgets and Cost Anomaly Detection. Each comes with the `aws:SourceArn` pattern of the resources in this account
 * that publish as it (confused-deputy guard), from the services' SNS topic policy documentation:
 * - CloudWatch: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html
 * - EventBridge: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions
 * - Budgets: https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-sns-policy.html
 * - Cost Anomaly Detection: https://docs.aws.amazon.com/cost-management/latest/userguide/ad-SNS.html
 */
export const ALERT_PUBLISHERS = [
  { sid: "CloudWatchAlarms", service: "cloudwatch.amazonaws.com", sourceArn: (c: Ctx) => `arn:${c.partition}:cloudwatch:${c.region}:${c.accountId}:alarm:*` },
  { sid: "EventBridgeRules", service: "events.amazonaws.com", sourceArn: (c: Ctx) => `arn:${c.partition}:events:${c.region}:${c.accountId}:rule/*` },
  { sid: "Budgets", service: "budgets.amazonaws.com", sourceArn: (c: Ctx) => `arn:${c.partition}:budgets::${c.accountId}:*` },
  // Cost Anomaly Detection's documented policy pins the account only: no SourceArn format is documented for it.
  { sid: "CostAnomalyDetection", service: "costalerts.amazonaws.com", sourceArn: undefined },
] as const satisfies readonly Publisher[];

interface Publisher {
  readonly sid: string;
  readonly service: string;
  readonly sourceArn: ((c: Ctx) => string) | undefined;
}

interface Ctx {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

/** PagerDuty's Events API host: an SNS HTTPS subscription posts there (the CloudWatch integration's URL). */
export const PAGERDUTY_HOST = "events.pagerduty.com";

/**
 * The key of the heartbeat's message body. The page topic's subscriptions filter on the message body
 * (FilterPolicyScope MessageBody): the heartbeat's takes only bodies carrying this key, PagerDuty's and the emails' only
 * bodies without it. Not message attributes: an EventBridge target can't set any, and a filter on attributes
 * never matches a message that has none ("exists": false only matches if at least one attribute is present: SNS
 * developer guide, "Key matching"), which is every CloudWatch alarm's and EventBridge event's.
 */
export const HEARTBEAT_KEY = "credlinkHeartbeat";

/** How often the heartbeat publishes by default, in minutes. */
export const HEARTBEAT_EVERY_MINUTES = 5;

/** The heartbeat's filter policy: bodies that carry HEARTBEAT_KEY with this component's name. */
export const heartbeatFilterPolicy = (name: string): Record<string, unknown> => ({ [HEARTBEAT_KEY]: [name] });

/**
 * Every other page subscription's filter policy: bodies without HEARTBEAT_KEY. A body filter assumes a JSON body (SNS
 * developer guide, "Amazon SNS message filtering"): what CloudWatch alarms and EventBridge rules publish is JSON; a
 * publisher of plain text (AWS Budgets' notifications are not documented as JSON) may be filtered out, so the budget's
 * overrun also emails directly (CostControls `overrunEmails`).
 */
export const ALERTS_ONLY_FILTER_POLICY: Record<string, unknown> = { [HEARTBEAT_KEY]: [{ exists: false }] };

/** An email address SNS accepts: one `@`, no spaces, a dotted domain. Deliberately plain, not RFC 5322. */
export const EMAIL_PATTERN = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export interface AlertingArgs {
  /**
   * Email addresses subscribed to both topics (notify, and page as a written record). Each must confirm the
   * subscription from the email SNS sends. @default []
   */
  readonly emails?: readonly string[];
  /**
   * PagerDuty Events API integration URL (`https://events.pagerduty.com/integration/<key>/enqueue`), subscribed to the
   * page topic over HTTPS. Pass it as a secret Output: the URL holds the integration key. @default none
   */
  readonly pagerdutyUrl?: pulumi.Input<string>;
  /** Deletion window of the topics' KMS key, 7-30 days. @default 30 */
  readonly keyDeletionWindowDays?: number;
  /**
   * An existing customer managed key to use instead of creating one (the stack's shared key, `credlink:kms.keyPerStore:
   * false`): its policy must let the alarm, rule and budget publishers (publisherKeyStatement) encrypt to the topics use it. @default undefined (the component creates its own key)
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /**
   * The IAM principals (ARNs, `*` patterns allowed: `arn:aws:iam::<account>:role/<name>`) that may subscribe to the
   * topics: the identities that deploy the stack. Everyone else is denied `sns:Subscribe`. Empty: only principals of
   * this account may. @default []
   */
  readonly subscriberPrincipalArns?: readonly string[];
  /** `protect` and `retainOnDelete` on the topics' own key (prod): alerts are logs too. @default false */
  readonly protectKey?: boolean;
  /**
   * Who administers the customer managed key(s) this component creates: the break-glass role, and the deploy role
   * for key policies only (lib/kms KeyAdministrators). @default undefined (the account root statement)
   */
  readonly keyAdministrators?: KeyAdministrators;
  /**
   * A dead man's switch: the ping URL of an external heartbeat check (healthchecks.io, Dead Man's Snitch, Cronitor),
   * which pages when the pings stop. An EventBridge schedule publishes a heartbeat to the page topic every
   * `heartbeatEveryMinutes`, through the same topic policy, key and EventBridge grant as every tamper alert, and an
   * HTTPS subscription takes only the heartbeat to this URL (and PagerDuty and the emails everything but it). Pass
   * it as a secret Output: whoever holds the URL can keep the check alive. @default none (no heartbeat)
   */
  readonly heartbeatUrl?: pulumi.Input<string>;
  /** Minutes between heartbeats, 1-60; the external check's period is this, its grace a few more. @default 5 */
  readonly heartbeatEveryMinutes?: number;
}

export interface ResolvedAlertingArgs {
  readonly emails: readonly string[];
  readonly pagerdutyUrl?: pulumi.Input<string>;
  readonly keyDeletionWindowDays: number;
  readonly subscriberPrincipalArns: readonly string[];
  readonly protectKey: boolean;
  readonly heartbeatUrl?: pulumi.Input<string>;
  readonly heartbeatEveryMinutes: number;
}

/** Applies the documented defaults. The single place they live. */
export function resolveAlertingArgs(args: AlertingArgs): ResolvedAlertingArgs {
  return {
    emails: args.emails ?? [],
    pagerdutyUrl: args.pagerdutyUrl,
    keyDeletionWindowDays: args.keyDeletionWindowDays ?? 30,
    subscriberPrincipalArns: args.subscriberPrincipalArns ?? [],
    protectKey: args.protectKey ?? false,
    heartbeatUrl: args.heartbeatUrl,
    heartbeatEveryMinutes: args.heartbeatEveryMinutes ?? HEARTBEAT_EVERY_MINUTES,
  };
}

/** An IAM principal ARN (pattern) a topic policy condition can name: a user or role of one account, `*` allowed. */
export const PRINCIPAL_ARN_PATTERN = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@*\/-]{1,512}$/;

/** What is wrong with a PagerDuty integration URL, as "must ..."; undefined when it is an https URL on events.pagerduty.com. */
export function pagerdutyUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `must be a URL like https://${PAGERDUTY_HOST}/integration/<key>/enqueue`;
  }
  if (parsed.protocol !== "https:") return `must use https (SNS would send the alert, and the integration key, in clear text)`;
  if (parsed.hostname !== PAGERDUTY_HOST || parsed.port !== "") return `must be on host ${PAGERDUTY_HOST} (PagerDuty's Events API), got host "${parsed.host}"`;
  if (parsed.username !== "" || parsed.password !== "") return "must not carry credentials before the host";
  return undefined;
}

/**
 * What is wrong with a heartbeat ping URL, as "must ..."; undefined when it is an https URL SNS can post to. Not
 * PagerDuty's Events API: a heartbeat there would open an incident every few minutes.
 */
export function heartbeatUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "must be a URL like https://hc-ping.com/<uuid> (the external check's ping URL)";
  }
  if (parsed.protocol !== "https:") return "must use https (SNS would send the heartbeat, and the check's token in the URL, in clear text)";
  if (parsed.username !== "" || parsed.password !== "") return "must not carry credentials before the host";
  if (!parsed.hostname.includes(".")) return `must name a public host (an external check SNS can reach), got host "${parsed.host}"`;
  if (parsed.hostname === PAGERDUTY_HOST) return `must not be PagerDuty's Events API (${PAGERDUTY_HOST}): a heartbeat there would open an incident every few minutes; use a heartbeat check's ping URL`;
  return undefined;
}

/** What is wrong with an email address, as "must ..."; undefined when SNS would take it. */
export function emailProblem(email: string): string | undefined {
  return EMAIL_PATTERN.test(email) && email.length <= 254 ? undefined : `must be an email address like "oncall@example.com", got "${email}"`;
}

/** Throws an Error naming the argument, the value (never the secret URL) and what is allowed. */
export function validateAlertingArgs(args: ResolvedAlertingArgs): void {
  args.emails.forEach((email, i) => {
    const problem = emailProblem(email);
    if (problem) throw new Error(`emails[${i}] ${problem}`);
  });
  const duplicate = args.emails.find((e, i) => args.emails.findIndex((f) => f.toLowerCase() === e.toLowerCase()) !== i);
  if (duplicate) throw new Error(`emails must not repeat an address (SNS would refuse the second subscription), got "${duplicate}" twice`);
  if (!Number.isInteger(args.keyDeletionWindowDays) || args.keyDeletionWindowDays < 7 || args.keyDeletionWindowDays > 30) {
    throw new Error(`keyDeletionWindowDays must be an integer from 7 to 30, got ${args.keyDeletionWindowDays}`);
  }
  args.subscriberPrincipalArns.forEach((arn, i) => {
    if (!PRINCIPAL_ARN_PATTERN.test(arn)) throw new Error(`subscriberPrincipalArns[${i}] must be an IAM role or user ARN like "arn:aws:iam::123456789012:role/credlink-admin" (* allowed), got "${arn}"`);
  });
  // A plain string can be checked now; a secret Output is checked once known, without showing it.
  if (typeof args.pagerdutyUrl === "string") {
    const problem = pagerdutyUrlProblem(args.pagerdutyUrl);
    if (problem) throw new Error(`pagerdutyUrl ${problem}`);
  }
  if (typeof args.heartbeatUrl === "string") {
    const problem = heartbeatUrlProblem(args.heartbeatUrl);
    if (problem) throw new Error(`heartbeatUrl ${problem}`);
  }
  if (!Number.isInteger(args.heartbeatEveryMinutes) || args.heartbeatEveryMinutes < 1 || args.heartbeatEveryMinutes > 60) {
    throw new Error(`heartbeatEveryMinutes must be an integer from 1 to 60, got ${args.heartbeatEveryMinutes}`);
  }
}

/**
 * The alert topics' names as Pulumi autonames them: `<component>-page-<7 hex>` and `<component>-notify-<7 hex>`. The
 * key exists before the topics (they are encrypted with it), so its policy names them by pattern.
 */
export function alertTopicNamePatterns(alertingName: string): string[] {
  return [`${alertingName}-page-*`, `${alertingName}-notify-*`];
}

/** The alert topics' ARN patterns in this account and region, for the `aws:sns:topicArn` encryption context. */
export function alertTopicArnPatterns(alertingName: string, ctx: AwsContext): pulumi.Output<string[]> {
  return pulumi
    .all([ctx.partition, ctx.region, ctx.accountId])
    .apply(([partition, region, accountId]) => alertTopicNamePatterns(alertingName).map((n) => `arn:${partition}:sns:${region}:${accountId}:${n}`));
}

/** `aws:SourceAccount` always; `aws:SourceArn` (ArnLike) where the service documents its ARN. */
function sourceConditions(publisher: Publisher, ctx: AwsContext): Record<string, unknown> {
  const account = { StringEquals: { "aws:SourceAccount": ctx.accountId } };
  const pattern = publisher.sourceArn;
  if (!pattern) return account;
  const arn = pulumi.all([ctx.partition, ctx.region, ctx.accountId]).apply(([partition, region, accountId]) => pattern({ partition, region, accountId }));
  return { ...account, ArnLike: { "aws:SourceArn": arn } };
}

/**
 * The key statement letting one publishing service use the topics' key. CloudWatch, Budgets and Cost Anomaly
 * Detection: for this account's resources (aws:SourceAccount/aws:SourceArn). EventBridge: for these topics only, by
 * the encryption context SNS puts on the data key (`kms:EncryptionContext:aws:sns:topicArn`), because the SNS developer
 * guide says aws:SourceAccount, aws:SourceArn, aws:SourceOrgID and aws:SourceOrgPaths are not supported in the key
 * policy for EventBridge delivery to an encrypted topic ("Enable compatibility between event sources from AWS services
 * and encrypted topics", https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services):
 * with them every event is dropped silently. The topic policy keeps them (EventBridge supplies them there), and the
 * pack's aws-kms-eventbridge-statement-conditions-supported refuses them in a key policy.
 */
export function publisherKeyStatement(publisher: Publisher, ctx: AwsContext, topicArnPatterns: pulumi.Input<pulumi.Input<string>[]>): PolicyStatement {
  return {
    Sid: `Allow${publisher.sid}ToPublishEncrypted`,
    Effect: "Allow",
    Principal: { Service: publisher.service },
    // What SNS needs from a publisher to encrypt a message for an SSE topic.
    Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
    Resource: "*",
    Condition:
      publisher.service === "events.amazonaws.com"
        ? { StringLike: { "kms:EncryptionContext:aws:sns:topicArn": topicArnPatterns } }
        : sourceConditions(publisher, ctx),
  };
}

/**
 * The topic policy's guard statements: publishing only over TLS (`aws:SecureTransport` false is denied; AWS services
 * publish over TLS), and `sns:Subscribe` only by the named principals (`subscriberPrincipalArns`, IAM ARN patterns) or,
 * with none named, only by principals of this account. AWS's SNS security best practices, "Enforce encryption of data
 * in transit" (https://docs.aws.amazon.com/sns/latest/dg/sns-security-best-practices.html).
 */
export function topicGuardStatements(topicArn: pulumi.Input<string>, subscriberPrincipalArns: readonly pulumi.Input<string>[], ctx: AwsContext): PolicyStatement[] {
  return [
    {
      Sid: "DenyPublishWithoutTls",
      Effect: "Deny",
      Principal: { AWS: "*" },
      Action: "sns:Publish",
      Resource: topicArn,
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
    {
      Sid: "DenySubscribeExceptNamedPrincipals",
      Effect: "Deny",
      Principal: { AWS: "*" },
      Action: "sns:Subscribe",
      Resource: topicArn,
      Condition:
        subscriberPrincipalArns.length > 0
          ? { ArnNotLike: { "aws:PrincipalArn": [...subscriberPrincipalArns] } }
          : { StringNotEquals: { "aws:PrincipalAccount": ctx.accountId } },
    },
  ];
}

/** The topic policy statement letting one publishing service publish to `topicArn`, only for this account's resources. */
export function publisherTopicStatement(publisher: Publisher, topicArn: pulumi.Input<string>, ctx: AwsContext): PolicyStatement {
  return {
    Sid: `Allow${publisher.sid}ToPublish`,
    Effect: "Allow",
    Principal: { Service: publisher.service },
    Action: "sns:Publish",
    Resource: topicArn,
    Condition: sourceConditions(publisher, ctx),
  };
}

/**
 * Where alarms go. Two SNS topics, encrypted with one customer managed key:
 * - **page**: wakes someone (PagerDuty, plus the emails as a record): users are failing now, or the error budget
 *   burns fast enough to be gone within days;
 * - **notify**: read during working hours (the emails): something degrades, nobody needs to get up.
 *
 * One key for both: the two topics have the same publishers and the same readers, so a second key ($1/month) would
 * separate no principal from another. Only CloudWatch, EventBridge, Budgets and Cost Anomaly Detection may publish, for
 * this account's resources only.
 *
 * With `heartbeatUrl`, a dead man's switch: whoever can rewrite the key's policy, the topic's policy or the topic
 * (the deploy role administers every key's policy) can make every page fail, including the page for that very call.
 * So an EventBridge schedule (`${name}-heartbeat`) publishes a heartbeat to the page topic, as every tamper alert does
 * (the same EventBridge statements in the key and topic policies: a policy that drops the tamper alerts drops the
 * heartbeat too), and an external check pages when the heartbeats stop reaching it. No delivery alarm on that rule:
 * a heartbeat that can't be delivered is exactly what the external check pages on.
 */
export class Alerting extends pulumi.ComponentResource {
  /** The topic that pages (PagerDuty). */
  public readonly pageTopicArn: pulumi.Output<string>;
  /** The topic read during working hours (email). */
  public readonly notifyTopicArn: pulumi.Output<string>;
  public readonly keyArn: pulumi.Output<string>;
  /** How many subscriptions each topic has; 0 means nobody hears it (the stack config warns). */
  public readonly subscriptionCounts: { readonly page: number; readonly notify: number };
  /**
   * The two topic policies. Whatever publishes to the topics (budgets, anomaly subscriptions, event rules) depends on
   * these, so it never exists, and never fires, before the topic admits it: a notification refused by the topic is lost.
   */
  public readonly topicPolicies: aws.sns.TopicPolicy[] = [];
  /**
   * The page topic's PagerDuty and email subscriptions take JSON bodies without the heartbeat's key only (with a
   * heartbeat): a publisher of plain text must reach people another way too.
   */
  public readonly pageFiltersOnBody: boolean;
  /** The heartbeat's schedule rule, with `heartbeatUrl`. */
  public readonly heartbeatRuleName: pulumi.Output<string> | undefined;

  constructor(name: string, args: AlertingArgs = {}, opts: pulumi.ComponentResourceOptions = {}) {
    super("credlink:ops:Alerting", name, {}, opts);
    const resolved = resolveAlertingArgs(args);
    validateAlertingArgs(resolved);
    const ctx = awsContext(this);

    const topicArns = alertTopicArnPatterns(name, ctx);
    const keyArn = args.kmsKeyArn !== undefined ? pulumi.output(args.kmsKeyArn) : createKmsKey(
      `${name}-alerts`,
      {
        description: `CredLink ${name}: encrypts the page and notify SNS topics`,
        deletionWindowInDays: resolved.keyDeletionWindowDays,
        statements: ALERT_PUBLISHERS.map((p) => publisherKeyStatement(p, ctx, topicArns)),
        administrators: args.keyAdministrators,
      },
      ctx,
      this,
      { protect: resolved.protectKey },
    ).key.arn;

    const page = this.createTopic(`${name}-page`, keyArn, resolved, ctx);
    const notify = this.createTopic(`${name}-notify`, keyArn, resolved, ctx);
    const counts = this.createSubscriptions(name, resolved, page, notify);

    // Each ARN carries its topic's policy as a dependency (the value is the topic's ARN): whatever publishes to a topic
    // (a budget, an anomaly subscription, an event rule, an alarm) references it, so it waits for the policy to admit it.
    this.pageTopicArn = pulumi.all([page.arn, this.topicPolicies[0].id]).apply(([arn]) => arn);
    this.notifyTopicArn = pulumi.all([notify.arn, this.topicPolicies[1].id]).apply(([arn]) => arn);
    this.pageFiltersOnBody = resolved.heartbeatUrl !== undefined;
    this.heartbeatRuleName = resolved.heartbeatUrl === undefined ? undefined : this.createHeartbeat(name, resolved, resolved.heartbeatUrl, page);
    this.keyArn = keyArn;
    this.subscriptionCounts = counts;
    this.registerOutputs({ pageTopicArn: this.pageTopicArn, notifyTopicArn: this.notifyTopicArn, keyArn: this.keyArn, heartbeatRuleName: this.heartbeatRuleName });
  }

  /**
   * The heartbeat: a schedule rule publishing `{"credlinkHeartbeat": "<name>", ...}` to the page topic (an EventBridge
   * target's constant input is the message body), and the HTTPS subscription that takes only it, raw (the body, not
   * SNS's envelope: the check needs only the POST). SNS first posts a SubscriptionConfirmation there, which no check
   * answers by itself: someone opens its SubscribeURL once (docs/runbooks/heartbeat-missed.md, "After the first up");
   * until then the check sees no heartbeat, and pages.
   */
  private createHeartbeat(name: string, args: ResolvedAlertingArgs, url: pulumi.Input<string>, page: aws.sns.Topic): pulumi.Output<string> {
    const role = `${name}-heartbeat`;
    const rule = new aws.cloudwatch.EventRule(
      role,
      {
        name: role,
        description: `CredLink ${name}: a heartbeat through the page topic ${rateExpression(args.heartbeatEveryMinutes)}; an external check pages when it stops (docs/runbooks/heartbeat-missed.md)`,
        scheduleExpression: rateExpression(args.heartbeatEveryMinutes),
      },
      { parent: this },
    );
    new aws.cloudwatch.EventTarget(
      role,
      // The topic ARN that waits for the topic's policy: the first heartbeat is admitted.
      { rule: rule.name, arn: this.pageTopicArn, input: JSON.stringify({ [HEARTBEAT_KEY]: name, about: "CredLink's page topic, its key and EventBridge's grants still deliver" }) },
      { parent: this },
    );
    const endpoint = pulumi.secret(pulumi.output(url)).apply((u) => {
      const problem = heartbeatUrlProblem(u);
      if (problem) throw new Error(`heartbeatUrl ${problem}`);
      return u;
    });
    new aws.sns.TopicSubscription(
      `${name}-page-heartbeat`,
      {
        topic: page.arn,
        protocol: "https",
        endpoint,
        // Confirmed by hand once (see above); the provider keeps a pending subscription rather than waiting for it.
        endpointAutoConfirms: false,
        rawMessageDelivery: true,
        filterPolicyScope: "MessageBody",
        filterPolicy: JSON.stringify(heartbeatFilterPolicy(name)),
      },
      { parent: this },
    );
    return rule.name;
  }

  /**
   * A topic encrypted with the key, and a policy that lets only the four publishers publish (over TLS) and only the
   * named principals subscribe. The publishers (budgets, anomaly subscriptions, event rules) depend on `topicPolicies`.
   */
  private createTopic(name: string, keyArn: pulumi.Input<string>, args: ResolvedAlertingArgs, ctx: AwsContext): aws.sns.Topic {
    const topic = new aws.sns.Topic(name, { kmsMasterKeyId: keyArn }, { parent: this });
    const policy = new aws.sns.TopicPolicy(
      name,
      {
        arn: topic.arn,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [...ALERT_PUBLISHERS.map((p) => publisherTopicStatement(p, topic.arn, ctx)), ...topicGuardStatements(topic.arn, args.subscriberPrincipalArns, ctx)],
        }),
      },
      { parent: this },
    );
    this.topicPolicies.push(policy);
    return topic;
  }

  /** PagerDuty on the page topic; each email on both. With a heartbeat, the page topic's take everything but it. */
  private createSubscriptions(name: string, args: ResolvedAlertingArgs, page: aws.sns.Topic, notify: aws.sns.Topic) {
    const alertsOnly = args.heartbeatUrl === undefined ? {} : { filterPolicyScope: "MessageBody", filterPolicy: JSON.stringify(ALERTS_ONLY_FILTER_POLICY) };
    let pageCount = 0;
    if (args.pagerdutyUrl !== undefined) {
      const url = pulumi.secret(pulumi.output(args.pagerdutyUrl)).apply((u) => {
        const problem = pagerdutyUrlProblem(u);
        if (problem) throw new Error(`pagerdutyUrl ${problem}`);
        return u;
      });
      new aws.sns.TopicSubscription(
        `${name}-page-pagerduty`,
        // PagerDuty confirms the subscription itself; its CloudWatch integration reads the SNS envelope (not raw).
        { topic: page.arn, protocol: "https", endpoint: url, endpointAutoConfirms: true, rawMessageDelivery: false, ...alertsOnly },
        { parent: this },
      );
      pageCount++;
    }
    for (const email of args.emails) {
      // Named by a hash of the address, not its position: reordering the list must not re-subscribe anyone.
      const id = emailId(email);
      for (const [role, topic] of [["page", page], ["notify", notify]] as const) {
        new aws.sns.TopicSubscription(`${name}-${role}-email-${id}`, { topic: topic.arn, protocol: "email", endpoint: email, ...(role === "page" ? alertsOnly : {}) }, { parent: this });
      }
      pageCount++;
    }
    return { page: pageCount, notify: args.emails.length };
  }
}

/** A stable, short id for an email address (lowercased), for subscription names. */
export function emailId(email: string): string {
  return createHash("sha256").update(email.toLowerCase()).digest("hex").slice(0, 8);
}
