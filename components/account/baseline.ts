/**
 * credlink:account:Baseline: the account-level singletons, which exist once per account and region. Dev and prod may
 * share an account, so exactly one stack builds this component (`credlink:account.baseline: true`); the other skips it.
 *
 * - GuardDuty: a detector with RUNTIME_MONITORING and ECS_FARGATE_AGENT_MANAGEMENT (GuardDuty injects its agent as a
 *   sidecar into Fargate tasks started after it is on: running services need a new deployment). Findings go through
 *   EventBridge: severity >= 7 (high, critical) to the page topic, the rest to the notify topic.
 * - Amazon Inspector for ECR, with the registry on ENHANCED scanning and CONTINUOUS_SCAN for the service's
 *   repositories; CRITICAL findings on their images notify.
 * - Cost allocation tag activation for the stack's cost tags (Cost Explorer, billing reports).
 * - Security Hub with the AWS Foundational Security Best Practices standard, only when `securityHub` is true.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsContext } from "../lib/aws-context";

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
  /** The ECR repositories Inspector scans continuously, and whose critical findings notify (the service's). */
  readonly repositoryNames: readonly string[];
  /** The tag keys to activate as cost allocation tags (the provider's default tags). @default [] */
  readonly costAllocationTags?: readonly string[];
  /**
   * Security Hub with the AWS Foundational Security Best Practices standard. It bills per security check and needs
   * AWS Config recording (billed per configuration item), so it is off unless asked for. @default false
   */
  readonly securityHub?: boolean;
}

type Defaulted = "costAllocationTags" | "securityHub";
export type ResolvedAccountBaselineArgs = Omit<AccountBaselineArgs, Defaulted> & Required<Pick<AccountBaselineArgs, Defaulted>>;

/** Applies the documented defaults. The single place they live. */
export function resolveAccountBaselineArgs(args: AccountBaselineArgs): ResolvedAccountBaselineArgs {
  return { ...args, costAllocationTags: args.costAllocationTags ?? [], securityHub: args.securityHub ?? false };
}

/** Throws an Error naming the argument, the value and what is allowed. */
export function validateAccountBaselineArgs(args: ResolvedAccountBaselineArgs): void {
  if (args.repositoryNames.length === 0) throw new Error("repositoryNames must name at least one ECR repository to scan, got none");
  for (const [i, repo] of args.repositoryNames.entries()) {
    // An ECR scanning filter: up to 256 characters of [a-z0-9\-_/.*] (ECR API reference, ScanningRepositoryFilter).
    if (!/^[a-z0-9\-_/.*]{1,256}$/.test(repo)) throw new Error(`repositoryNames[${i}] must be an ECR repository name or wildcard filter (a-z 0-9 - _ / . *), got "${repo}"`);
  }
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

/** Active CRITICAL Inspector findings on images in `repositoryNames`, as an EventBridge pattern. */
export function inspectorCriticalPattern(repositoryNames: readonly string[]): Record<string, unknown> {
  return {
    source: ["aws.inspector2"],
    "detail-type": ["Inspector2 Finding"],
    detail: {
      severity: ["CRITICAL"],
      status: ["ACTIVE"],
      resources: { details: { awsEcrContainerImage: { repositoryName: [...repositoryNames] } } },
    },
  };
}

export class AccountBaseline extends pulumi.ComponentResource {
  public readonly detectorId: pulumi.Output<string>;
  /** The EventBridge rules and the topic each sends to, by role. */
  public readonly ruleNames: pulumi.Output<string>[];

  constructor(name: string, args: AccountBaselineArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("credlink:account:Baseline", name, {}, opts);
    const resolved = resolveAccountBaselineArgs(args);
    validateAccountBaselineArgs(resolved);
    const ctx = awsContext(this);

    const detector = this.createGuardDuty(name);
    const rules = [
      this.route(`${name}-guardduty-page`, "GuardDuty findings of severity 7 and above (high, critical): page", guardDutyFindingPattern("page"), resolved.pageTopicArn),
      this.route(`${name}-guardduty-notify`, "GuardDuty findings below severity 7 (low, medium): notify", guardDutyFindingPattern("notify"), resolved.notifyTopicArn),
    ];
    this.createInspector(name, resolved, ctx.accountId);
    rules.push(
      this.route(
        `${name}-inspector-critical`,
        `Active CRITICAL Inspector findings on images in ${resolved.repositoryNames.join(", ")}: notify`,
        inspectorCriticalPattern(resolved.repositoryNames),
        resolved.notifyTopicArn,
      ),
    );
    for (const tagKey of resolved.costAllocationTags) {
      new aws.costexplorer.CostAllocationTag(`${name}-cost-tag-${tagKey.toLowerCase()}`, { tagKey, status: "Active" }, { parent: this });
    }
    if (resolved.securityHub) this.createSecurityHub(name, ctx);

    this.detectorId = detector.id;
    this.ruleNames = rules.map((r) => r.name);
    this.registerOutputs({ detectorId: this.detectorId, ruleNames: this.ruleNames });
  }

  /** The detector, with runtime monitoring for ECS Fargate and GuardDuty managing its agent. */
  private createGuardDuty(name: string): aws.guardduty.Detector {
    // Updates to an existing finding reach EventBridge every 15 minutes instead of the default 6 hours.
    const detector = new aws.guardduty.Detector(name, { enable: true, findingPublishingFrequency: "FIFTEEN_MINUTES" }, { parent: this });
    new aws.guardduty.DetectorFeature(
      `${name}-runtime-monitoring`,
      {
        detectorId: detector.id,
        name: RUNTIME_MONITORING,
        status: "ENABLED",
        additionalConfigurations: [{ name: ECS_FARGATE_AGENT_MANAGEMENT, status: "ENABLED" }],
      },
      { parent: this },
    );
    return detector;
  }

  /** Inspector on for ECR in this account; the registry on ENHANCED scanning, continuous for the given repositories. */
  private createInspector(name: string, args: ResolvedAccountBaselineArgs, accountId: pulumi.Output<string>): void {
    const enabler = new aws.inspector2.Enabler(`${name}-inspector`, { accountIds: [accountId], resourceTypes: ["ECR"] }, { parent: this });
    new aws.ecr.RegistryScanningConfiguration(
      `${name}-registry-scanning`,
      {
        scanType: "ENHANCED",
        rules: [
          {
            scanFrequency: "CONTINUOUS_SCAN",
            repositoryFilters: args.repositoryNames.map((filter) => ({ filter, filterType: "WILDCARD" })),
          },
        ],
      },
      // ENHANCED scanning is Inspector's: it must be on first.
      { parent: this, dependsOn: [enabler] },
    );
  }

  /** An EventBridge rule on the default bus that publishes matching events to `topicArn`. */
  private route(name: string, description: string, pattern: Record<string, unknown>, topicArn: pulumi.Input<string>): aws.cloudwatch.EventRule {
    const rule = new aws.cloudwatch.EventRule(name, { name, description, eventPattern: JSON.stringify(pattern) }, { parent: this });
    new aws.cloudwatch.EventTarget(name, { rule: rule.name, arn: topicArn }, { parent: this });
    return rule;
  }

  /** Security Hub without its default standards, and the Foundational Security Best Practices standard only. */
  private createSecurityHub(name: string, ctx: ReturnType<typeof awsContext>): void {
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
