/**
 * credlink:audit: the account's CloudTrail trail (its key, its locked bucket, what it records) and the tamper alerts
 * (each rule's pattern, where it pages, its runbook), built as components; then what the committed stacks make of
 * them: the trail only where the account baseline is owned, the IAM and sign-in rules only in us-east-1, the DR
 * region's rules paging through the DR region's topics, and every key policy keeping the roles that create it able
 * to rewrite it (AWS refuses a key policy that locks its creator out).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import {
  AuditTrail,
  AuditTrailArgs,
  IAM_CHANGE_EVENTS,
  resolveAuditTrailArgs,
  resolveTamperAlertsArgs,
  TAMPER_RULES,
  TamperAlerts,
  TamperAlertsArgs,
  validateAuditTrailArgs,
  validateTamperAlertsArgs,
} from "../components/index";
import { MOCK_ACCOUNT_ID, Recorder } from "../tools/offline/mocks";
import { runComponent } from "../tools/offline/program";
import { REPO_ROOT } from "../tools/project";
import { breakGlassAdminStatement, DEV_BREAK_GLASS, deployRoleKeyPolicyStatement, deployRoleLockoutDenyStatement, PROD_BREAK_GLASS } from "./helpers/kms";
import { problemsFor, warningsFor } from "./helpers/config";
import { committedProgram } from "./helpers/programs";

const BREAK_GLASS = "arn:aws:iam::123456789012:role/credlink-break-glass";
const DEPLOY = "arn:aws:iam::123456789012:role/credlink-prod-cicd-deploy";
const PROOFS = "arn:aws:s3:::credlink-prod-proofs-abc1234";
const REPLICA = "arn:aws:s3:::credlink-prod-proofs-replica-def5678";
const TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${MOCK_ACCOUNT_ID}:trail/credlink-prod-audit`;
const PAGE = "arn:aws:sns:us-east-1:123456789012:credlink-prod-page";
const NOTIFY = "arn:aws:sns:us-east-1:123456789012:credlink-prod-notify";
const PLAN_ID = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
/** Anyone but the deploy role's sessions, anonymous callers (no ARN) included. */
const NOT_DEPLOY = { arn: [{ "anything-but": { prefix: `arn:aws:sts::${MOCK_ACCOUNT_ID}:assumed-role/credlink-prod-cicd-deploy/` } }, { exists: false }] };

const trailArgs = (patch: Partial<AuditTrailArgs> = {}): AuditTrailArgs => ({
  trailName: "credlink-prod-audit",
  dataEventBucketArns: [PROOFS],
  replicaBucketArns: [REPLICA],
  logRetentionDays: 400,
  objectLockRetentionDays: 365,
  objectLockMode: "COMPLIANCE",
  breakGlassRoleArn: BREAK_GLASS,
  keyAdministrators: { breakGlassRoleArn: BREAK_GLASS, deployRoleArn: DEPLOY },
  ...patch,
});

const policyOf = (rec: Recorder, bucketName: string) => {
  const bucket = rec.one("aws:s3/bucket:Bucket", bucketName);
  return JSON.parse(rec.ofType("aws:s3/bucketPolicy:BucketPolicy").find((p) => p.inputs.bucket === bucket.id)!.inputs.policy);
};

