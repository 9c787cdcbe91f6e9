/** Alerting: the page and notify SNS topics, their key and policies, and the subscriptions. */
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { Alerting, emailId, heartbeatUrlProblem, pagerdutyUrlProblem, resolveAlertingArgs, validateAlertingArgs } from "../components/ops/alerting";
import { MOCK_ACCOUNT_ID, Recorder } from "../tools/offline/mocks";
import { runComponent } from "../tools/offline/program";
import { keyAdminStatement } from "./helpers/kms";

const TOPIC = "aws:sns/topic:Topic";
const TOPIC_POLICY = "aws:sns/topicPolicy:TopicPolicy";
const SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";
const PD_URL = "https://events.pagerduty.com/integration/0123456789abcdef0123456789abcdef/enqueue";
const ACCOUNT = { "aws:SourceAccount": MOCK_ACCOUNT_ID };

/** The four publishers' source conditions, spelled out (not imported) so a drift on either side shows. */
const SOURCES: [string, string, string | undefined][] = [
  ["CloudWatchAlarms", "cloudwatch.amazonaws.com", `arn:aws:cloudwatch:us-east-1:${MOCK_ACCOUNT_ID}:alarm:*`],
  ["EventBridgeRules", "events.amazonaws.com", `arn:aws:events:us-east-1:${MOCK_ACCOUNT_ID}:rule/*`],
  ["Budgets", "budgets.amazonaws.com", `arn:aws:budgets::${MOCK_ACCOUNT_ID}:*`],
  ["CostAnomalyDetection", "costalerts.amazonaws.com", undefined],
];
const condition = (arn: string | undefined) => (arn ? { StringEquals: ACCOUNT, ArnLike: { "aws:SourceArn": arn } } : { StringEquals: ACCOUNT });
/**
 * In the key policy EventBridge is scoped by the topics' ARNs in the encryption context, never by aws:Source* (the SNS
 * guide: not supported there for EventBridge; with them every event is dropped). The others keep their source keys.
 */
const keyCondition = (service: string, arn: string | undefined) =>
  service === "events.amazonaws.com"
    ? { StringLike: { "kms:EncryptionContext:aws:sns:topicArn": [`arn:aws:sns:us-east-1:${MOCK_ACCOUNT_ID}:credlink-prod-page-*`, `arn:aws:sns:us-east-1:${MOCK_ACCOUNT_ID}:credlink-prod-notify-*`] } }
    : condition(arn);

