/**
 * credlink:edge:Firewall: a REGIONAL AWS WAF (WAFv2) web ACL in front of the application load balancer.
 *
 * - Four AWS managed rule groups, each with `overrideAction: none` (the group's own actions apply): the Amazon IP
 *   reputation list, the core rule set, known bad inputs (Log4j/Log4Shell) and SQL injection.
 * - A rate-based rule per client IP (the limit and the evaluation window from the caller).
 * - Proof uploads: the core rule set's `SizeRestrictions_BODY` blocks bodies over 8 KB. For the paths in
 *   `largeBodyPaths` that rule is overridden to COUNT, and a rule of our own blocks requests carrying its label unless
 *   the normalised URI path is exactly an upload path or below it (`/v1/proofs` or `/v1/proofs/...`, never
 *   `/v1/proofsX`; AWS WAF developer guide, "Label match rule statement" and the core rule set's labels). A stricter
 *   per-IP rate rule covers the upload paths. Without upload paths the rule keeps blocking and neither rule exists.
 * - Logging to the CloudWatch log group `aws-waf-logs-...` (AWS requires the prefix), encrypted with a customer managed
 *   key, with the `authorization`, `cookie` and `x-api-key` headers and the query string redacted, and only BLOCK and
 *   COUNT requests kept.
 * - An alarm on a spike of blocked requests that notifies `alarmTopicArn`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsContext } from "../lib/aws-context";
import { createEncryptedLogGroup, KeyAdministrators } from "../lib/kms";
import { LOG_RETENTION_DAYS } from "../network";

/** AWS requires the prefix on a WAF log destination's name (WAF developer guide, "CloudWatch Logs log group"). */
export const WAF_LOG_GROUP_PREFIX = "aws-waf-logs-";

/**
 * The rate-based rule's evaluation windows, in seconds (WAFv2 API reference, RateBasedStatement.EvaluationWindowSec).
 */
export const WAF_RATE_WINDOWS = [60, 120, 300, 600] as const;
export type WafRateWindow = (typeof WAF_RATE_WINDOWS)[number];

/**
 * The rate limit's bounds. The API accepts 10 to 2,000,000,000 (RateBasedStatement.Limit); below 100 requests per
 * window a single page load with its assets can trip it, so the component refuses less.
 */
export const WAF_RATE_LIMIT_MIN = 100;
export const WAF_RATE_LIMIT_MAX = 2_000_000_000;

/** The core rule set's body-size rule and the label it adds to every request it matches. */
export const SIZE_RULE = "SizeRestrictions_BODY";
export const SIZE_RULE_LABEL = "awswaf:managed:aws:core-rule-set:SizeRestrictions_Body";

/** The managed rule groups, in evaluation order after the rate limit. Each is one rule for pricing. */
export const MANAGED_RULE_GROUPS = [
  "AWSManagedRulesAmazonIpReputationList",
  "AWSManagedRulesCommonRuleSet",
  "AWSManagedRulesKnownBadInputsRuleSet",
  "AWSManagedRulesSQLiRuleSet",
] as const;

/**
 * The headers the logs never hold: credentials, session cookies and the API key clients send (`x-api-key`, the
 * conventional API-key header; the app's contract names no other). The query string is redacted too (a token in a
 * URL must not reach the logs either). WAFv2 API reference, LoggingConfiguration.RedactedFields: SingleHeader,
 * QueryString, UriPath and Method only, at most 100 fields.
 */
export const REDACTED_HEADERS = ["authorization", "cookie", "x-api-key"] as const;

/**
 * The upload rate rule's limit: a tenth of the general per-IP limit, never below the API's minimum of 10 per window
 * (WAFv2 API reference, RateBasedStatement.Limit: 10 to 2,000,000,000).
 */
export const WAF_API_RATE_LIMIT_MIN = 10;
export function uploadRateLimit(rateLimit: number): number {
  return Math.max(WAF_API_RATE_LIMIT_MIN, Math.floor(rateLimit / 10));
}

