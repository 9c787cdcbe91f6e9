/**
 * The account's audit trail (credlink:audit:Trail), a control no checkov or trivy check covers the way this program
 * relies on it: the stack that owns the account baseline has a CloudTrail trail that records every region and the
 * global services, signs its log files (log file validation), encrypts them with a customer managed key, records the
 * proof buckets' object writes (data events), and keeps its log files under Object Lock in the environment's mode.
 * Mandatory in prod (prod owns the account baseline); advisory in dev, where no trail is required.
 */
import type { PolicyResource } from "@pulumi/policy";
import { buckets, cmkProblem, companions, truthy } from "../lib/aws";
import { CredlinkPolicy, getOr, many, plain, refersTo, stackRule, StackProblem, tryGet } from "../lib/rules";
import { proofBuckets } from "./recovery";

export const TRAIL = "aws:cloudtrail/trail:Trail";
const OBJECT_LOCK_CONFIGURATION = "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration";

/** A trail's advanced event selectors, as plain objects (an unknown value reads as none). */
function selectorsOf(trail: PolicyResource): any[] {
  const got = tryGet(trail.props, "advancedEventSelectors");
  if (!got.known) return [];
  try {
    return many<any>(plain(got.value));
  } catch {
    return [];
  }
}

/** The values a field selector of `selector` holds under `operator` (`equals`, `startsWiths`...), or undefined when none on `field` uses it. */
function fieldValues(selector: any, field: string, operator: string): string[] | undefined {
  const found = many<any>(selector?.fieldSelectors).find((f) => f?.field === field && f[operator] !== undefined);
  return found === undefined ? undefined : many<string>(found[operator]);
}

/** Whether the trail records management events: basic selectors (none, or one with management events on) or an advanced one on eventCategory Management. */
function recordsManagementEvents(trail: PolicyResource): boolean {
  const advanced = selectorsOf(trail);
  if (advanced.length > 0) return advanced.some((s) => (fieldValues(s, "eventCategory", "equals") ?? []).includes("Management") && fieldValues(s, "readOnly", "equals") === undefined);
  const basic = many<any>(plain(getOr(trail.props, ["eventSelectors"], [])));
  return basic.length === 0 || basic.some((s) => s?.includeManagementEvents !== false && (s?.readWriteType ?? "All") === "All");
}

export const trailCoversTheAccount = stackRule<{ requireTrail: boolean }>({
  name: "cloudtrail-trail-multi-region-validated-encrypted",
  description:
    "The stack that owns the account baseline has a CloudTrail trail; every trail records all regions and the global services' events (IAM, STS, console sign-in), logs every management event, signs its log files (log file validation: a deleted or edited file is detectable) and encrypts them with a customer managed key.",
  // AVD-AWS-0016: log file validation; the rest is AWS Config's cloudtrail-security-trail-enabled
  // (https://docs.aws.amazon.com/config/latest/developerguide/cloudtrail-security-trail-enabled.html).
  covers: ["AVD-AWS-0016", "AWS Config cloudtrail-security-trail-enabled: multi-region, global service events, log file validation, a KMS key, every management event"],
  enforcementLevel: "mandatory",
  configSchema: {
    properties: { requireTrail: { type: "boolean", default: false, description: "The stack owns the account baseline and must create the account's trail." } },
  },
  check: (all, c) => {
    const trails = all.filter((r) => r.type === TRAIL);
    if (trails.length === 0) {
      return c.requireTrail ? [{ message: "the stack owns the account baseline (requireTrail) but creates no aws.cloudtrail.Trail: nothing records the account's API calls beyond CloudTrail's 90-day event history" }] : [];
    }
    return trails.flatMap((trail) => {
      const problems: string[] = [];
      // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-trails
      if (!truthy(getOr(trail.props, ["isMultiRegionTrail"], false))) problems.push("isMultiRegionTrail must be true: a single-region trail misses every call made in another region");
      if (getOr(trail.props, ["includeGlobalServiceEvents"], true) === false) problems.push("includeGlobalServiceEvents must not be false: IAM, STS and console sign-in events are global");
      // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html
      if (!truthy(getOr(trail.props, ["enableLogFileValidation"], false))) problems.push("enableLogFileValidation must be true: without digest files a deleted or edited log file goes unnoticed");
      const key = tryGet(trail.props, "kmsKeyId");
      if (key.known) {
        const problem = cmkProblem("kmsKeyId", key.value);
        if (problem) problems.push(problem);
      }
      if (getOr(trail.props, ["enableLogging"], true) === false) problems.push("enableLogging must not be false: a stopped trail records nothing");
      if (!recordsManagementEvents(trail)) problems.push("must record every management event (read and write): an advanced selector on eventCategory Management with no readOnly filter");
      return problems.map((p): StackProblem => ({ message: `${trail.name}: ${p}`, urn: trail.urn }));
    });
  },
});

/**
 * Whether an advanced selector records every object write in the bucket `bucketArn`: data events on S3 objects under
 * a prefix that covers the whole bucket, writes not filtered out, no allow-list of event names (a `notStartsWith`
 * that leaves replication out, as on the replica, is fine).
 */