describe("credlink:audit:Trail", () => {
  describe("GIVEN prod's arguments (its own key, a year of COMPLIANCE, the proofs and their replica)", () => {
    let rec: Recorder;
    before(async () => {
      ({ recorder: rec } = await runComponent(() => new AuditTrail("credlink-prod-audit", trailArgs())));
    });

    it("WHEN built THEN the trail is multi-region with global events, validated, encrypted with its key and logging to its bucket", () => {
      const bucket = rec.one("aws:s3/bucket:Bucket", "credlink-prod-audit");
      const { advancedEventSelectors, ...inputs } = rec.one("aws:cloudtrail/trail:Trail").inputs;
      expect(inputs).to.deep.equal({
        name: "credlink-prod-audit",
        s3BucketName: bucket.id,
        kmsKeyId: rec.one("aws:kms/key:Key", "credlink-prod-audit").state.arn,
        isMultiRegionTrail: true,
        includeGlobalServiceEvents: true,
        enableLogFileValidation: true,
        enableLogging: true,
      });
      expect(advancedEventSelectors).to.have.length(3);
    });

    it("WHEN built THEN it records every management event, the proofs' object writes, and the replica's writes other than replication", () => {
      const data = [
        { field: "eventCategory", equals: ["Data"] },
        { field: "resources.type", equals: ["AWS::S3::Object"] },
        { field: "readOnly", equals: ["false"] },
      ];
      expect(rec.one("aws:cloudtrail/trail:Trail").inputs.advancedEventSelectors).to.deep.equal([
        { name: "Management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
        { name: "Proof object writes", fieldSelectors: [...data, { field: "resources.ARN", startsWiths: [`${PROOFS}/`] }] },
        {
          name: "Replica object writes other than replication",
          fieldSelectors: [...data, { field: "eventName", notStartsWiths: ["Replicate"] }, { field: "resources.ARN", startsWiths: [`${REPLICA}/`] }],
        },
      ]);
    });

    it("WHEN built THEN the key names its administrators and lets CloudTrail encrypt for this trail only, and this account decrypt trail logs only", () => {
      const anyTrail = `arn:aws:cloudtrail:*:${MOCK_ACCOUNT_ID}:trail/*`;
      expect(JSON.parse(rec.one("aws:kms/key:Key", "credlink-prod-audit").inputs.policy).Statement).to.deep.equal([
        breakGlassAdminStatement(BREAK_GLASS),
        deployRoleKeyPolicyStatement(DEPLOY),
        deployRoleLockoutDenyStatement(DEPLOY),
        {
          Sid: "AllowCloudTrailToEncryptLogs",
          Effect: "Allow",
          Principal: { Service: "cloudtrail.amazonaws.com" },
          Action: "kms:GenerateDataKey*",
          Resource: "*",
          Condition: { StringEquals: { "aws:SourceArn": TRAIL_ARN }, StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": anyTrail } },
        },
        { Sid: "AllowCloudTrailToDescribeKey", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "kms:DescribeKey", Resource: "*", Condition: { StringEquals: { "aws:SourceArn": TRAIL_ARN } } },
        {
          Sid: "AllowThisAccountToDecryptTrailLogs",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${MOCK_ACCOUNT_ID}:root` },
          Action: "kms:Decrypt",
          Resource: "*",
          Condition: { StringEquals: { "kms:CallerAccount": MOCK_ACCOUNT_ID }, StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": anyTrail } },
        },
      ]);
    });

    it("WHEN built THEN the bucket takes this trail's writes only, and denies deleting log versions and loosening the lock or the encryption to all but the break-glass role", () => {
      const arn = rec.one("aws:s3/bucket:Bucket", "credlink-prod-audit").state.arn;
      const exempt = { ArnNotEquals: { "aws:PrincipalArn": BREAK_GLASS } };
      expect(policyOf(rec, "credlink-prod-audit").Statement.slice(1)).to.deep.equal([
        { Sid: "AWSCloudTrailAclCheck", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:GetBucketAcl", Resource: arn, Condition: { StringEquals: { "aws:SourceArn": TRAIL_ARN } } },
        {
          Sid: "AWSCloudTrailWrite",
          Effect: "Allow",
          Principal: { Service: "cloudtrail.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: `${arn}/AWSLogs/${MOCK_ACCOUNT_ID}/*`,
          Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": TRAIL_ARN } },
        },
        { Sid: "DenyLogDeletion", Effect: "Deny", Principal: "*", Action: ["s3:DeleteObject", "s3:DeleteObjectVersion"], Resource: `${arn}/*`, Condition: exempt },
        {
          Sid: "DenyRetentionBypassAndLockChanges",
          Effect: "Deny",
          Principal: "*",
          Action: ["s3:BypassGovernanceRetention", "s3:PutBucketObjectLockConfiguration", "s3:PutLifecycleConfiguration"],
          Resource: [arn, `${arn}/*`],
          Condition: exempt,
        },
        { Sid: "DenyDefaultEncryptionChanges", Effect: "Deny", Principal: "*", Action: "s3:PutEncryptionConfiguration", Resource: arn, Condition: exempt },
      ]);
    });

    it("WHEN built THEN every log file is locked 365 days in COMPLIANCE, expires after 400, and the bucket's access logs go beside it", () => {
      expect(rec.one("aws:s3/bucket:Bucket", "credlink-prod-audit").inputs.objectLockEnabled).to.equal(true);
      expect(rec.one("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration", "credlink-prod-audit").inputs.rule).to.deep.equal({ defaultRetention: { mode: "COMPLIANCE", days: 365 } });
      expect(rec.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "credlink-prod-audit").inputs.rules).to.deep.equal([
        { id: "expire-trail-logs", status: "Enabled", filter: {}, expiration: { days: 400 }, noncurrentVersionExpiration: { noncurrentDays: 1 }, abortIncompleteMultipartUpload: { daysAfterInitiation: 1 } },
      ]);
      const logging = rec.one("aws:s3/bucketLogging:BucketLogging", "credlink-prod-audit-logs").inputs;
      expect([logging.bucket, logging.targetBucket]).to.deep.equal([rec.one("aws:s3/bucket:Bucket", "credlink-prod-audit").id, rec.one("aws:s3/bucket:Bucket", "credlink-prod-audit-logs").id]);
    });

    it("WHEN built THEN the bucket encrypts with the trail's key and no Bucket Key (CloudTrail refuses a Bucket Key bucket to a creator that can't decrypt with the key)", () => {
      expect(rec.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "credlink-prod-audit").inputs.rules).to.deep.equal([
        { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: rec.one("aws:kms/key:Key", "credlink-prod-audit").state.arn }, bucketKeyEnabled: false },
      ]);
    });

    it("WHEN built THEN the trail is created after the bucket policy that lets CloudTrail write (CreateTrail checks it)", () => {
      const trail = rec.one("aws:cloudtrail/trail:Trail");
      const policy = rec.ofType("aws:s3/bucketPolicy:BucketPolicy").find((p) => p.name === "credlink-prod-audit")!;
      expect(trail.dependsOn).to.include(policy.urn);
    });
  });

  it("GIVEN an existing key (dev's shared key) and no lock WHEN built THEN no key is created, the trail and bucket use the given key, and the bucket denies nothing beyond TLS", async () => {
    const shared = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";
    const { recorder: rec } = await runComponent(
      () => new AuditTrail("credlink-dev-audit", trailArgs({ trailName: "credlink-dev-audit", kmsKeyArn: shared, objectLockRetentionDays: undefined, objectLockMode: undefined, replicaBucketArns: [] })),
    );
    expect(rec.ofType("aws:kms/key:Key")).to.deep.equal([]);
    expect(rec.one("aws:cloudtrail/trail:Trail").inputs.kmsKeyId).to.equal(shared);
    expect(rec.ofType("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration")).to.deep.equal([]);
    expect(policyOf(rec, "credlink-dev-audit").Statement.map((s: any) => s.Sid)).to.deep.equal(["DenyInsecureTransport", "AWSCloudTrailAclCheck", "AWSCloudTrailWrite"]);
    expect(rec.one("aws:cloudtrail/trail:Trail").inputs.advancedEventSelectors.map((s: any) => s.name)).to.deep.equal(["Management events", "Proof object writes"]);
  });

  it("GIVEN dataEventReads WHEN built THEN the proofs' selector drops its readOnly filter (reads and writes)", async () => {
    const { recorder: rec } = await runComponent(() => new AuditTrail("credlink-prod-audit", trailArgs({ dataEventReads: true })));
    const selector = rec.one("aws:cloudtrail/trail:Trail").inputs.advancedEventSelectors[1];
    expect(selector.name).to.equal("Proof object reads and writes");
    expect(selector.fieldSelectors.map((f: any) => f.field)).to.deep.equal(["eventCategory", "resources.type", "resources.ARN"]);
  });

  describe("validation: both sides of each bound", () => {
    const problem = (patch: Partial<AuditTrailArgs>) => {
      try {
        validateAuditTrailArgs(resolveAuditTrailArgs(trailArgs(patch)));
        return undefined;
      } catch (e) {
        return (e as Error).message;
      }
    };

    it("GIVEN trail names of 3 and 128 characters THEN accepted; 2, 129, a leading dash and two separators together THEN rejected", () => {
      expect([problem({ trailName: "abc" }), problem({ trailName: "a".repeat(128) })]).to.deep.equal([undefined, undefined]);
      const message = (n: string) => `trailName must be 3-128 letters, digits, '.', '_' or '-', starting and ending with a letter or digit, no two of '.', '_', '-' together (CloudTrail CreateTrail), got "${n}"`;
      for (const name of ["ab", "a".repeat(129), "-audit", "credlink--audit", "credlink._audit"]) expect(problem({ trailName: name }), name).to.equal(message(name));
    });

    it("GIVEN objectLockRetentionDays equal to logRetentionDays THEN accepted; one more THEN rejected (a locked file can't expire earlier)", () => {
      expect(problem({ logRetentionDays: 400, objectLockRetentionDays: 400 })).to.equal(undefined);
      expect(problem({ logRetentionDays: 400, objectLockRetentionDays: 401 })).to.equal(
        "objectLockRetentionDays must be an integer from 1 to logRetentionDays (400): a locked log file can't expire earlier, got 401",
      );
    });

    it("GIVEN no data-event bucket THEN rejected: the trail exists to record the proofs' writes", () => {
      expect(problem({ dataEventBucketArns: [] })).to.equal("dataEventBucketArns must name at least the proof bucket (the trail records its object writes), got []");
    });
  });
});

describe("credlink:audit:TamperAlerts", () => {
  const alertArgs = (patch: Partial<TamperAlertsArgs> = {}): TamperAlertsArgs => ({
    pageTopicArn: PAGE,
    notifyTopicArn: NOTIFY,
    protectedBucketNames: ["credlink-prod-proofs-abc1234", "credlink-prod-audit-0123abc"],
    resourceNamePrefixes: ["credlink-prod-", "credlink-account-"],
    backupPlanIds: [PLAN_ID],
    deployRoleName: "credlink-prod-cicd-deploy",
    globalEvents: true,
    ...patch,
  });
  let rec: Recorder;
  before(async () => {
    ({ recorder: rec } = await runComponent(() => new TamperAlerts("credlink-prod-audit", alertArgs())));
  });
  const pattern = (id: string) => JSON.parse(rec.one("aws:cloudwatch/eventRule:EventRule", `credlink-prod-audit-${id}`).inputs.eventPattern);
  const API_CALL = "AWS API Call via CloudTrail";

  it("GIVEN us-east-1 (globalEvents) WHEN built THEN the eight rules exist, each paging the page topic, each delivery alarming on the notify topic", () => {
    expect(rec.ofType("aws:cloudwatch/eventRule:EventRule").map((r) => r.name)).to.have.members(TAMPER_RULES.map((r) => `credlink-prod-audit-${r.id}`));
    expect(rec.ofType("aws:cloudwatch/eventTarget:EventTarget").map((t) => [t.name, t.inputs.arn])).to.have.deep.members(TAMPER_RULES.map((r) => [`credlink-prod-audit-${r.id}`, PAGE]));
    const alarms = rec.ofType("aws:cloudwatch/metricAlarm:MetricAlarm");
    expect(alarms.map((a) => [a.name, a.inputs.metricName, a.inputs.alarmActions])).to.have.deep.members(TAMPER_RULES.map((r) => [`credlink-prod-audit-${r.id}-failed-invocations`, "FailedInvocations", [NOTIFY]]));
  });

  it("WHEN built THEN each rule's description says it pages and links its runbook, and every runbook exists", () => {
    for (const r of TAMPER_RULES) {
      const rule = rec.one("aws:cloudwatch/eventRule:EventRule", `credlink-prod-audit-${r.id}`);
      expect(rule.inputs.description).to.equal(`CredLink: ${r.what}. Pages. Runbook: docs/runbooks/audit-${r.id}.md`);
      expect(fs.existsSync(path.join(REPO_ROOT, "docs/runbooks", `audit-${r.id}.md`)), r.id).to.equal(true);
    }
  });

  it("WHEN built THEN key deletion, disabling and key-policy changes page, on any key, and so does a key created with the lockout safety check bypassed", () => {
    expect(pattern("key-tampering")).to.deep.equal({
      source: ["aws.kms"],
      "detail-type": [API_CALL],
      detail: {
        eventSource: ["kms.amazonaws.com"],
        $or: [{ eventName: ["ScheduleKeyDeletion", "DisableKey", "PutKeyPolicy"] }, { eventName: ["CreateKey"], requestParameters: { bypassPolicyLockoutSafetyCheck: [true] } }],
      },
    });
  });

  it("WHEN built THEN a policy, Object Lock or versioning change on exactly the protected buckets pages", () => {
    expect(pattern("proof-bucket-policy")).to.deep.equal({
      source: ["aws.s3"],
      "detail-type": [API_CALL],
      detail: {
        eventSource: ["s3.amazonaws.com"],
        eventName: ["PutBucketPolicy", "DeleteBucketPolicy", "PutBucketObjectLockConfiguration", "PutBucketVersioning"],
        requestParameters: { bucketName: ["credlink-prod-proofs-abc1234", "credlink-prod-audit-0123abc"] },
      },
    });
  });

  it("WHEN built THEN an IAM change pages unless the deploy role's own sessions made it", () => {
    expect(pattern("iam-change")).to.deep.equal({
      source: ["aws.iam"],
      "detail-type": [API_CALL],
      detail: {
        eventSource: ["iam.amazonaws.com"],
        eventName: [...IAM_CHANGE_EVENTS],
        userIdentity: { arn: [{ "anything-but": { prefix: `arn:aws:sts::${MOCK_ACCOUNT_ID}:assumed-role/credlink-prod-cicd-deploy/` } }] },
      },
    });
    expect(IAM_CHANGE_EVENTS).to.include.members(["CreateRole", "PutRolePolicy", "AttachRolePolicy", "UpdateAssumeRolePolicy", "CreatePolicyVersion", "DeleteRolePermissionsBoundary"]);
  });

  it("WHEN built THEN a root console sign-in or API call pages", () => {
    expect(pattern("root-activity")).to.deep.equal({ "detail-type": ["AWS Console Sign In via CloudTrail", API_CALL], detail: { userIdentity: { type: ["Root"] } } });
  });

  it("WHEN built THEN stopping, deleting or re-pointing a trail, or its insight selectors, page whoever calls; its event selectors, and a log group's key, retention or deletion, page unless the deploy role (or RDS for RDSOSMetrics) made them", () => {
    expect(pattern("trail-tampering")).to.deep.equal({
      source: ["aws.cloudtrail", "aws.logs"],
      "detail-type": [API_CALL],
      detail: {
        $or: [
          { eventSource: ["cloudtrail.amazonaws.com"], eventName: ["StopLogging", "DeleteTrail", "UpdateTrail", "PutInsightSelectors"] },
          { eventSource: ["cloudtrail.amazonaws.com"], eventName: ["PutEventSelectors"], userIdentity: NOT_DEPLOY },
          {
            eventSource: ["logs.amazonaws.com"],
            eventName: ["AssociateKmsKey", "DisassociateKmsKey", "PutRetentionPolicy", "DeleteRetentionPolicy", "DeleteLogGroup"],
            requestParameters: { logGroupName: [{ "anything-but": "RDSOSMetrics" }, { exists: false }] },
            userIdentity: { ...NOT_DEPLOY, invokedBy: [{ exists: false }] },
          },
        ],
      },
    });
  });

  it("WHEN built THEN deleting a vault lock, policy, vault or recovery point (not Backup's own lifecycle) pages; so do deleting the stack's plan or its selection, and a change of the plan by anyone but the deploy role", () => {
    expect(pattern("backup-tampering")).to.deep.equal({
      source: ["aws.backup"],
      "detail-type": [API_CALL],
      detail: {
        eventSource: ["backup.amazonaws.com"],
        $or: [
          {
            eventName: ["DeleteBackupVaultLockConfiguration", "DeleteRecoveryPoint", "DeleteBackupVault", "PutBackupVaultAccessPolicy", "DeleteBackupVaultAccessPolicy"],
            userIdentity: { invokedBy: [{ exists: false }, { "anything-but": "backup.amazonaws.com" }] },
          },
          { eventName: ["DeleteBackupPlan", "DeleteBackupSelection"], requestParameters: { backupPlanId: [PLAN_ID] } },
          { eventName: ["UpdateBackupPlan"], requestParameters: { backupPlanId: [PLAN_ID] }, userIdentity: NOT_DEPLOY },
        ],
      },
    });
  });

  it("WHEN built THEN touching GuardDuty's detector or its filters pages", () => {
    expect(pattern("guardduty-tampering").detail.eventName).to.deep.equal(["DeleteDetector", "UpdateDetector", "CreateFilter", "UpdateFilter"]);
  });

  // The deploy role may write the pager (every up does) but not take it apart unseen: a compromised run that removed
  // PagerDuty's subscription or a tamper rule's target would leave the heartbeat green.
  it("WHEN built THEN the pager pages when anyone but the deploy role rewrites the stack's rules, targets, alert topics, subscriptions or alarms (each by the parameter that names it), and when anyone but an AWS service removes or silences one", () => {
    const named = [{ prefix: "credlink-prod-" }, { prefix: "credlink-account-" }];
    const signedNotDeploy = { arn: [NOT_DEPLOY.arn[0]] };
    expect(pattern("alerting-tampering")).to.deep.equal({
      source: ["aws.events", "aws.sns", "aws.monitoring"],
      "detail-type": [API_CALL],
      detail: {
        eventSource: ["events.amazonaws.com", "sns.amazonaws.com", "monitoring.amazonaws.com"],
        $or: [
          { eventName: ["PutRule"], requestParameters: { name: named }, userIdentity: signedNotDeploy },
          { eventName: ["PutTargets"], requestParameters: { rule: named }, userIdentity: signedNotDeploy },
          { eventName: ["SetTopicAttributes", "Subscribe"], requestParameters: { topicArn: [PAGE, NOTIFY] }, userIdentity: signedNotDeploy },
          { eventName: ["SetSubscriptionAttributes"], requestParameters: { subscriptionArn: [{ prefix: `${PAGE}:` }, { prefix: `${NOTIFY}:` }] }, userIdentity: signedNotDeploy },
          { eventName: ["PutMetricAlarm", "PutCompositeAlarm"], requestParameters: { alarmName: named }, userIdentity: signedNotDeploy },
          { eventName: ["DeleteRule", "DisableRule", "RemoveTargets", "DeleteTopic", "Unsubscribe", "DeleteAlarms", "DisableAlarmActions"], userIdentity: { invokedBy: [{ exists: false }] } },
        ],
      },
    });
  });

  it("GIVEN another region (no globalEvents), no plan there and no deploy role WHEN built THEN the IAM rule is left out, the backup rule watches the vaults only, and every IAM change and pager call pages", async () => {
    const { recorder } = await runComponent(() => new TamperAlerts("credlink-prod-audit-dr", alertArgs({ globalEvents: false, backupPlanIds: [] })));
    expect(recorder.ofType("aws:cloudwatch/eventRule:EventRule").map((r) => r.name.replace("credlink-prod-audit-dr-", ""))).to.have.members(TAMPER_RULES.filter((r) => !r.global).map((r) => r.id));
    expect(JSON.parse(recorder.one("aws:cloudwatch/eventRule:EventRule", "credlink-prod-audit-dr-backup-tampering").inputs.eventPattern).detail).to.deep.equal({
      eventSource: ["backup.amazonaws.com"],
      eventName: ["DeleteBackupVaultLockConfiguration", "DeleteRecoveryPoint", "DeleteBackupVault", "PutBackupVaultAccessPolicy", "DeleteBackupVaultAccessPolicy"],
      userIdentity: { invokedBy: [{ exists: false }, { "anything-but": "backup.amazonaws.com" }] },
    });
    const { recorder: noDeploy } = await runComponent(() => new TamperAlerts("credlink-prod-audit", alertArgs({ deployRoleName: undefined })));
    const noDeployPattern = (id: string) => JSON.parse(noDeploy.one("aws:cloudwatch/eventRule:EventRule", `credlink-prod-audit-${id}`).inputs.eventPattern);
    expect([noDeployPattern("iam-change").detail.userIdentity, noDeployPattern("alerting-tampering").detail.$or[0].userIdentity, noDeployPattern("trail-tampering").detail.$or[1]]).to.deep.equal([
      undefined,
      undefined,
      { eventSource: ["cloudtrail.amazonaws.com"], eventName: ["PutEventSelectors"] },
    ]);
  });

  it("WHEN built THEN every pattern fits EventBridge's default 2,048-character quota", () => {
    for (const rule of rec.ofType("aws:cloudwatch/eventRule:EventRule")) expect(rule.inputs.eventPattern.length, rule.name).to.be.at.most(2048);
  });

  it("GIVEN no protected bucket, or a runbook base with a trailing slash THEN each is rejected naming the argument", () => {
    const problem = (patch: Partial<TamperAlertsArgs>) => {
      try {
        validateTamperAlertsArgs(resolveTamperAlertsArgs(alertArgs(patch)));
        return undefined;
      } catch (e) {
        return (e as Error).message;
      }
    };
    expect(problem({ protectedBucketNames: [] })).to.equal("protectedBucketNames must name the proof buckets of this region, got []");
    expect(problem({ resourceNamePrefixes: [] })).to.equal("resourceNamePrefixes must name the prefixes of the stack's rules and alarms, got []");
    // A prefix ends with "-": "credlink-prod" would also match credlink-production's names.
    expect(problem({ resourceNamePrefixes: ["credlink-prod"] })).to.equal(`resourceNamePrefixes must be 2-64 letters, digits, '.', '_' or '-' ending in '-' (a whole name part), got "credlink-prod"`);
    expect(problem({ resourceNamePrefixes: ["c-", `${"c".repeat(63)}-`] })).to.equal(undefined);
    expect(problem({ resourceNamePrefixes: [`${"c".repeat(64)}-`] })).to.match(/^resourceNamePrefixes must be 2-64 /);
    expect(problem({ runbookBase: "https://runbooks.credlink.example/" })).to.match(/^runbookBase must be a repository path or a URL without a trailing "\/"/);
    expect(problem({ runbookBase: "https://runbooks.credlink.example" })).to.equal(undefined);
  });
});

describe("credlink:audit in the committed stacks", () => {
  it("GIVEN prod (the baseline's owner, in us-east-1, DR in us-west-2) THEN one trail, eight rules in us-east-1 and seven in us-west-2 through the DR region's own topics", async () => {
    const { recorder: rec, outputs } = await committedProgram("prod");
    expect(rec.ofType("aws:cloudtrail/trail:Trail").map((t) => t.name)).to.deep.equal(["credlink-prod-audit"]);
    const drTopic = rec.one("aws:sns/topic:Topic", "credlink-prod-restore-test-dr-page").state.arn;
    const targets = rec.ofType("aws:cloudwatch/eventTarget:EventTarget").filter((t) => t.name.startsWith("credlink-prod-audit-"));
    expect(targets.filter((t) => t.inputs.arn === outputs.pageTopicArn).length).to.equal(8);
    expect(targets.filter((t) => t.inputs.arn === drTopic).map((t) => t.name)).to.have.members(TAMPER_RULES.filter((r) => !r.global).map((r) => `credlink-prod-audit-dr-${r.id}`));
    // The DR rules watch the replica; the primary's the proofs and the trail's bucket.
    const buckets = (name: string) => JSON.parse(rec.one("aws:cloudwatch/eventRule:EventRule", name).inputs.eventPattern).detail.requestParameters.bucketName;
    expect(buckets("credlink-prod-audit-proof-bucket-policy")).to.deep.equal([rec.one("aws:s3/bucket:Bucket", "credlink-prod-proofs").state.bucket, rec.one("aws:s3/bucket:Bucket", "credlink-prod-audit").state.bucket]);
    expect(buckets("credlink-prod-audit-dr-proof-bucket-policy")).to.deep.equal([rec.one("aws:s3/bucket:Bucket", "credlink-prod-proofs-replica").state.bucket]);
  });

  it("GIVEN prod THEN the pager's calls are scoped to what the stack made: every rule and alarm is named under the rules' prefixes, the topics are each region's alert topics, the plan is the stack's", async () => {
    const { recorder: rec, outputs } = await committedProgram("prod");
    const pattern = (name: string) => JSON.parse(rec.one("aws:cloudwatch/eventRule:EventRule", name).inputs.eventPattern);
    const prefixes = pattern("credlink-prod-audit-alerting-tampering").detail.$or[0].requestParameters.name.map((p: { prefix: string }) => p.prefix);
    expect(prefixes).to.deep.equal(["credlink-prod-", "credlink-account-"]);
    const names = [
      ...rec.ofType("aws:cloudwatch/eventRule:EventRule").map((r) => r.state.name),
      ...rec.ofType("aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => a.state.name),
      ...rec.ofType("aws:cloudwatch/compositeAlarm:CompositeAlarm").map((a) => a.state.alarmName),
    ];
    expect(names.length).to.be.greaterThan(60);
    expect(names.filter((n: string) => !prefixes.some((p: string) => n.startsWith(p)))).to.deep.equal([]);
    const drPage = rec.one("aws:sns/topic:Topic", "credlink-prod-restore-test-dr-page").state.arn;
    const drNotify = rec.one("aws:sns/topic:Topic", "credlink-prod-restore-test-dr-notify").state.arn;
    expect(pattern("credlink-prod-audit-alerting-tampering").detail.$or[2].requestParameters.topicArn).to.deep.equal([outputs.pageTopicArn, outputs.notifyTopicArn]);
    expect(pattern("credlink-prod-audit-dr-alerting-tampering").detail.$or[2].requestParameters.topicArn).to.deep.equal([drPage, drNotify]);
    const plan = rec.one("aws:backup/plan:Plan", "credlink-prod-backup");
    expect(pattern("credlink-prod-audit-backup-tampering").detail.$or[1].requestParameters.backupPlanId).to.deep.equal([plan.id]);
    expect(pattern("credlink-prod-audit-dr-backup-tampering").detail.$or).to.equal(undefined);
  });

  it("GIVEN dev (its own account's baseline, credlink:audit.tamperAlerts false) THEN its account's trail, under dev's one key, and no tamper rule", async () => {
    const { recorder: rec } = await committedProgram("dev");
    const trails = rec.ofType("aws:cloudtrail/trail:Trail");
    expect(trails.map((t) => [t.name, t.inputs.kmsKeyId])).to.deep.equal([["credlink-dev-audit", rec.one("aws:kms/key:Key", "credlink-dev-key").state.arn]]);
    expect(rec.all.filter((r) => r.type === "credlink:audit:TamperAlerts" || r.name.includes("-audit-") && r.type === "aws:cloudwatch/eventRule:EventRule")).to.deep.equal([]);
  });

  // prod-dr too: its keys (the uptime probe's, outside us-east-1) are administered like prod's, in prod's account.
  for (const stack of ["dev", "prod", "prod-dr"] as const) {
    it(`GIVEN ${stack} THEN every key policy keeps kms:PutKeyPolicy for the roles that create and update it: the account's break-glass role and the deploy role`, async () => {
      const { recorder: rec } = await committedProgram(stack);
      const deployRole = rec.one("aws:iam/role:Role", `credlink-${stack}-cicd-deploy`).state.arn;
      const admin = { AWS: stack === "dev" ? DEV_BREAK_GLASS : PROD_BREAK_GLASS };
      const keys = rec.ofType("aws:kms/key:Key");
      expect(keys.length).to.be.greaterThan(0);
      for (const key of keys) {
        const statements: any[] = JSON.parse(key.inputs.policy).Statement;
        const allows = (principal: object, action: string) =>
          statements.some((s) => s.Effect === "Allow" && JSON.stringify(s.Principal) === JSON.stringify(principal) && [s.Action].flat().some((a: string) => new RegExp(`^${a.replace("*", ".*")}$`).test(action)));
        expect([allows(admin, "kms:PutKeyPolicy"), allows({ AWS: deployRole }, "kms:PutKeyPolicy")], key.name).to.deep.equal([true, true]);
        // Deletion and disabling: the break-glass role's only, never the deploy role's.
        expect([allows({ AWS: deployRole }, "kms:ScheduleKeyDeletion"), allows({ AWS: deployRole }, "kms:DisableKey")], key.name).to.deep.equal([false, false]);
      }
    });
  }
});

describe("credlink:audit config", () => {
  it("GIVEN credlink:audit in a stack that doesn't own the baseline (the failover stack, in prod's account) THEN it is rejected", () => {
    expect(problemsFor("prod-dr", { "credlink:audit": { logRetentionDays: 30 } })).to.deep.equal([
      'credlink:audit is set but credlink:account.baseline is not true: the trail is an account singleton, built by the stack that owns the baseline, got an object {"logRetentionDays":30}',
    ]);
  });

  it("GIVEN prod without tamper alerts THEN it is rejected; dev (its default here: false) THEN accepted", () => {
    expect(problemsFor("prod", { "credlink:audit": { tamperAlerts: false } })).to.deep.equal([
      "credlink:audit.tamperAlerts must be true in prod: key deletion, policy, lock, IAM, root, trail, backup, GuardDuty and alerting changes page within minutes, got false",
    ]);
    expect(() => warningsFor("dev", { "credlink:audit": { tamperAlerts: false } })).not.to.throw();
  });

  it("GIVEN prod with the trail's lock GOVERNANCE, or unset THEN each is rejected naming the key", () => {
    expect(problemsFor("prod", { "credlink:audit": { logRetentionDays: 400, objectLockRetentionDays: 365, objectLockMode: "GOVERNANCE" } })).to.deep.equal([
      'credlink:audit.objectLockMode must be "COMPLIANCE" in prod: nobody, the account root included, may shorten a trail log\'s retention, got "GOVERNANCE"',
    ]);
    expect(problemsFor("prod", { "credlink:audit": { logRetentionDays: 400, objectLockRetentionDays: undefined } })).to.deep.equal([
      "credlink:audit.objectLockRetentionDays must be set in prod: the trail's log files are evidence, kept under Object Lock, got nothing",
    ]);
  });

  it("GIVEN a baseline owner with neither region us-east-1 THEN a warning says the IAM and root pages are missing; with DR in us-east-1 THEN none", () => {
    const warning =
      'credlink:account.baseline is true but neither aws:region "eu-central-1" nor credlink:dr.region is us-east-1: IAM changes and root sign-ins reach EventBridge only in us-east-1, so the trail records them but they page nobody (see "The audit trail")';
    expect(warningsFor("prod", { "aws:region": "eu-central-1", "credlink:dr": { region: "eu-west-1" } })).to.include(warning);
    expect(warningsFor("prod", { "aws:region": "eu-central-1", "credlink:dr": { region: "us-east-1" } }).filter((w) => w.includes("EventBridge only"))).to.deep.equal([]);
  });
});
