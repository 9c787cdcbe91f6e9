/**
 * The audit-trail policies (policy/policies/audit.ts) on synthetic stacks: a trail as the program builds it passes,
 * and each near miss (one region, no log file validation, an AWS managed key, a stopped trail, writes not recorded,
 * a log bucket locked in the wrong mode or not at all) fails with its message. The committed prod program's own
 * mistakes are in controls-mutations.test.ts.
 */
import { T } from "../../policy/lib/types";
import * as audit from "../../policy/policies/audit";
import { StackResourceSpec, urnOf } from "../../tools/offline/policy";
import { stackCases } from "./cases";
import { bucketStack } from "./fixtures";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";
const PROOFS = "arn:aws:s3:::credlink-prod-proofs-abc1234";
const LOCK = "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration";

const management = { name: "Management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] };
const writes = (arn = PROOFS, extra: Record<string, unknown>[] = [{ field: "readOnly", equals: ["false"] }]) => ({
  name: "Proof object writes",
  fieldSelectors: [{ field: "eventCategory", equals: ["Data"] }, { field: "resources.type", equals: ["AWS::S3::Object"] }, ...extra, { field: "resources.ARN", startsWiths: [`${arn}/`] }],
});

/** The trail as credlink:audit:Trail builds it, delivering to the bucket `logs` (logical name). */
const trail = (patch: Record<string, unknown> = {}, logs = "audit"): StackResourceSpec => ({
  type: audit.TRAIL,
  name: "credlink-prod-audit",
  props: {
    name: "credlink-prod-audit",
    s3BucketName: `credlink-prod-${logs}-abc1234`,
    kmsKeyId: KEY,
    isMultiRegionTrail: true,
    includeGlobalServiceEvents: true,
    enableLogFileValidation: true,
    enableLogging: true,
    advancedEventSelectors: [management, writes()],
    ...patch,
  },
  propertyDependencies: { s3BucketName: [urnOf(T.bucket, logs)] },
});

describe("audit policies", () => {
  stackCases(audit.trailCoversTheAccount, {
    pass: [
      { title: "the trail as the program builds it", stack: [trail()], config: { requireTrail: true } },
      { title: "basic event selectors left at their default (every management event)", stack: [trail({ advancedEventSelectors: undefined })] },
      { title: "no trail where the stack owns no baseline (dev)", stack: [], config: { requireTrail: false } },
    ],
    fail: [
      { title: "no trail where the stack owns the baseline", stack: [], config: { requireTrail: true }, expect: /^the stack owns the account baseline \(requireTrail\) but creates no aws\.cloudtrail\.Trail/ },
      { title: "a single-region trail", stack: [trail({ isMultiRegionTrail: false })], expect: /^credlink-prod-audit: isMultiRegionTrail must be true/ },
      { title: "global service events left out", stack: [trail({ includeGlobalServiceEvents: false })], expect: /includeGlobalServiceEvents must not be false/ },
      { title: "log file validation off", stack: [trail({ enableLogFileValidation: false })], expect: /^credlink-prod-audit: enableLogFileValidation must be true/ },
      { title: "log file validation left unset (the provider's default is off)", stack: [trail({ enableLogFileValidation: undefined })], expect: /enableLogFileValidation must be true/ },
      { title: "no key (SSE-S3)", stack: [trail({ kmsKeyId: undefined })], expect: /^credlink-prod-audit: kmsKeyId must name a customer managed key$/ },
      { title: "the AWS managed key alias/aws/s3", stack: [trail({ kmsKeyId: "alias/aws/s3" })], expect: /kmsKeyId alias\/aws\/s3 is an AWS managed key/ },
      { title: "logging stopped", stack: [trail({ enableLogging: false })], expect: /enableLogging must not be false/ },
      {
        title: "management events narrowed to writes",
        stack: [trail({ advancedEventSelectors: [{ ...management, fieldSelectors: [...management.fieldSelectors, { field: "readOnly", equals: ["false"] }] }, writes()] })],
        expect: /must record every management event/,
      },
      { title: "basic selectors with management events off", stack: [trail({ advancedEventSelectors: undefined, eventSelectors: [{ includeManagementEvents: false, readWriteType: "All" }] })], expect: /must record every management event/ },
    ],
  });

  const proofs = bucketStack({ name: "credlink-prod-proofs", physical: "credlink-prod-proofs-abc1234", override: { bucket: { arn: PROOFS } } });
  stackCases(audit.trailRecordsProofWrites, {
    pass: [
      { title: "a selector on the proof bucket's object writes", stack: [...proofs, trail()] },
      {
        title: "writes other than replication (the replica's selector: eventName notStartsWith Replicate)",
        stack: [...proofs, trail({ advancedEventSelectors: [management, writes(PROOFS, [{ field: "readOnly", equals: ["false"] }, { field: "eventName", notStartsWiths: ["Replicate"] }])] })],
      },
      { title: "reads and writes (no readOnly filter)", stack: [...proofs, trail({ advancedEventSelectors: [management, writes(PROOFS, [])] })] },
      { title: "every bucket's objects (the prefix arn:aws:s3:::)", stack: [...proofs, trail({ advancedEventSelectors: [management, { ...writes(), fieldSelectors: [...writes().fieldSelectors.slice(0, 3), { field: "resources.ARN", startsWiths: ["arn:aws:s3:::"] }] }] })] },
      { title: "no trail in the stack (the baseline's owner records them)", stack: proofs },
    ],
    fail: [
      { title: "management events only", stack: [...proofs, trail({ advancedEventSelectors: [management] })], expect: /^credlink-prod-proofs \(proof bucket\): no trail records its object writes/ },
      { title: "reads only", stack: [...proofs, trail({ advancedEventSelectors: [management, writes(PROOFS, [{ field: "readOnly", equals: ["true"] }])] })], expect: /no trail records its object writes/ },
      { title: "another bucket's objects", stack: [...proofs, trail({ advancedEventSelectors: [management, writes("arn:aws:s3:::credlink-prod-alb-logs")] })], expect: /no trail records its object writes/ },
      { title: "one folder of the bucket only", stack: [...proofs, trail({ advancedEventSelectors: [management, writes(`${PROOFS}/2025`)] })], expect: /no trail records its object writes/ },
      {
        title: "an allow-list of event names (PutObject only: deletes and retention changes go unrecorded)",
        stack: [...proofs, trail({ advancedEventSelectors: [management, writes(PROOFS, [{ field: "readOnly", equals: ["false"] }, { field: "eventName", equals: ["PutObject"] }])] })],
        expect: /no trail records its object writes/,
      },
    ],
  });

  const logs = (mode: string | undefined, days = 365, objectLockEnabled = true): StackResourceSpec[] => [
    ...bucketStack({ name: "audit", override: { bucket: { objectLockEnabled } } }),
    ...(mode === undefined
      ? []
      : [{ type: LOCK, name: "audit-lock", props: { bucket: "credlink-prod-audit-abc1234", objectLockEnabled: "Enabled", rule: { defaultRetention: { mode, days } } }, propertyDependencies: { bucket: [urnOf(T.bucket, "audit")] } }]),
  ];
  stackCases(audit.trailBucketLocked, {
    pass: [
      { title: "a year of COMPLIANCE where COMPLIANCE is required (prod)", stack: [...logs("COMPLIANCE"), trail()], config: { mode: "COMPLIANCE" } },
      { title: "a year of GOVERNANCE where GOVERNANCE is configured", stack: [...logs("GOVERNANCE"), trail()] },
      { title: "no trail, no requirement", stack: logs(undefined) },
    ],
    fail: [
      { title: "GOVERNANCE where COMPLIANCE is required", stack: [...logs("GOVERNANCE"), trail()], config: { mode: "COMPLIANCE" }, expect: /^credlink-prod-audit \(its bucket audit\): audit-lock: mode must be COMPLIANCE in this environment, got GOVERNANCE$/ },
      { title: "364 days", stack: [...logs("COMPLIANCE", 364), trail()], config: { mode: "COMPLIANCE" }, expect: /default retention 364 days is under the minimum of 365/ },
      { title: "no lock configuration", stack: [...logs(undefined), trail()], expect: /has no aws\.s3\.BucketObjectLockConfiguration/ },
      { title: "Object Lock off on the bucket", stack: [...logs("GOVERNANCE", 365, false), trail()], expect: /objectLockEnabled must be true/ },
      {
        title: "a bucket outside the stack",
        stack: [{ ...trail({ s3BucketName: "someone-elses-bucket" }), propertyDependencies: {} }],
        expect: /^credlink-prod-audit: delivers to someone-elses-bucket, a bucket outside this stack/,
      },
    ],
  });
});
