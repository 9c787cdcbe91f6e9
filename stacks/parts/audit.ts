import * as pulumi from "@pulumi/pulumi";
import { Alerting, AuditTrail, DeployIdentity, ProofStore, TamperAlerts } from "@credlink/components";
import { GLOBAL_EVENTS_REGION } from "../config";
import { alerting } from "./ops";
import { onPrimary, Stack, trailName } from "./context";

/** What the audit part builds: the trail, and the tamper alerts of each region with the DR region's own alert topics. */
export interface Audit {
  readonly trail: AuditTrail;
  readonly alerts: TamperAlerts;
  readonly drAlerts?: TamperAlerts;
  /** The alert topics in the DR region: an EventBridge rule's SNS target must be in the rule's region. */
  readonly drAlerting?: Alerting;
}

/**
 * The account's CloudTrail trail and the tamper alerts, only in the stack that owns the account baseline (an account
 * singleton, like GuardDuty). The alerts exist in every region the stack uses: the primary's page through the stack's
 * alert topics, the DR region's through topics of their own there (the same subscribers).
 */
export function audit(s: Stack, parts: { proofs: ProofStore; alerting: Alerting; deployIdentity?: DeployIdentity }): Audit | undefined {
  const { cfg, providers } = s;
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
  const deployRoleName = parts.deployIdentity?.deployRoleArn.apply((arn) => arn.split("/").pop() ?? arn);
  const alerts = new TamperAlerts(
    name,
    {
      pageTopicArn: parts.alerting.pageTopicArn,
      notifyTopicArn: parts.alerting.notifyTopicArn,
      protectedBucketNames: [parts.proofs.bucketName, trail.bucketName],
      deployRoleName,
      globalEvents: cfg.region === GLOBAL_EVENTS_REGION,
      runbookBase: cfg.alerts.runbookBase,
    },
    onPrimary(s),
  );
  if (!providers.dr || !parts.proofs.replicaBucketName) return { trail, alerts };
  const drAlerting = alerting(s, { name: `${s.base}-dr`, provider: providers.dr });
  const drAlerts = new TamperAlerts(
    `${name}-dr`,
    {
      pageTopicArn: drAlerting.pageTopicArn,
      notifyTopicArn: drAlerting.notifyTopicArn,
      protectedBucketNames: [parts.proofs.replicaBucketName],
      deployRoleName,
      globalEvents: cfg.dr.region === GLOBAL_EVENTS_REGION,
      runbookBase: cfg.alerts.runbookBase,
    },
    { provider: providers.dr },
  );
  return { trail, alerts, drAlerts, drAlerting };
}

/** The audit part's outputs, for the stack's exports. */
export function auditOutputs(a: Audit | undefined): Record<string, pulumi.Input<unknown>> | undefined {
  if (!a) return undefined;
  return {
    trailArn: a.trail.trailArn,
    trailBucketName: a.trail.bucketName,
    ruleNames: a.alerts.ruleNames,
    drRuleNames: a.drAlerts?.ruleNames,
    drPageTopicArn: a.drAlerting?.pageTopicArn,
  };
}
