/**
 * AWS's rules that span fields or services (policy/policies/aws-constraints.ts, the cross-field section): pairings no
 * schema shows and mocks accept, which AWS refuses (S3 replication metrics with an event threshold but no RTC, an Auto
 * Scaling lifetime under a day) or silently breaks (a KMS key statement for EventBridge conditioned on source keys
 * KMS never receives). Each: what the committed code now sends passes, what it sent before fails.
 */
import * as assert from "node:assert/strict";
import * as c from "../../policy/policies/aws-constraints";
import { T } from "../../policy/lib/types";
import { analyzeRecorder, loadPackConfigFile, recordedProgram, show } from "../../tools/offline/policy";
import { Recorder } from "../../tools/offline/mocks";
import { resourceCases } from "./cases";
import { good, res } from "./fixtures";

const TOPIC_CONTEXT = { StringLike: { "kms:EncryptionContext:aws:sns:topicArn": ["arn:aws:sns:us-east-1:123456789012:credlink-prod-page-*"] } };
const eventsStatement = (Condition: unknown, Sid = "AllowEventBridgeRulesToPublishEncrypted") => ({
  Sid,
  Effect: "Allow",
  Principal: { Service: "events.amazonaws.com" },
  Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
  Resource: "*",
  Condition,
});
const key = (...statements: unknown[]) => res(T.kmsKey, { ...good.kmsKey, policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) });
const replication = (destination: Record<string, unknown>) =>
  res("aws:s3/bucketReplicationConfig:BucketReplicationConfig", { bucket: "credlink-prod-proofs", role: "arn:aws:iam::123456789012:role/r", rules: [{ id: "proofs-to-dr", status: "Enabled", destination: { bucket: "arn:aws:s3:::replica", ...destination } }] });
const group = (maxInstanceLifetime?: unknown) => res("aws:autoscaling/group:Group", { minSize: 1, maxSize: 1, ...(maxInstanceLifetime === undefined ? {} : { maxInstanceLifetime }) });