/** A byte match statement's search string is at most 200 bytes (WAFv2 API reference, ByteMatchStatement.SearchString). */
const MAX_PATH_BYTES = 200;
/** WAF nests the paths in an OR statement; ten keeps the rule cheap in WCUs and readable. */
const MAX_LARGE_BODY_PATHS = 10;

export interface FirewallArgs {
  /** The load balancer the web ACL is associated with. */
  readonly loadBalancerArn: pulumi.Input<string>;
  /** Requests per client IP allowed in one evaluation window before the rate rule blocks, 100 to 2,000,000,000. @default 1000 */
  readonly rateLimit?: number;
  /** The rate rule's evaluation window in seconds: 60, 120, 300 or 600. @default 300 */
  readonly rateWindowSec?: WafRateWindow;
  /**
   * URI path prefixes that may carry bodies over 8 KB (proof uploads): `SizeRestrictions_BODY` counts instead of
   * blocking there, and blocks everywhere else. Each starts with "/", up to 200 bytes, at most 10. @default []
   */
  readonly largeBodyPaths?: readonly string[];
  /** The WAF log group's name; it must start with "aws-waf-logs-". @default `aws-waf-logs-<name>` */
  readonly logGroupName?: string;
  /** Days the WAF logs are kept; a value CloudWatch Logs accepts. @default 30 */
  readonly logRetentionDays?: number;
  /** An existing customer managed key to use instead of creating one. @default a new key */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /** Deletion window of the key the component creates, 7-30 days. @default 30 */
  readonly keyDeletionWindowDays?: number;
  /** `protect` and `retainOnDelete` on the key the component creates (prod): the logs it encrypts outlive a mistake. @default false */
  readonly protectKey?: boolean;
  /** Blocked requests in 5 minutes that raise the alarm. @default 500 */
  readonly blockedRequestsAlarmThreshold?: number;
  /** The SNS topic the blocked-requests alarm notifies (the stack's notify topic). */
  readonly alarmTopicArn: pulumi.Input<string>;
  /**
   * Who administers the customer managed key(s) this component creates: the break-glass role, and the deploy role
   * for key policies only (lib/kms KeyAdministrators). @default undefined (the account root statement)
   */
  readonly keyAdministrators?: KeyAdministrators;
}

type Defaulted = "rateLimit" | "rateWindowSec" | "largeBodyPaths" | "logRetentionDays" | "keyDeletionWindowDays" | "blockedRequestsAlarmThreshold";
export type ResolvedFirewallArgs = Omit<FirewallArgs, Defaulted | "logGroupName"> & Required<Pick<FirewallArgs, Defaulted | "logGroupName">>;

/** Applies the documented defaults. The single place they live. */
export function resolveFirewallArgs(name: string, args: FirewallArgs): ResolvedFirewallArgs {
  return {
    ...args,
    rateLimit: args.rateLimit ?? 1000,
    rateWindowSec: args.rateWindowSec ?? 300,
    largeBodyPaths: args.largeBodyPaths ?? [],
    logGroupName: args.logGroupName ?? `${WAF_LOG_GROUP_PREFIX}${name}`,
    logRetentionDays: args.logRetentionDays ?? 30,
    keyDeletionWindowDays: args.keyDeletionWindowDays ?? 30,
    blockedRequestsAlarmThreshold: args.blockedRequestsAlarmThreshold ?? 500,
  };
}

/** What is wrong with a large-body path, as "must ..."; undefined when WAF can match it. */
export function largeBodyPathProblem(path: string): string | undefined {
  if (!path.startsWith("/")) return `must start with "/", got "${path}"`;
  // The rules also match `<path>/` (uploadPathStatements): that search string must fit too.
  const longest = Buffer.byteLength(path, "utf8") + (path.endsWith("/") ? 0 : 1);
  if (longest > MAX_PATH_BYTES) {
    return `must be at most ${MAX_PATH_BYTES - 1} bytes (a WAF byte match's search string is at most ${MAX_PATH_BYTES}, and the rules also match "<path>/"), got ${Buffer.byteLength(path, "utf8")}`;
  }
  if (!/^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/.test(path)) return `must be a URI path (no query string, fragment or spaces), got "${path}"`;
  return undefined;
}

