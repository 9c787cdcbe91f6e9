/**
 * credlink:account:Baseline: the account-level singletons, which exist once per account and region. Each environment
 * has its own account, and its stack builds this component (`credlink:account.baseline: true`) for every region it
 * uses: the primary and, with `drProvider`, the DR region. In a deliberately shared account one of the two stacks skips it.
 *
 * In each region:
 * - GuardDuty: a detector with RUNTIME_MONITORING and ECS_FARGATE_AGENT_MANAGEMENT (GuardDuty injects its agent as a
 *   sidecar into Fargate tasks started after it is on: running services need a new deployment), or, with
 *   `runtimeMonitoring` false, that feature explicitly DISABLED.
 * - Amazon Inspector for ECR, with the registry on ENHANCED scanning and CONTINUOUS_SCAN for every repository the
 *   account's stacks create (a wildcard filter: ENHANCED scanning scans only repositories a filter matches).
 * - AWS Backup's per-service opt-in (RegionSettings): each region's setting is an account+region singleton.
 * - the routes of findings to the topics: GuardDuty severity >= 7 (high, critical) to the page topic, the rest to the
 *   notify topic; CRITICAL Inspector findings on the repositories to notify. Each rule has an alarm on its
 *   FailedInvocations (lib/event-route). In the DR region, with `drTopics` (the stack's alert topics there), the same
 *   routes to those topics: the DR region's findings never depend on the primary region, which is down on the day a
 *   failover stack runs in the DR region. Without `drTopics`, a rule there forwards GuardDuty and Inspector findings to
 *   the primary region's default bus (EventBridge cross-Region routing: a bus in another Region as the target, with a
 *   role allowed events:PutEvents on it; "Sending and receiving events between AWS Regions",
 *   https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-region.html), with no delivery alarm (an alarm
 *   notifies topics of its own Region only).
 * In the primary region only:
 * - Cost allocation tag activation for the stack's cost tags (Cost Explorer, billing reports), only when
 *   `activateCostAllocationTags` is true: a deliberate later step (see the argument).
 * - Security Hub with the AWS Foundational Security Best Practices standard, only when `securityHub` is true.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsContext, AwsContext } from "../lib/aws-context";
import { createEventRoute } from "../lib/event-route";
import { serviceTrustPolicy } from "../lib/iam";

/** GuardDuty severities of 7.0 and above are High (7.0-8.9) and Critical (9.0-10.0): they page. */
export const GUARDDUTY_PAGE_SEVERITY = 7;

/** The detector feature for ECS Fargate runtime monitoring and its agent management (GuardDuty API, DetectorFeatureConfiguration). */
export const RUNTIME_MONITORING = "RUNTIME_MONITORING";
export const ECS_FARGATE_AGENT_MANAGEMENT = "ECS_FARGATE_AGENT_MANAGEMENT";

/** Cost allocation tag keys: 1-128 characters, not starting with "aws:" (Cost Explorer API, CostAllocationTag). */
const TAG_KEY_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;