describe("Alerting", () => {
  let rec: Recorder;
  before(async () => {
    ({ recorder: rec } = await runComponent(
      () => new Alerting("credlink-prod", { emails: ["oncall@credlink.io", "platform@credlink.io"], pagerdutyUrl: pulumi.secret(PD_URL) }),
    ));
  });

  it("GIVEN emails and PagerDuty WHEN built THEN there are exactly two topics, one key and its alias, two topic policies and five subscriptions: eleven resources", () => {
    expect(rec.ofType(TOPIC).map((t) => t.name)).to.have.members(["credlink-prod-page", "credlink-prod-notify"]);
    expect(rec.ofType("aws:kms/key:Key").map((k) => k.name)).to.deep.equal(["credlink-prod-alerts"]);
    expect(rec.ofType("aws:kms/alias:Alias").map((k) => k.inputs.name)).to.deep.equal(["alias/credlink-prod-alerts"]);
    expect(rec.ofType(TOPIC_POLICY)).to.have.length(2);
    expect(rec.ofType(SUBSCRIPTION)).to.have.length(5);
    expect(rec.all.filter((r) => r.custom).length).to.equal(11);
  });

  it("WHEN built THEN both topics are encrypted with the one customer managed key", () => {
    const key = rec.one("aws:kms/key:Key", "credlink-prod-alerts");
    for (const topic of rec.ofType(TOPIC)) expect(topic.inputs, topic.name).to.deep.equal({ kmsMasterKeyId: key.state.arn });
    expect(key.inputs.enableKeyRotation).to.equal(true);
    expect(key.inputs.deletionWindowInDays).to.equal(30);
  });

  it("WHEN built THEN the key policy administers the key for the account and lets only the four publishers use it: EventBridge for the two topics, the others for this account's resources", () => {
    const key = rec.one("aws:kms/key:Key", "credlink-prod-alerts");
    expect(JSON.parse(key.inputs.policy)).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        keyAdminStatement(),
        ...SOURCES.map(([sid, service, arn]) => ({
          Sid: `Allow${sid}ToPublishEncrypted`,
          Effect: "Allow",
          Principal: { Service: service },
          Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
          Resource: "*",
          Condition: keyCondition(service, arn),
        })),
      ],
    });
  });

  it("WHEN built THEN each topic's policy lets only the four publishers publish to that topic, for this account's resources, over TLS only, and subscriptions only from this account", () => {
    for (const role of ["page", "notify"]) {
      const topic = rec.one(TOPIC, `credlink-prod-${role}`);
      const policy = rec.one(TOPIC_POLICY, `credlink-prod-${role}`);
      expect(policy.inputs.arn).to.equal(topic.state.arn);
      expect(JSON.parse(policy.inputs.policy), role).to.deep.equal({
        Version: "2012-10-17",
        Statement: [
          ...SOURCES.map(([sid, service, arn]) => ({
            Sid: `Allow${sid}ToPublish`,
            Effect: "Allow",
            Principal: { Service: service },
            Action: "sns:Publish",
            Resource: topic.state.arn,
            Condition: condition(arn),
          })),
          { Sid: "DenyPublishWithoutTls", Effect: "Deny", Principal: { AWS: "*" }, Action: "sns:Publish", Resource: topic.state.arn, Condition: { Bool: { "aws:SecureTransport": "false" } } },
          {
            Sid: "DenySubscribeExceptNamedPrincipals",
            Effect: "Deny",
            Principal: { AWS: "*" },
            Action: "sns:Subscribe",
            Resource: topic.state.arn,
            Condition: { StringNotEquals: { "aws:PrincipalAccount": MOCK_ACCOUNT_ID } },
          },
        ],
      });
    }
  });

  it("GIVEN named subscribers WHEN built THEN everyone else is denied sns:Subscribe (by principal ARN), and a malformed ARN is refused", async () => {
    const admin = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/credlink-admin`;
    const deploy = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/credlink-prod-cicd-deploy-*`;
    const { recorder } = await runComponent(() => new Alerting("credlink-prod", { subscriberPrincipalArns: [admin, deploy] }));
    const statement = JSON.parse(recorder.one(TOPIC_POLICY, "credlink-prod-page").inputs.policy).Statement.pop();
    expect(statement.Condition).to.deep.equal({ ArnNotLike: { "aws:PrincipalArn": [admin, deploy] } });
    expect(() => validateAlertingArgs(resolveAlertingArgs({ subscriberPrincipalArns: ["credlink-admin"] }))).to.throw(
      'subscriberPrincipalArns[0] must be an IAM role or user ARN like "arn:aws:iam::123456789012:role/credlink-admin" (* allowed), got "credlink-admin"',
    );
  });

  it("WHEN built THEN each topic ARN output waits for its topic policy (publishers referencing it are created after the policy admits them)", async () => {
    const { recorder, result } = await runComponent(() => new Alerting("credlink-dev"));
    const deps = async (o: pulumi.Output<string>) => [...(await (o as any).allResources()).values()].map((r: any) => r);
    const urns = async (o: pulumi.Output<string>) => Promise.all((await deps(o)).map((r: pulumi.Resource) => new Promise((res) => r.urn.apply(res))));
    expect(await urns(result.pageTopicArn)).to.include(recorder.one(TOPIC_POLICY, "credlink-dev-page").urn);
    expect(await urns(result.notifyTopicArn)).to.include(recorder.one(TOPIC_POLICY, "credlink-dev-notify").urn);
  });

  it("WHEN built THEN PagerDuty subscribes to the page topic only, over HTTPS, auto-confirming, with its URL passed as a secret", () => {
    const page = rec.one(TOPIC, "credlink-prod-page").state.arn;
    const pd = rec.one(SUBSCRIPTION, "credlink-prod-page-pagerduty");
    const { endpoint, ...rest } = pd.inputs;
    expect(rest).to.deep.equal({ topic: page, protocol: "https", endpointAutoConfirms: true, rawMessageDelivery: false });
    // The engine receives it wrapped as a secret (the recorder keeps the wire form): state and plans show [secret].
    expect(endpoint).to.deep.equal({ [specialSigKey]: specialSecretSig, value: PD_URL });
  });

  it("WHEN built THEN each email subscribes to both topics, named by a hash of the address", () => {
    const arn = (role: string) => rec.one(TOPIC, `credlink-prod-${role}`).state.arn;
    const emails = rec.ofType(SUBSCRIPTION).filter((s) => s.inputs.protocol === "email");
    expect(emails.map((s) => [s.name, s.inputs])).to.have.deep.members(
      ["oncall@credlink.io", "platform@credlink.io"].flatMap((email) =>
        ["page", "notify"].map((role) => [`credlink-prod-${role}-email-${emailId(email)}`, { topic: arn(role), protocol: "email", endpoint: email }]),
      ),
    );
    expect(emailId("OnCall@credlink.io")).to.equal(emailId("oncall@credlink.io"));
  });

  it("WHEN built THEN it outputs both topic ARNs for the other ops components", async () => {
    const { result } = await runComponent(() => new Alerting("credlink-dev"));
    const [page, notify] = await Promise.all([result.pageTopicArn, result.notifyTopicArn].map((o) => new Promise((r) => o.apply(r))));
    expect([page, notify]).to.deep.equal([`arn:aws:sns:us-east-1:${MOCK_ACCOUNT_ID}:credlink-dev-page-${hexOf(page)}`, `arn:aws:sns:us-east-1:${MOCK_ACCOUNT_ID}:credlink-dev-notify-${hexOf(notify)}`]);
    expect(result.subscriptionCounts).to.deep.equal({ page: 0, notify: 0 });
  });
});