function recordsWritesIn(selector: any, bucketArn: string): boolean {
  const category = fieldValues(selector, "eventCategory", "equals") ?? [];
  const type = fieldValues(selector, "resources.type", "equals") ?? [];
  const readOnly = fieldValues(selector, "readOnly", "equals");
  const prefixes = fieldValues(selector, "resources.ARN", "startsWiths") ?? [];
  return (
    category.includes("Data") &&
    type.includes("AWS::S3::Object") &&
    (readOnly === undefined || readOnly.includes("false")) &&
    fieldValues(selector, "eventName", "equals") === undefined &&
    prefixes.some((p) => typeof p === "string" && `${bucketArn}/`.startsWith(p))
  );
}

export const trailRecordsProofWrites = stackRule<{ bucketNamePattern: string }>({
  name: "cloudtrail-records-proof-object-writes",
  description:
    "Where the stack has a trail, it records the object-level writes (S3 data events: PutObject, DeleteObject, retention and legal-hold changes) on each proof bucket and replica: who wrote, deleted or changed the retention of which proof.",
  covers: ["the proof buckets' object writes in the account's trail"],
  enforcementLevel: "mandatory",
  configSchema: {
    properties: { bucketNamePattern: { type: "string", default: "-proofs$", description: "A regular expression; buckets whose logical name matches hold the proofs (their replicas are found through their replication rules)." } },
  },
  check: (all, c) => {
    const trails = all.filter((r) => r.type === TRAIL);
    if (trails.length === 0) return [];
    const selectors = trails.flatMap(selectorsOf);
    return proofBuckets(all, c.bucketNamePattern).flatMap(({ bucket, role }) => {
      const arn = tryGet(bucket.props, "arn");
      // A bucket created in this update has no ARN at preview: the next preview checks it.
      if (!arn.known || typeof arn.value !== "string") return [];
      if (selectors.some((s) => recordsWritesIn(s, arn.value))) return [];
      return [{ message: `${bucket.name} (${role}): no trail records its object writes (an advanced event selector: eventCategory Data, resources.type AWS::S3::Object, resources.ARN startsWith ${arn.value}/, writes not filtered out)`, urn: bucket.urn }];
    });
  },
});

interface TrailBucketLockConfig {
  minRetentionDays: number;
  mode: "GOVERNANCE" | "COMPLIANCE";
}

export const trailBucketLocked = stackRule<TrailBucketLockConfig>({
  name: "cloudtrail-log-bucket-object-lock",
  description:
    "The bucket each trail delivers to has Object Lock with a default retention of at least minRetentionDays in the environment's mode: no log file can be deleted or overwritten before then (COMPLIANCE: by nobody, root included).",
  covers: ["the trail's log files under Object Lock"],
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      minRetentionDays: { type: "integer", minimum: 1, maximum: 36500, default: 365, description: "Shortest default retention accepted, in days." },
      mode: { type: "string", enum: ["GOVERNANCE", "COMPLIANCE"], default: "GOVERNANCE", description: "The Object Lock mode the environment requires." },
    },
  },
  check: (all, c) =>
    all
      .filter((r) => r.type === TRAIL)
      .flatMap((trail) => {
        const bucket = buckets(all).find((b) => refersTo(trail, "s3BucketName", b));
        if (!bucket) {
          const name = tryGet(trail.props, "s3BucketName");
          // A bucket outside the stack (another account's log archive) is that account's to lock.
          return name.known ? [{ message: `${trail.name}: delivers to ${String(name.value)}, a bucket outside this stack: the pack can't see its Object Lock; deliver to a bucket of the stack`, urn: trail.urn }] : [];
        }
        const problems: string[] = [];
        if (!truthy(getOr(bucket.props, ["objectLockEnabled"], false))) problems.push("objectLockEnabled must be true (it can only be set when the bucket is created)");
        const configs = companions(all, OBJECT_LOCK_CONFIGURATION, bucket);
        if (configs.length === 0) problems.push("has no aws.s3.BucketObjectLockConfiguration with a default retention");
        for (const cfg of configs) {
          const retention = plain(getOr<any>(cfg.props, ["rule"], undefined))?.defaultRetention;
          const days = retention?.days !== undefined ? Number(retention.days) : retention?.years !== undefined ? Number(retention.years) * 365 : 0;
          if (!retention) problems.push(`${cfg.name}: rule.defaultRetention must be set`);
          else {
            if (days < c.minRetentionDays) problems.push(`${cfg.name}: default retention ${days} days is under the minimum of ${c.minRetentionDays}`);
            if (retention.mode !== c.mode) problems.push(`${cfg.name}: mode must be ${c.mode} in this environment, got ${retention.mode ?? "(unset)"}`);
          }
        }
        return problems.map((p): StackProblem => ({ message: `${trail.name} (its bucket ${bucket.name}): ${p}`, urn: bucket.urn }));
      }),
});

export const auditPolicies: CredlinkPolicy[] = [trailCoversTheAccount, trailRecordsProofWrites, trailBucketLocked];