export interface AccountBaselineArgs {
  /** The topic that pages: GuardDuty findings of severity 7 and above. */
  readonly pageTopicArn: pulumi.Input<string>;
  /** The topic read during working hours: the other GuardDuty findings, and critical Inspector findings. */
  readonly notifyTopicArn: pulumi.Input<string>;
  /**
   * ECR repository filters (names, or wildcards with `*`) Inspector scans continuously and whose critical findings
   * notify. ENHANCED scanning is registry-wide: a repository no filter matches is not scanned at all, so the filters
   * must cover every repository of every stack in the account (e.g. `credlink-*`), not only this stack's.
   */
  readonly repositoryNames: readonly string[];
  /** The tag keys to activate as cost allocation tags (the provider's default tags). @default [] */
  readonly costAllocationTags?: readonly string[];
  /**
   * Activate `costAllocationTags` (Cost Explorer UpdateCostAllocationTagsStatus). Off until the tags are in the
   * billing data: Cost Explorer refuses a key it has not yet seen there (about a day after the first tagged resource
   * exists), and refuses every activation from an AWS Organizations member account (only the management account may).
   * Until the tags are active, the budget's tag filter and the anomaly monitor count nothing. @default false
   */
  readonly activateCostAllocationTags?: boolean;
  /**
   * The DR region's provider, when the stack uses a DR region (a Backup vault, the proof replica): the detector,
   * Inspector, registry scanning and Backup RegionSettings there are owned here too, and its findings are forwarded to
   * the primary region's routes. @default undefined (primary region only)
   */
  readonly drProvider?: pulumi.ProviderResource;
  /**
   * GuardDuty runtime monitoring for ECS Fargate in every detector (billed per monitored vCPU). False sets the feature
   * DISABLED, for an account whose clusters opt out of the agent (nothing would be monitored). @default true
   */
  readonly runtimeMonitoring?: boolean;
  /**
   * The DR region's own alert topics (the stack's topics in that region): with them, the DR region's findings are routed
   * there as the primary region's are in the primary region, each rule with its delivery alarm there. Forwarded to the
   * primary region instead, a finding in the DR region reaches no one on the day the primary region is down, which is
   * the day a failover stack runs there. @default undefined (forward them to the primary region's default bus)
   */
  readonly drTopics?: { readonly pageTopicArn: pulumi.Input<string>; readonly notifyTopicArn: pulumi.Input<string> };
  /** The stack's permissions boundary, on the role that forwards the DR region's findings. @default undefined (none) */
  readonly permissionsBoundary?: pulumi.Input<string>;
  /**
   * The start of the forwarding role's IAM name (`<prefix>-account-dr-<random>`): the stack's prefix, under which the
   * deploy role may write and pass roles. @default "credlink"
   */
  readonly roleNamePrefix?: string;
  /**
   * Security Hub with the AWS Foundational Security Best Practices standard. It bills per security check and needs
   * AWS Config recording (billed per configuration item), so it is off unless asked for. @default false
   */
  readonly securityHub?: boolean;
}

type Defaulted = "costAllocationTags" | "securityHub" | "activateCostAllocationTags" | "runtimeMonitoring" | "roleNamePrefix";
export type ResolvedAccountBaselineArgs = Omit<AccountBaselineArgs, Defaulted> & Required<Pick<AccountBaselineArgs, Defaulted>>;

/** Applies the documented defaults. The single place they live. */
export function resolveAccountBaselineArgs(args: AccountBaselineArgs): ResolvedAccountBaselineArgs {
  return {
    ...args,
    costAllocationTags: args.costAllocationTags ?? [],
    securityHub: args.securityHub ?? false,
    activateCostAllocationTags: args.activateCostAllocationTags ?? false,
    runtimeMonitoring: args.runtimeMonitoring ?? true,
    roleNamePrefix: args.roleNamePrefix ?? "credlink",
  };
}

/** Throws an Error naming the argument, the value and what is allowed. */
export function validateAccountBaselineArgs(args: ResolvedAccountBaselineArgs): void {
  if (args.repositoryNames.length === 0) throw new Error("repositoryNames must name at least one ECR repository to scan, got none");
  for (const [i, repo] of args.repositoryNames.entries()) {
    // An ECR scanning filter: up to 256 characters of [a-z0-9\-_/.*] (ECR API reference, ScanningRepositoryFilter).
    if (!/^[a-z0-9\-_/.*]{1,256}$/.test(repo)) throw new Error(`repositoryNames[${i}] must be an ECR repository name or wildcard filter (a-z 0-9 - _ / . *), got "${repo}"`);
  }
  if (!/^[a-z0-9][a-z0-9-]{0,24}$/.test(args.roleNamePrefix)) throw new Error(`roleNamePrefix must be 1-25 lowercase letters, digits and hyphens (an IAM name prefix of at most 38 characters with "-account-dr-"), got "${args.roleNamePrefix}"`);
  for (const [i, key] of args.costAllocationTags.entries()) {
    if (!TAG_KEY_PATTERN.test(key) || /^aws:/i.test(key)) throw new Error(`costAllocationTags[${i}] must be a user tag key (1-128 characters, not "aws:..."), got "${key}"`);
  }
}