describe("Alerting with a heartbeat (the dead man's switch)", () => {
  const HEARTBEAT = "https://hc-ping.com/5e1f0c1e-0000-4000-8000-00000000beef";
  const ALERTS_ONLY = { filterPolicyScope: "MessageBody", filterPolicy: JSON.stringify({ credlinkHeartbeat: [{ exists: false }] }) };
  let rec: Recorder;
  let result: Alerting;
  before(async () => {
    ({ recorder: rec, result } = await runComponent(() => new Alerting("credlink-prod", { emails: ["oncall@credlink.io"], pagerdutyUrl: pulumi.secret(PD_URL), heartbeatUrl: pulumi.secret(HEARTBEAT) })));
  });

  it("WHEN built THEN a schedule rule publishes the heartbeat to the page topic every 5 minutes, with no delivery alarm (a heartbeat that can't be delivered is what the external check pages on)", () => {
    const rule = rec.one("aws:cloudwatch/eventRule:EventRule", "credlink-prod-heartbeat");
    expect(rule.inputs).to.deep.equal({
      name: "credlink-prod-heartbeat",
      description: "CredLink credlink-prod: a heartbeat through the page topic rate(5 minutes); an external check pages when it stops (docs/runbooks/heartbeat-missed.md)",
      scheduleExpression: "rate(5 minutes)",
    });
    expect(rec.one("aws:cloudwatch/eventTarget:EventTarget", "credlink-prod-heartbeat").inputs).to.deep.equal({
      rule: rule.state.name,
      arn: rec.one(TOPIC, "credlink-prod-page").state.arn,
      input: JSON.stringify({ credlinkHeartbeat: "credlink-prod", about: "CredLink's page topic, its key and EventBridge's grants still deliver" }),
    });
    expect(rec.ofType("aws:cloudwatch/metricAlarm:MetricAlarm")).to.deep.equal([]);
  });

  it("WHEN built THEN the heartbeat's target waits for the page topic's policy (the first heartbeat is admitted)", () => {
    const target = rec.one("aws:cloudwatch/eventTarget:EventTarget", "credlink-prod-heartbeat");
    expect(target.dependsOn).to.include(rec.one(TOPIC_POLICY, "credlink-prod-page").urn);
  });

  it("WHEN built THEN one HTTPS subscription takes only bodies carrying the heartbeat's key and name, raw, to the secret URL, confirmed by hand", () => {
    const { endpoint, ...rest } = rec.one(SUBSCRIPTION, "credlink-prod-page-heartbeat").inputs;
    expect(rest).to.deep.equal({
      topic: rec.one(TOPIC, "credlink-prod-page").state.arn,
      protocol: "https",
      endpointAutoConfirms: false,
      rawMessageDelivery: true,
      filterPolicyScope: "MessageBody",
      filterPolicy: JSON.stringify({ credlinkHeartbeat: ["credlink-prod"] }),
    });
    expect(endpoint).to.deep.equal({ [specialSigKey]: specialSecretSig, value: HEARTBEAT });
  });

  it("WHEN built THEN PagerDuty's and the emails' page subscriptions take only bodies without the heartbeat's key; the notify topic's stay unfiltered", () => {
    const page = rec.one(TOPIC, "credlink-prod-page").state.arn;
    const notify = rec.one(TOPIC, "credlink-prod-notify").state.arn;
    const { endpoint: _pd, ...pagerduty } = rec.one(SUBSCRIPTION, "credlink-prod-page-pagerduty").inputs;
    expect(pagerduty).to.deep.equal({ topic: page, protocol: "https", endpointAutoConfirms: true, rawMessageDelivery: false, ...ALERTS_ONLY });
    const id = emailId("oncall@credlink.io");
    expect(rec.one(SUBSCRIPTION, `credlink-prod-page-email-${id}`).inputs).to.deep.equal({ topic: page, protocol: "email", endpoint: "oncall@credlink.io", ...ALERTS_ONLY });
    expect(rec.one(SUBSCRIPTION, `credlink-prod-notify-email-${id}`).inputs).to.deep.equal({ topic: notify, protocol: "email", endpoint: "oncall@credlink.io" });
    expect(result.pageFiltersOnBody).to.equal(true);
  });

  it("GIVEN no heartbeat WHEN built THEN no schedule, no heartbeat subscription, and no filter on any subscription", async () => {
    const { recorder, result: plain } = await runComponent(() => new Alerting("credlink-prod", { emails: ["oncall@credlink.io"], pagerdutyUrl: pulumi.secret(PD_URL) }));
    expect(recorder.ofType("aws:cloudwatch/eventRule:EventRule")).to.deep.equal([]);
    expect(recorder.ofType(SUBSCRIPTION).map((s) => [s.name, s.inputs.filterPolicy, s.inputs.filterPolicyScope]).filter(([, policy, scope]) => policy !== undefined || scope !== undefined)).to.deep.equal([]);
    expect([plain.pageFiltersOnBody, plain.heartbeatRuleName]).to.deep.equal([false, undefined]);
  });

  it("GIVEN heartbeatEveryMinutes 1 THEN the schedule says rate(1 minute)", async () => {
    const { recorder } = await runComponent(() => new Alerting("credlink-prod", { heartbeatUrl: HEARTBEAT, heartbeatEveryMinutes: 1 }));
    expect(recorder.one("aws:cloudwatch/eventRule:EventRule", "credlink-prod-heartbeat").inputs.scheduleExpression).to.equal("rate(1 minute)");
  });
});

