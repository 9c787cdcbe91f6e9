import * as pulumi from "@pulumi/pulumi";
import { Alerting, AuditTrail, DeployIdentity, ProofStore, TamperAlerts } from "@credlink/components";
import { GLOBAL_EVENTS_REGION } from "../config";
import { accountRegions } from "./account";
import { onPrimary, Stack, trailName } from "./context";

/** What the audit part builds: the trail, and the tamper alerts of each region the stack uses. */
export interface Audit {
  readonly trail: AuditTrail;
  /** The primary region's tamper alerts (none with credlink:audit.tamperAlerts false). */
  readonly alerts?: TamperAlerts;
  /** The DR region's, through the DR region's alert topics. */
  readonly drAlerts?: TamperAlerts;
  /** The alert topics in the DR region: an EventBridge rule's SNS target must be in the rule's region. */
  readonly drAlerting?: Alerting;
}

/**
 * The account's CloudTrail trail and the tamper alerts, only in the stack that owns the account baseline (an account
 * singleton, like GuardDuty; a failover stack shares its primary's account and leaves them to it). The trail is
 * multi-region, so one records every region; the alerts exist in every region the stack uses (accountRegions, the
 * baseline's own list): the primary's page through the stack's alert topics, the DR region's through the DR region's
 * topics (ops.ts, drAlerting: the same subscribers). Each region's rules watch the proof buckets that live there.
 */
export function audit(s: Stack, parts: { proofs: ProofStore; alerting: Alerting; drAlerting?: Alerting; deployIdentity: DeployIdentity }): Audit | undefined {
  const { cfg } = s;
  if (!cfg.account.baseline) return undefined;
  const name = trailName(s);
  const trail = new AuditTrail(
    name,
    {
      trailName: name,
      dataEventBucketArns: [parts.proofs.bucketArn],
      replicaBucketArns: parts.proofs.replicaBucketArn ? [parts.proofs.replicaBucketArn] : [],
      dataEventReads: cfg.audit.dataEventReads,
      logRetentionDays: cfg.audit.logRetentionDays,
      objectLockRetentionDays: cfg.audit.objectLockRetentionDays,
      objectLockMode: cfg.audit.objectLockMode,
      breakGlassRoleArn: cfg.account.breakGlassRoleArn,
      keyDeletionWindowDays: cfg.kms.deletionWindowDays,
      // Dev's one key (its policy names the trail: stacks/parts/security.ts); prod's trail has a key of its own.
      kmsKeyArn: s.kmsKeyArn,
      keyAdministrators: s.keyAdministrators,
      protectData: s.protectData,
    },
    onPrimary(s),
  );
  // The deploy role's own IAM changes (the stack's roles) do not page; everyone else's do.
  const deployRoleName = parts.deployIdentity.deployRoleArn.apply((arn) => arn.split("/").pop() ?? arn);
  let alerts: TamperAlerts | undefined;
  let drAlerts: TamperAlerts | undefined;
  // Off (dev: it pages nobody), the trail still records every event; no rule watches them.
  for (const region of cfg.audit.tamperAlerts ? accountRegions(s) : []) {
    const primary = region.role === "primary";
    const topics = primary ? parts.alerting : parts.drAlerting;
    const buckets = primary ? [parts.proofs.bucketName, trail.bucketName] : parts.proofs.replicaBucketName ? [parts.proofs.replicaBucketName] : [];
    if (topics === undefined || buckets.length === 0) {
      throw new Error(`the tamper alerts in ${region.region} need that region's alert topics and a proof bucket there: the DR region has topics whenever it has the replica`);
    }
    const built = new TamperAlerts(
      primary ? name : `${name}-dr`,
      {
        pageTopicArn: topics.pageTopicArn,
        notifyTopicArn: topics.notifyTopicArn,
        protectedBucketNames: buckets,
        deployRoleName,
        globalEvents: region.region === GLOBAL_EVENTS_REGION,
        runbookBase: cfg.alerts.runbookBase,
      },
      { provider: region.provider },
    );
    if (primary) alerts = built;
    else drAlerts = built;
  }
  return { trail, alerts, drAlerts, drAlerting: drAlerts ? parts.drAlerting : undefined };
}

/** The audit part's outputs, for the stack's exports. */
export function auditOutputs(a: Audit | undefined): Record<string, pulumi.Input<unknown>> | undefined {
  if (!a) return undefined;
  return {
    trailArn: a.trail.trailArn,
    trailBucketName: a.trail.bucketName,
    ruleNames: a.alerts?.ruleNames,
    drRuleNames: a.drAlerts?.ruleNames,
    drPageTopicArn: a.drAlerting?.pageTopicArn,
  };
}