/** GuardDuty findings of at least (`page`) or below (`notify`) severity 7, as an EventBridge pattern. */
export function guardDutyFindingPattern(route: "page" | "notify"): Record<string, unknown> {
  return {
    source: ["aws.guardduty"],
    "detail-type": ["GuardDuty Finding"],
    detail: { severity: [{ numeric: route === "page" ? [">=", GUARDDUTY_PAGE_SEVERITY] : ["<", GUARDDUTY_PAGE_SEVERITY] }] },
  };
}

/**
 * Active CRITICAL Inspector findings on images in `repositoryNames`, as an EventBridge pattern: a filter with `*` becomes
 * EventBridge's wildcard matcher (`{ "wildcard": "credlink-*" }`, "Content filtering in Amazon EventBridge event
 * patterns", https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html), a plain name
 * an exact match.
 */
export function inspectorCriticalPattern(repositoryNames: readonly string[]): Record<string, unknown> {
  return {
    source: ["aws.inspector2"],
    "detail-type": ["Inspector2 Finding"],
    detail: {
      severity: ["CRITICAL"],
      status: ["ACTIVE"],
      resources: { details: { awsEcrContainerImage: { repositoryName: repositoryNames.map((n) => (n.includes("*") ? { wildcard: n } : n)) } } },
    },
  };
}

/** The findings the DR region forwards to the primary region's default bus, where the routes match them. */
export function forwardedFindingsPattern(): Record<string, unknown> {
  return { source: ["aws.guardduty", "aws.inspector2"], "detail-type": ["GuardDuty Finding", "Inspector2 Finding"] };
}

/**
 * AWS Backup's per-service opt-in, every resource type the provider documents set to true (RDS and S3 are the two the
 * stacks back up; the rest are opted in too, which starts nothing without a plan selecting them). The whole map is
 * sent because the provider reads the whole map back: a partial map would show a diff on every preview. A type AWS
 * adds later shows as a one-key diff: add it here. https://docs.aws.amazon.com/aws-backup/latest/devguide/API_UpdateRegionSettings.html
 */
export const BACKUP_OPT_IN_RESOURCE_TYPES: readonly string[] = [
  "Aurora", "CloudFormation", "DocumentDB", "DSQL", "DynamoDB", "EBS", "EC2", "EFS", "FSx", "Neptune", "RDS", "Redshift",
  "Redshift Serverless", "S3", "SAP HANA on Amazon EC2", "Storage Gateway", "VirtualMachine",
];

export class AccountBaseline extends pulumi.ComponentResource {
  public readonly detectorId: pulumi.Output<string>;
  /** The primary region's EventBridge rules (the findings' routes). */
  public readonly ruleNames: pulumi.Output<string>[];

  constructor(name: string, args: AccountBaselineArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("credlink:account:Baseline", name, {}, opts);
    const resolved = resolveAccountBaselineArgs(args);
    validateAccountBaselineArgs(resolved);
    const ctx = awsContext(this);

    const detector = this.createRegionalSingletons(name, resolved, ctx.accountId);
    const rules = this.findingRoutes(name, resolved, { pageTopicArn: resolved.pageTopicArn, notifyTopicArn: resolved.notifyTopicArn });
    // A deliberate later step (see activateCostAllocationTags): on the first `up` Cost Explorer has not seen the keys.
    if (resolved.activateCostAllocationTags) {
      for (const tagKey of resolved.costAllocationTags) {
        new aws.costexplorer.CostAllocationTag(`${name}-cost-tag-${tagKey.toLowerCase()}`, { tagKey, status: "Active" }, { parent: this });
      }
    }
    if (resolved.drProvider) this.createDrRegion(name, resolved, resolved.drProvider, ctx);
    if (resolved.securityHub) this.createSecurityHub(name, ctx);

    this.detectorId = detector.id;
    this.ruleNames = rules.map((r) => r.name);
    this.registerOutputs({ detectorId: this.detectorId, ruleNames: this.ruleNames });
  }