describe("AWS cross-field constraints", () => {
  resourceCases(c.kmsEventBridgeConditionsSupported, {
    pass: [
      { title: "an EventBridge key statement scoped by the topics' encryption context", resource: key(eventsStatement(TOPIC_CONTEXT)) },
      { title: "a CloudWatch key statement under aws:SourceArn (CloudWatch sends it)", resource: key({ ...eventsStatement({ ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:us-east-1:123456789012:alarm:*" } }), Principal: { Service: "cloudwatch.amazonaws.com" } }) },
    ],
    fail: [
      // What components/ops/alerting.ts sent before: the topic policy's conditions copied into the key policy.
      {
        title: "an EventBridge key statement under aws:SourceAccount and aws:SourceArn (the old alert key)",
        resource: key(eventsStatement({ StringEquals: { "aws:SourceAccount": "123456789012" }, ArnLike: { "aws:SourceArn": "arn:aws:events:us-east-1:123456789012:rule/*" } })),
        expect: /^Statement\[0\] \(AllowEventBridgeRulesToPublishEncrypted\) lets events.amazonaws.com use the key under aws:SourceAccount, aws:SourceArn, which EventBridge does not send/,
      },
      { title: "events.amazonaws.com among several services, under aws:sourceorgid (any case)", resource: key({ ...eventsStatement({ StringEquals: { "aws:sourceorgid": "o-abc" } }), Principal: { Service: ["sns.amazonaws.com", "events.amazonaws.com"] } }), expect: /aws:sourceorgid/ },
    ],
  });

  resourceCases(c.s3ReplicationMetricsThreshold, {
    pass: [
      { title: "metrics with status only (no RTC)", resource: replication({ metrics: { status: "Enabled" } }) },
      { title: "an event threshold with Replication Time Control on", resource: replication({ metrics: { status: "Enabled", eventThreshold: { minutes: 15 } }, replicationTime: { status: "Enabled", time: { minutes: 15 } } }) },
      { title: "no metrics at all", resource: replication({}) },
    ],
    fail: [
      // What components/proof-store.ts sent before.
      { title: "an event threshold without Replication Time Control (the old proof store)", resource: replication({ metrics: { status: "Enabled", eventThreshold: { minutes: 15 } } }), expect: /^rules\[0\] \(proofs-to-dr\)\.destination\.metrics\.eventThreshold is set without destination\.replicationTime status "Enabled": S3 refuses it/ },
      { title: "an event threshold with Replication Time Control Disabled", resource: replication({ metrics: { status: "Enabled", eventThreshold: { minutes: 15 } }, replicationTime: { status: "Disabled", time: { minutes: 15 } } }), expect: /S3 refuses it/ },
    ],
  });

  resourceCases(c.autoScalingLifetimeValid, {
    pass: [
      { title: "no lifetime", resource: group() },
      { title: "a lifetime of exactly one day (86,400 s, AWS's minimum)", resource: group(86400) },
      { title: "a lifetime of exactly 365 days", resource: group(31536000) },
      { title: "0 (no lifetime)", resource: group(0) },
    ],
    fail: [
      { title: "a lifetime of 86,399 s", resource: group(86399), expect: /^maxInstanceLifetime 86399 must be 0 or an integer from 86400 \(one day\) to 31536000 seconds/ },
      { title: "a lifetime of 31,536,001 s", resource: group(31536001), expect: /31536001/ },
    ],
  });

  describe("the prod program with the old values put back", () => {
    let run: Awaited<ReturnType<typeof recordedProgram>>;
    before(async () => {
      run = await recordedProgram("prod");
    });

    /** The prod recording with `patch` applied to the inputs of the resources it returns a value for. */
    function patched(patch: (type: string, name: string, inputs: Record<string, any>) => Record<string, any> | undefined): Recorder {
      const recorder = new Recorder();
      for (const [i, r] of run.recorder.all.entries()) {
        const { urn, type, name, inputs, state, id, ...options } = r;
        recorder.noteRequest(`${i}`, options);
        recorder.record(`${i}`, urn, { type, name, state, id, inputs: patch(type, name, inputs) ?? inputs });
      }
      return recorder;
    }

    it("GIVEN the proof store's old replication metrics (eventThreshold, no RTC) THEN only the RTC rule fires, mandatory, on the replication config", async () => {
      const config = run.recorder.one("aws:s3/bucketReplicationConfig:BucketReplicationConfig");
      const recorder = patched((type, _name, inputs) =>
        type === config.type
          ? { ...inputs, rules: inputs.rules.map((r: any) => ({ ...r, destination: { ...r.destination, metrics: { status: "Enabled", eventThreshold: { minutes: 15 } } } })) }
          : undefined,
      );
      const { mandatory } = await analyzeRecorder(recorder, run.propertyDeps, loadPackConfigFile("prod"));
      assert.deepEqual(mandatory.map((d) => [d.policyName, d.urn]), [["aws-s3-replication-metrics-threshold-needs-rtc", config.urn]], show(mandatory));
    });

    it("GIVEN the alert key's old EventBridge statement (source conditions) THEN the EventBridge rule fires, mandatory, on the alert key", async () => {
      const alertKey = run.recorder.one(T.kmsKey, "credlink-prod-alerts");
      const recorder = patched((type, name, inputs) => {
        if (type !== T.kmsKey || name !== alertKey.name) return undefined;
        const policy = JSON.parse(inputs.policy);
        policy.Statement = policy.Statement.map((s: any) =>
          s.Principal?.Service === "events.amazonaws.com" ? { ...s, Condition: { StringEquals: { "aws:SourceAccount": "123456789012" }, ArnLike: { "aws:SourceArn": "arn:aws:events:us-east-1:123456789012:rule/*" } } } : s,
        );
        return { ...inputs, policy: JSON.stringify(policy) };
      });
      const { mandatory } = await analyzeRecorder(recorder, run.propertyDeps, loadPackConfigFile("prod"));
      assert.deepEqual(mandatory.map((d) => [d.policyName, d.urn]), [["aws-kms-eventbridge-statement-conditions-supported", alertKey.urn]], show(mandatory));
    });
  });
});