/**
 * Throws an Error naming the argument, the value and what is allowed. The limits: WAFv2 API reference
 * (RateBasedStatement.Limit 10-2,000,000,000, EvaluationWindowSec 60/120/300/600; ByteMatchStatement.SearchString
 * 1-200 bytes; LoggingConfiguration: a CloudWatch Logs destination's name starts with "aws-waf-logs-"; log group names
 * are 1-512 characters of [.-_/#A-Za-z0-9]).
 */
export function validateFirewallArgs(args: ResolvedFirewallArgs): void {
  if (!Number.isInteger(args.rateLimit) || args.rateLimit < WAF_RATE_LIMIT_MIN || args.rateLimit > WAF_RATE_LIMIT_MAX) {
    throw new Error(`rateLimit must be an integer from ${WAF_RATE_LIMIT_MIN} to ${WAF_RATE_LIMIT_MAX} (requests per client IP per window), got ${args.rateLimit}`);
  }
  if (!(WAF_RATE_WINDOWS as readonly number[]).includes(args.rateWindowSec)) {
    throw new Error(`rateWindowSec must be one of ${WAF_RATE_WINDOWS.join(", ")} (the windows WAF accepts), got ${args.rateWindowSec}`);
  }
  if (args.largeBodyPaths.length > MAX_LARGE_BODY_PATHS) {
    throw new Error(`largeBodyPaths must list at most ${MAX_LARGE_BODY_PATHS} paths, got ${args.largeBodyPaths.length}`);
  }
  args.largeBodyPaths.forEach((path, i) => {
    const problem = largeBodyPathProblem(path);
    if (problem) throw new Error(`largeBodyPaths item ${i} ${problem}`);
  });
  const repeated = args.largeBodyPaths.find((p, i) => args.largeBodyPaths.indexOf(p) !== i);
  if (repeated) throw new Error(`largeBodyPaths must not repeat a path, got "${repeated}" twice`);
  if (!args.logGroupName.startsWith(WAF_LOG_GROUP_PREFIX)) {
    throw new Error(`logGroupName must start with "${WAF_LOG_GROUP_PREFIX}" (AWS WAF refuses any other log destination), got "${args.logGroupName}"`);
  }
  if (args.logGroupName.length > 512 || !/^[.\-_/#A-Za-z0-9]+$/.test(args.logGroupName)) {
    throw new Error(`logGroupName must be 1-512 letters, digits and . - _ / # (a CloudWatch Logs name), got "${args.logGroupName}"`);
  }
  if (!(LOG_RETENTION_DAYS as readonly number[]).includes(args.logRetentionDays)) {
    throw new Error(`logRetentionDays must be one of ${LOG_RETENTION_DAYS.join(", ")} (the values CloudWatch Logs accepts), got ${args.logRetentionDays}`);
  }
  if (!Number.isInteger(args.keyDeletionWindowDays) || args.keyDeletionWindowDays < 7 || args.keyDeletionWindowDays > 30) {
    throw new Error(`keyDeletionWindowDays must be an integer from 7 to 30, got ${args.keyDeletionWindowDays}`);
  }
  if (!Number.isInteger(args.blockedRequestsAlarmThreshold) || args.blockedRequestsAlarmThreshold < 1) {
    throw new Error(`blockedRequestsAlarmThreshold must be a positive integer (blocked requests in 5 minutes), got ${args.blockedRequestsAlarmThreshold}`);
  }
}

/** CloudWatch metrics per rule; the metric name is the rule's name. */
function visibility(metricName: string): aws.types.input.wafv2.WebAclRuleVisibilityConfig {
  return { cloudwatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true };
}

/**
 * A match on the normalised URI path: NORMALIZE_PATH removes repeated slashes and `.`/`..` segments first (WAFv2 API
 * reference, TextTransformation), so `//v1/./proofs` is `/v1/proofs`.
 */
function pathMatch(positionalConstraint: "EXACTLY" | "STARTS_WITH", searchString: string): aws.types.input.wafv2.WebAclRuleStatement {
  return {
    byteMatchStatement: {
      fieldToMatch: { uriPath: {} },
      positionalConstraint,
      searchString,
      textTransformations: [{ priority: 0, type: "NORMALIZE_PATH" }],
    },
  };
}

/**
 * An upload path, exactly or below it: `EXACTLY /v1/proofs` or `STARTS_WITH /v1/proofs/`. A bare prefix would also
 * match `/v1/proofsX`. A path given with a trailing slash matches below it only.
 */
export function uploadPathStatements(paths: readonly string[]): aws.types.input.wafv2.WebAclRuleStatement[] {
  return paths.flatMap((path) => {
    const base = path.length > 1 ? path.replace(/\/+$/, "") : path;
    return base === path ? [pathMatch("EXACTLY", base), pathMatch("STARTS_WITH", `${base}/`)] : [pathMatch("STARTS_WITH", path)];
  });
}

/** One statement matching any upload path (WAF's OR takes at least two statements). */
function uploadPathStatement(paths: readonly string[]): aws.types.input.wafv2.WebAclRuleStatement {
  const statements = uploadPathStatements(paths);
  return statements.length === 1 ? statements[0] : { orStatement: { statements } };
}

/** The web ACL's rules, in priority order. Pure, so tests and the plan read the same list. */
export function firewallRules(name: string, args: Pick<ResolvedFirewallArgs, "rateLimit" | "rateWindowSec" | "largeBodyPaths">): aws.types.input.wafv2.WebAclRule[] {
  // Priorities: IP reputation 0, rate 1, upload rate 2, core rules 3, large bodies 4, bad inputs 5, SQLi 6.
  const managed = (group: (typeof MANAGED_RULE_GROUPS)[number], priority: number, overrides?: string[]): aws.types.input.wafv2.WebAclRule => ({
    name: group,
    priority,
    overrideAction: { none: {} },
    statement: {
      managedRuleGroupStatement: {
        vendorName: "AWS",
        name: group,
        ...(overrides ? { ruleActionOverrides: overrides.map((rule) => ({ name: rule, actionToUse: { count: {} } })) } : {}),
      },
    },
    visibilityConfig: visibility(`${name}-${group}`),
  });
  const uploads = args.largeBodyPaths;
  const rules: aws.types.input.wafv2.WebAclRule[] = [
    // Known-bad sources first: the cheapest rejection.
    managed("AWSManagedRulesAmazonIpReputationList", 0),
    {
      name: "rate-limit-per-ip",
      priority: 1,
      action: { block: {} },
      statement: { rateBasedStatement: { aggregateKeyType: "IP", limit: args.rateLimit, evaluationWindowSec: args.rateWindowSec } },
      visibilityConfig: visibility(`${name}-rate-limit-per-ip`),
    },
  ];
  if (uploads.length > 0) {
    rules.push({
      // Uploads are the expensive requests (large bodies, a write each): a tenth of the general limit per IP.
      name: "upload-rate-limit-per-ip",
      priority: 2,
      action: { block: {} },
      statement: {
        rateBasedStatement: {
          aggregateKeyType: "IP",
          limit: uploadRateLimit(args.rateLimit),
          evaluationWindowSec: args.rateWindowSec,
          scopeDownStatement: uploadPathStatement(uploads),
        },
      },
      visibilityConfig: visibility(`${name}-upload-rate-limit-per-ip`),
    });
  }
  rules.push(managed("AWSManagedRulesCommonRuleSet", 3, uploads.length > 0 ? [SIZE_RULE] : undefined));
  if (uploads.length > 0) {
    const isUpload = uploadPathStatement(uploads);
    rules.push({
      // After the core rule set, whose counted SizeRestrictions_BODY match left its label on the request.
      name: "large-body-outside-upload-paths",
      priority: 4,
      action: { block: {} },
      statement: {
        andStatement: {
          statements: [{ labelMatchStatement: { scope: "LABEL", key: SIZE_RULE_LABEL } }, { notStatement: { statement: isUpload } }],
        },
      },
      visibilityConfig: visibility(`${name}-large-body-outside-upload-paths`),
    });
  }
  rules.push(managed("AWSManagedRulesKnownBadInputsRuleSet", 5), managed("AWSManagedRulesSQLiRuleSet", 6));
  return rules;
}

/** The logging configuration's filter: keep BLOCK and COUNT, drop the rest (ALLOW, CAPTCHA, CHALLENGE). */
export const WAF_LOGGING_FILTER = {
  defaultBehavior: "DROP",
  filters: [
    {
      behavior: "KEEP",
      requirement: "MEETS_ANY",
      conditions: [{ actionCondition: { action: "BLOCK" } }, { actionCondition: { action: "COUNT" } }],
    },
  ],
} as const;

export class Firewall extends pulumi.ComponentResource {
  public readonly webAclArn: pulumi.Output<string>;
  public readonly webAclName: pulumi.Output<string>;
  public readonly logGroupName: pulumi.Output<string>;
  /** The key that encrypts the WAF logs: the caller's, or the one the component created. */
  public readonly keyArn: pulumi.Output<string>;
  public readonly alarmName: pulumi.Output<string>;

  constructor(name: string, args: FirewallArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("credlink:edge:Firewall", name, {}, opts);
    const resolved = resolveFirewallArgs(name, args);
    validateFirewallArgs(resolved);
    const ctx = awsContext(this);
    const rules = firewallRules(name, resolved);

    const acl = new aws.wafv2.WebAcl(
      name,
      {
        name,
        description: `CredLink ${name}: managed rule groups and a per-IP rate limit in front of the load balancer`,
        scope: "REGIONAL",
        defaultAction: { allow: {} },
        rules,
        visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true },
      },
      { parent: this },
    );
    new aws.wafv2.WebAclAssociation(name, { resourceArn: resolved.loadBalancerArn, webAclArn: acl.arn }, { parent: this });

    const { logGroup, keyArn } = createEncryptedLogGroup(
      `${name}-waf-logs`,
      {
        logGroupName: resolved.logGroupName,
        retentionInDays: resolved.logRetentionDays,
        keyDescription: `CredLink ${name}: encrypts the WAF log group ${resolved.logGroupName}`,
        kmsKeyArn: resolved.kmsKeyArn,
        keyDeletionWindowDays: resolved.keyDeletionWindowDays,
        protectKey: resolved.protectKey,
        keyAdministrators: resolved.keyAdministrators,
      },
      ctx,
      this,
    );
    new aws.wafv2.WebAclLoggingConfiguration(
      name,
      {
        resourceArn: acl.arn,
        logDestinationConfigs: [logGroup.arn],
        redactedFields: [...REDACTED_HEADERS.map((header) => ({ singleHeader: { name: header } })), { queryString: {} }],
        loggingFilter: {
          defaultBehavior: WAF_LOGGING_FILTER.defaultBehavior,
          filters: WAF_LOGGING_FILTER.filters.map((f) => ({ ...f, conditions: f.conditions.map((c) => ({ actionCondition: { ...c.actionCondition } })) })),
        },
      },
      { parent: this },
    );

    const alarm = new aws.cloudwatch.MetricAlarm(
      `${name}-waf-blocked-spike`,
      {
        name: `${name}-waf-blocked-spike`,
        alarmDescription: `More than ${resolved.blockedRequestsAlarmThreshold} requests blocked by the web ACL ${name} in 5 minutes: an attack, or a rule blocking real users (check the WAF logs in ${resolved.logGroupName}).`,
        namespace: "AWS/WAFV2",
        metricName: "BlockedRequests",
        dimensions: { WebACL: acl.name, Rule: "ALL", Region: ctx.region },
        statistic: "Sum",
        period: 300,
        evaluationPeriods: 1,
        threshold: resolved.blockedRequestsAlarmThreshold,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
        alarmActions: [resolved.alarmTopicArn],
        okActions: [resolved.alarmTopicArn],
      },
      { parent: this },
    );

    this.webAclArn = acl.arn;
    this.webAclName = acl.name;
    this.logGroupName = logGroup.name;
    this.keyArn = keyArn;
    this.alarmName = alarm.name;
    this.registerOutputs({ webAclArn: this.webAclArn, webAclName: this.webAclName, logGroupName: this.logGroupName, keyArn: this.keyArn, alarmName: this.alarmName });
  }
}