  /**
   * One region's singletons: the detector and its runtime-monitoring feature, Inspector and the registry's scanning,
   * Backup's opt-in. Children are named `${name}<suffix>-...`; the primary region's keep the names they had before the
   * DR region joined (`${name}`, `${name}-runtime-monitoring`, `${name}-inspector`, `${name}-registry-scanning`,
   * `${name}-backup-opt-in`), the DR region's add `-dr`.
   */
  private createRegionalSingletons(name: string, args: ResolvedAccountBaselineArgs, accountId: pulumi.Output<string>, provider?: pulumi.ProviderResource): aws.guardduty.Detector {
    const at = (child: string) => (provider === undefined ? child : `${child}-dr`);
    const opts: pulumi.CustomResourceOptions = provider === undefined ? { parent: this } : { parent: this, provider };
    // Updates to an existing finding reach EventBridge every 15 minutes instead of the default 6 hours.
    const detector = new aws.guardduty.Detector(at(name), { enable: true, findingPublishingFrequency: "FIFTEEN_MINUTES" }, opts);
    const status = args.runtimeMonitoring ? "ENABLED" : "DISABLED";
    new aws.guardduty.DetectorFeature(
      `${at(name)}-runtime-monitoring`,
      { detectorId: detector.id, name: RUNTIME_MONITORING, status, additionalConfigurations: [{ name: ECS_FARGATE_AGENT_MANAGEMENT, status }] },
      opts,
    );
    const enabler = new aws.inspector2.Enabler(`${at(name)}-inspector`, { accountIds: [accountId], resourceTypes: ["ECR"] }, opts);
    new aws.ecr.RegistryScanningConfiguration(
      `${at(name)}-registry-scanning`,
      {
        scanType: "ENHANCED",
        rules: [{ scanFrequency: "CONTINUOUS_SCAN", repositoryFilters: args.repositoryNames.map((filter) => ({ filter, filterType: "WILDCARD" })) }],
      },
      // ENHANCED scanning is Inspector's: it must be on first.
      { ...opts, dependsOn: [enabler] },
    );
    this.createBackupRegionSettings(name, provider);
    return detector;
  }