function hexOf(arn: unknown): string {
  return String(arn).split("-").pop() as string;
}

describe("Alerting validation", () => {
  it("GIVEN PagerDuty URLs THEN https on events.pagerduty.com passes and anything else is refused", () => {
    expect(pagerdutyUrlProblem(PD_URL)).to.equal(undefined);
    expect(pagerdutyUrlProblem("http://events.pagerduty.com/integration/x/enqueue")).to.match(/^must use https/);
    expect(pagerdutyUrlProblem("https://events.pagerduty.com.evil.io/integration/x/enqueue")).to.match(/^must be on host events\.pagerduty\.com/);
    expect(pagerdutyUrlProblem("https://events.pagerduty.com:8443/x")).to.match(/^must be on host/);
    expect(pagerdutyUrlProblem("https://user:pw@events.pagerduty.com/x")).to.equal("must not carry credentials before the host");
    expect(pagerdutyUrlProblem("not a url")).to.match(/^must be a URL like/);
  });

  it("GIVEN heartbeat URLs THEN an https ping URL on a public host passes; http, credentials, a bare host and PagerDuty's Events API are refused", () => {
    expect(heartbeatUrlProblem("https://hc-ping.com/5e1f0c1e-0000-4000-8000-00000000beef")).to.equal(undefined);
    expect(heartbeatUrlProblem("https://nosnch.in/c2354d53d2")).to.equal(undefined);
    expect(heartbeatUrlProblem("http://hc-ping.com/x")).to.match(/^must use https/);
    expect(heartbeatUrlProblem("https://u:p@hc-ping.com/x")).to.equal("must not carry credentials before the host");
    expect(heartbeatUrlProblem("https://localhost/x")).to.equal('must name a public host (an external check SNS can reach), got host "localhost"');
    expect(heartbeatUrlProblem(PD_URL)).to.match(/^must not be PagerDuty's Events API \(events\.pagerduty\.com\): a heartbeat there would open an incident every few minutes/);
    expect(heartbeatUrlProblem("hc-ping.com/x")).to.match(/^must be a URL like https:\/\/hc-ping\.com\/<uuid>/);
  });

  it("GIVEN a malformed email, a repeated one, or a key window outside 7-30 THEN the validator names the argument", () => {
    const check = (args: Parameters<typeof resolveAlertingArgs>[0]) => () => validateAlertingArgs(resolveAlertingArgs(args));
    expect(check({ emails: ["oncall@credlink"] })).to.throw('emails[0] must be an email address like "oncall@example.com", got "oncall@credlink"');
    expect(check({ emails: ["a@b.io", "A@b.io"] })).to.throw('emails must not repeat an address (SNS would refuse the second subscription), got "A@b.io" twice');
    expect(check({ keyDeletionWindowDays: 6 })).to.throw("keyDeletionWindowDays must be an integer from 7 to 30, got 6");
    expect(check({ keyDeletionWindowDays: 31 })).to.throw("keyDeletionWindowDays must be an integer from 7 to 30, got 31");
    expect(check({ keyDeletionWindowDays: 7, emails: ["a@b.io"] })).to.not.throw();
    expect(check({ pagerdutyUrl: "http://events.pagerduty.com/x" })).to.throw(/^pagerdutyUrl must use https/);
    expect(check({ heartbeatUrl: "http://hc-ping.com/x" })).to.throw(/^heartbeatUrl must use https/);
  });
});