  /**
   * The DR region: its singletons, and a rule on its default bus that forwards GuardDuty and Inspector findings to the
   * primary region's default bus, with a role EventBridge assumes for this rule only (aws:SourceArn) that may put events
   * on that one bus.
   */
  private createDrRegion(name: string, args: ResolvedAccountBaselineArgs, provider: pulumi.ProviderResource, ctx: AwsContext): aws.cloudwatch.EventRule[] {
    this.createRegionalSingletons(name, args, ctx.accountId, provider);
    if (args.drTopics) return this.findingRoutes(`${name}-dr`, args, args.drTopics, provider);
    const forward = `${name}-dr-findings-to-primary`;
    const primaryBus = pulumi.interpolate`arn:${ctx.partition}:events:${ctx.region}:${ctx.accountId}:event-bus/default`;
    const rule = new aws.cloudwatch.EventRule(
      forward,
      { name: forward, description: "GuardDuty and Inspector findings of the DR region, forwarded to the primary region's routes", eventPattern: JSON.stringify(forwardedFindingsPattern()) },
      { parent: this, provider },
    );
    const role = new aws.iam.Role(
      forward,
      {
        // namePrefix: at most 38 characters (IAM CreateRole's 64, less the provider's 26-character suffix).
        namePrefix: `${args.roleNamePrefix}-account-dr-`,
        description: `CredLink ${name}: EventBridge forwards the DR region's findings to the primary region's default bus`,
        assumeRolePolicy: serviceTrustPolicy("events.amazonaws.com", ctx, rule.arn),
        permissionsBoundary: args.permissionsBoundary,
      },
      { parent: this },
    );
    const policy = new aws.iam.RolePolicy(
      forward,
      { role: role.id, policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: [{ Sid: "PutOnThePrimaryDefaultBus", Effect: "Allow", Action: "events:PutEvents", Resource: primaryBus }] }) },
      { parent: this },
    );
    // The first forwarded event is sent as the role: its policy must be in place by then.
    new aws.cloudwatch.EventTarget(forward, { rule: rule.name, arn: primaryBus, roleArn: role.arn }, { parent: this, provider, dependsOn: [policy] });
    return [rule];
  }

  /**
   * One region's finding routes: GuardDuty severity >= 7 to the page topic, the rest to notify, CRITICAL Inspector
   * findings on the repositories to notify, each rule's delivery alarm to that region's notify topic. Rules (and their
   * SNS targets) and alarms act in their own region only: EventBridge targets an SNS topic of the rule's region, an alarm
   * notifies a topic of its own region (the CloudWatch and EventBridge user guides).
   */
  private findingRoutes(name: string, args: ResolvedAccountBaselineArgs, topics: { readonly pageTopicArn: pulumi.Input<string>; readonly notifyTopicArn: pulumi.Input<string> }, provider?: pulumi.ProviderResource): aws.cloudwatch.EventRule[] {
    const route = (rule: string, description: string, pattern: Record<string, unknown>, topicArn: pulumi.Input<string>) =>
      createEventRoute(rule, { ruleName: rule, description, pattern, topicArn, alarmTopicArn: topics.notifyTopicArn, provider }, this).rule;
    return [
      route(`${name}-guardduty-page`, "GuardDuty findings of severity 7 and above (high, critical): page", guardDutyFindingPattern("page"), topics.pageTopicArn),
      route(`${name}-guardduty-notify`, "GuardDuty findings below severity 7 (low, medium): notify", guardDutyFindingPattern("notify"), topics.notifyTopicArn),
      route(
        `${name}-inspector-critical`,
        `Active CRITICAL Inspector findings on images in ${args.repositoryNames.join(", ")}: notify`,
        inspectorCriticalPattern(args.repositoryNames),
        topics.notifyTopicArn,
      ),
    ];
  }

  /**
   * AWS Backup's service opt-in in a region with a vault. An account+region singleton (UpdateRegionSettings has no
   * name): owned by the stack that owns the account baseline, like the detector. Deleting the resource changes nothing
   * in AWS (the provider's delete is a no-op).
   */
  private createBackupRegionSettings(name: string, provider: pulumi.ProviderResource | undefined): void {
    const preferences = Object.fromEntries(BACKUP_OPT_IN_RESOURCE_TYPES.map((t) => [t, true]));
    if (provider === undefined) new aws.backup.RegionSettings(`${name}-backup-opt-in`, { resourceTypeOptInPreference: preferences }, { parent: this });
    else new aws.backup.RegionSettings(`${name}-backup-opt-in-dr`, { resourceTypeOptInPreference: preferences }, { parent: this, provider });
  }

  /** Security Hub without its default standards, and the Foundational Security Best Practices standard only. */
  private createSecurityHub(name: string, ctx: AwsContext): void {
    const account = new aws.securityhub.Account(
      `${name}-security-hub`,
      { enableDefaultStandards: false, controlFindingGenerator: "SECURITY_CONTROL", autoEnableControls: true },
      { parent: this },
    );
    new aws.securityhub.StandardsSubscription(
      `${name}-fsbp`,
      { standardsArn: pulumi.interpolate`arn:${ctx.partition}:securityhub:${ctx.region}::standards/aws-foundational-security-best-practices/v/1.0.0` },
      { parent: this, dependsOn: [account] },
    );
  }
}
