/**
 * Each control policy bites on the realistic mistake: take the committed prod program's real resource (the shared
 * recordedProgram run, as the pack sees it), change the one field a mistake would change, and the policy reports it;
 * unchanged, it reports nothing. The Cloudflare zone exists only behind `credlink:edge.provider: cloudflare`, so its
 * resources come from the CloudflareEdge component built once with the example stack's values.
 */
import * as assert from "node:assert/strict";
import type { PolicyResource } from "@pulumi/policy";
import type { CredlinkPolicy } from "../../policy/lib/rules";
import { T } from "../../policy/lib/types";
import * as access from "../../policy/policies/access";
import * as edge from "../../policy/policies/edge";
import { ALL_POLICIES } from "../../policy/policies";
import * as exp from "../../policy/policies/exposure";
import * as id from "../../policy/policies/identity";
import * as log from "../../policy/policies/logging";
import * as net from "../../policy/policies/network";
import * as ops from "../../policy/policies/operations";
import * as rec from "../../policy/policies/recovery";
import * as audit from "../../policy/policies/audit";
import type { Recorder, Registration } from "../../tools/offline/mocks";
import {
  Diagnostic,
  EffectiveConfig,
  inferAwsxChildren,
  loadPackConfigFile,
  recordedProgram,
  reconcile,
  runResourcePolicy,
  runStackPolicy,
  show,
  stackResources,
} from "../../tools/offline/policy";

type Edit = (all: Registration[]) => Registration[];
type Props = Record<string, any>;

const clone = <T>(x: T): T => (x === undefined ? x : JSON.parse(JSON.stringify(x)));
const doc = (policy: unknown): any => (typeof policy === "string" ? JSON.parse(policy) : clone(policy));

/** Changes the inputs and outputs of the one registration of `type` named `name` (both: policies read one or the other). */
const patch =
  (type: string, name: string, change: (props: Props) => void): Edit =>
  (all) => {
    const found = all.filter((r) => r.type === type && r.name === name);
    assert.equal(found.length, 1, `expected one ${type} named ${name}`);
    return all.map((r) => {
      if (r !== found[0]) return r;
      const inputs = clone(r.inputs);
      const state = clone(r.state);
      change(inputs);
      change(state);
      return { ...r, inputs, state };
    });
  };

/** Removes the registration of `type` named `name`, as deleting it from the program would. */
const remove =
  (type: string, name?: string): Edit =>
  (all) => {
    const kept = all.filter((r) => !(r.type === type && (name === undefined || r.name === name)));
    assert.ok(kept.length < all.length, `no ${type} ${name ?? ""} to remove`);
    return kept;
  };

/** Rewrites the JSON policy document in `prop`. */
const editDoc = (prop: string, change: (d: any) => void) => (props: Props) => {
  const d = doc(props[prop]);
  change(d);
  props[prop] = JSON.stringify(d);
};
const statement = (d: any, sid: string) => {
  const s = d.Statement.find((x: any) => x.Sid === sid);
  assert.ok(s, `no statement ${sid}`);
  return s;
};

describe("control policies on the committed prod program, one realistic mistake at a time", function () {
  let recorder: Recorder;
  let propertyDeps: Map<string, Record<string, string[]>>;
  let children: Registration[];
  let config: Map<string, EffectiveConfig>;
  let cloudflare: Registration[];

  before(async () => {
    ({ recorder, propertyDeps } = await recordedProgram("prod"));
    children = inferAwsxChildren(recorder);
    config = reconcile(ALL_POLICIES, loadPackConfigFile("prod"));
    // The Cloudflare zone as examples/prod-cloudflare.yaml configures it (Pro, two rate limits), from the component.
    const { runComponent } = await import("../../tools/offline/program");
    const { CloudflareEdge } = await import("../../components/edge/cloudflare");
    const built = await runComponent(
      () =>
        new CloudflareEdge("credlink-prod", {
          zoneId: "0123456789abcdef0123456789abcdef",
          domainName: "api.credlink.example",
          originHostname: "credlink-prod-c63f218-1904760609.us-east-1.elb.amazonaws.com",
          plan: "Pro",
          rateLimits: [
            { name: "api", pathPrefix: "/", requestsPerPeriod: 600, periodSeconds: 60, mitigationTimeoutSeconds: 60 },
            { name: "verify", pathPrefix: "/v1/verify", requestsPerPeriod: 100, periodSeconds: 10, mitigationTimeoutSeconds: 60 },
          ],
        }),
      { project: "credlink", stack: "prod" },
    );
    cloudflare = built.recorder.all;
  });

  /** The stack as a stack policy sees it, after `edit`. */
  function stackAfter(edit: Edit = (x) => x, registrations: Registration[] = recorder.all): PolicyResource[] {
    const edited = Object.assign(Object.create(Object.getPrototypeOf(recorder)), recorder, { all: edit([...registrations]) }) as Recorder;
    return stackResources(edited, propertyDeps, undefined, children);
  }

  async function stackVerdict(policy: CredlinkPolicy, edit?: Edit, registrations?: Registration[]): Promise<Diagnostic[]> {
    const { violations } = await runStackPolicy(policy, stackAfter(edit, registrations), {}, undefined, config.get(policy.name));
    return violations;
  }

  async function resourceVerdict(policy: CredlinkPolicy, type: string, name: string, change: (props: Props) => void = () => undefined): Promise<Diagnostic[]> {
    const r = recorder.all.find((x) => x.type === type && x.name === name);
    assert.ok(r, `no ${type} named ${name}`);
    const props = clone(r.inputs);
    change(props);
    const { violations } = await runResourcePolicy(policy, { type, name, urn: r.urn, props }, {}, undefined, config.get(policy.name));
    return violations;
  }

  const messages = (ds: Diagnostic[]) => ds.map((d) => d.message);

  it("GIVEN the committed prod WHEN every control policy runs on it THEN none reports anything, and each is mandatory", async () => {
    const controls = [
      access.serviceRoleConfusedDeputy, access.kmsNoFullAccess, access.kmsServicePrincipalActions, access.executionRoleNamedSecrets,
      edge.wafManagedGroups, edge.wafRateLimitCanFire, edge.albHsts, edge.cloudflareZoneTls, edge.cloudflareRateLimitsBlock,
      net.launchTemplateHardened, net.natGroupVpcOnly, net.dataPortsNeverFromCidr,
      ops.fisStopsOnAlarm, ops.ecsAlarmRollback, ops.budgetWithinCeiling,
      rec.proofObjectLock, rec.proofLockDeny, rec.backupPlanRetention, rec.backupPlanContinuous, rec.backupPlanDrCopy, rec.backupVaultsLocked, rec.backupVaultAccessPolicy, rec.restoreTestingCoverage,
      audit.trailCoversTheAccount, audit.trailRecordsProofWrites, audit.trailBucketLocked,
    ];
    const found: Diagnostic[] = [];
    for (const policy of controls) {
      assert.equal(config.get(policy.name)!.enforcementLevel, "mandatory", policy.name);
      if ("validateStack" in policy) found.push(...(await stackVerdict(policy)));
      else for (const r of [...recorder.all, ...children]) found.push(...(await runResourcePolicy(policy, { type: r.type, name: r.name, urn: r.urn, props: r.inputs }, {}, undefined, config.get(policy.name))).violations);
    }
    assert.equal(found.length, 0, show(found));
  });

  it("GIVEN prod THEN the stack serves at most 2,000 requests a minute (4 tasks x 500 per target), the rate rule's ceiling", () => {
    assert.equal(edge.requestCapacityPerMinute(stackAfter()), 2000);
  });

  describe("access", () => {
    it("GIVEN the replication role's aws:SourceArn removed THEN iam-service-role-trust-pins-source-account-and-arn fires", async () => {
      const v = await resourceVerdict(access.serviceRoleConfusedDeputy, "aws:iam/role:Role", "credlink-prod-proofs-replication", editDoc("assumeRolePolicy", (d) => delete d.Statement[0].Condition.ArnLike));
      assert.deepEqual(messages(v), [
        "assumeRolePolicy: statement (no Sid) for s3.amazonaws.com must also pin aws:SourceArn: s3.amazonaws.com sends it (https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html (the source bucket's ARN))",
      ]);
    });

    it("GIVEN the backup role's whole condition removed THEN it fires", async () => {
      const v = await resourceVerdict(access.serviceRoleConfusedDeputy, "aws:iam/role:Role", "credlink-prod-backup", editDoc("assumeRolePolicy", (d) => delete d.Statement[0].Condition));
      assert.match(messages(v).join("\n"), /for backup\.amazonaws\.com must pin aws:SourceAccount/);
    });

    it("GIVEN the monitoring role's aws:SourceArn widened to any account THEN it fires", async () => {
      const v = await resourceVerdict(
        access.serviceRoleConfusedDeputy,
        "aws:iam/role:Role",
        "credlink-prod-db-monitoring",
        editDoc("assumeRolePolicy", (d) => (d.Statement[0].Condition.ArnLike["aws:SourceArn"] = "arn:aws:rds:us-east-1:*:db:credlink-prod-db")),
      );
      assert.match(messages(v).join("\n"), /aws:SourceArn \["arn:aws:rds:us-east-1:\*:db:credlink-prod-db"\] must be an arn:<partition>:rds:/);
    });

    it("GIVEN the database key's administration statement turned into kms:* THEN kms-no-full-access-to-any-principal fires", async () => {
      const v = await resourceVerdict(access.kmsNoFullAccess, T.kmsKey, "credlink-prod-db", editDoc("policy", (d) => (statement(d, "AllowKeyAdministrationByBreakGlass").Action = "kms:*")));
      assert.deepEqual(messages(v), ['statement AllowKeyAdministrationByBreakGlass allows kms:* to {"AWS":"arn:aws:iam::222222222222:role/credlink-break-glass"}: name the actions']);
    });

    it("GIVEN kms:* granted to CloudWatch on the alert key THEN kms-service-principals-get-only-their-actions fires", async () => {
      const v = await resourceVerdict(access.kmsServicePrincipalActions, T.kmsKey, "credlink-prod-alerts", editDoc("policy", (d) => (statement(d, "AllowCloudWatchAlarmsToPublishEncrypted").Action = "kms:*")));
      assert.match(messages(v).join("\n"), /^statement AllowCloudWatchAlarmsToPublishEncrypted gives cloudwatch\.amazonaws\.com kms:\*; it uses only kms:GenerateDataKey\*, kms:Decrypt/);
    });

    it("GIVEN the execution role reading secrets on '*' THEN ecs-execution-role-reads-named-secrets-only fires", async () => {
      const v = await stackVerdict(access.executionRoleNamedSecrets, patch("aws:iam/rolePolicy:RolePolicy", "credlink-prod-execution", editDoc("policy", (d) => (statement(d, "ReadTheseSecrets").Resource = "*"))));
      assert.deepEqual(messages(v), ["credlink-prod-execution: the execution role's credlink-prod-execution: statement ReadTheseSecrets allows secretsmanager:GetSecretValue on *; name the secrets' ARNs"]);
    });

    it("GIVEN the deploy role's bucket statement widened to s3:* on arn:aws:s3:::* THEN iam-no-service-wildcard-on-all-resources fires", async () => {
      const widen = (d: any) => Object.assign(statement(d, "ThisStacksBuckets"), { Action: "s3:*", Resource: ["arn:aws:s3:::*"] });
      const v = await resourceVerdict(id.iamNoServiceWildcardOnAllResources, "aws:iam/policy:Policy", "credlink-prod-cicd-deploy-data", editDoc("policy", widen));
      assert.deepEqual(messages(v), ['policy: statement ThisStacksBuckets allows s3:* on Resource "arn:aws:s3:::*" (every resource)']);
    });

    it("GIVEN the ALB log bucket's delivery grant opened to '*' with a wildcard load balancer ARN as its 'pin' THEN resource-policy-no-unpinned-wildcard-principal fires", async () => {
      const v = await resourceVerdict(
        id.resourcePolicyNoPublicGrant,
        T.bucketPolicy,
        "credlink-prod-alb-logs",
        editDoc("policy", (d) => {
          const s = statement(d, "ElbAccessLogDelivery");
          s.Principal = "*";
          s.Condition = { ArnLike: { "aws:SourceArn": "arn:aws:elasticloadbalancing:*:*:loadbalancer/*" } };
        }),
      );
      assert.match(messages(v).join("\n"), /^statement ElbAccessLogDelivery allows Principal "\*" without a condition that pins the caller/);
    });
  });

  describe("edge", () => {
    const ACL = [T.webAcl, "credlink-prod"] as const;

    it("GIVEN the IP reputation group removed from the web ACL THEN waf-acl-runs-core-bad-inputs-and-ip-reputation-groups fires", async () => {
      const v = await resourceVerdict(edge.wafManagedGroups, ...ACL, (p) => (p.rules = p.rules.filter((r: any) => r.name !== "AWSManagedRulesAmazonIpReputationList")));
      assert.deepEqual(messages(v), ["rules must include the managed rule group AWSManagedRulesAmazonIpReputationList (vendor AWS)"]);
    });

    it("GIVEN the per-IP rate limit raised from 1,000 to 20,000 per 5 minutes THEN waf-rate-limit-can-fire fires", async () => {
      const v = await stackVerdict(edge.wafRateLimitCanFire, patch(...ACL, (p) => (p.rules.find((r: any) => r.name === "rate-limit-per-ip").statement.rateBasedStatement.limit = 20000)));
      assert.deepEqual(messages(v), ["credlink-prod: rate rule rate-limit-per-ip: limit 20000 per 300 s can never fire: the whole stack serves at most 10000 requests in that window (2000/minute); set it at or under 10000"]);
    });

    it("GIVEN the web ACL's default action emptied THEN waf-rules-have-actions fires", async () => {
      const v = await resourceVerdict(exp.wafRuleActions, ...ACL, (p) => (p.defaultAction = {}));
      assert.deepEqual(messages(v), ["defaultAction must be exactly one of allow or block, got {}"]);
    });

    it("GIVEN the HSTS attribute removed from the HTTPS listener THEN alb-https-listener-sends-hsts fires", async () => {
      const v = await resourceVerdict(edge.albHsts, T.listener, "credlink-prod-https", (p) => delete p.routingHttpResponseStrictTransportSecurityHeaderValue);
      assert.deepEqual(messages(v), ["the listener sends no Strict-Transport-Security header (routingHttpResponseStrictTransportSecurityHeaderValue)"]);
    });

    it("GIVEN the Cloudflare zone as built THEN the Cloudflare policies report nothing", async () => {
      assert.deepEqual([...(await stackVerdict(edge.cloudflareZoneTls, undefined, cloudflare)), ...(await stackVerdict(edge.cloudflareRateLimitsBlock, undefined, cloudflare))], []);
    });

    it("GIVEN the HSTS setting written in camelCase keys (the documentation bug) THEN cloudflare-zone-ssl-strict-tls12-hsts fires", async () => {
      const v = await stackVerdict(
        edge.cloudflareZoneTls,
        patch("cloudflare:index/zoneSetting:ZoneSetting", "credlink-prod-security-header", (p) => (p.value = { strictTransportSecurity: { enabled: true, maxAge: 31536000, includeSubdomains: false, preload: false, nosniff: true } })),
        cloudflare,
      );
      assert.match(messages(v).join("\n"), /^zone 0123456789abcdef0123456789abcdef: security_header uses camelCase keys/);
    });

    it("GIVEN SSL lowered from strict to full THEN it fires", async () => {
      const v = await stackVerdict(edge.cloudflareZoneTls, patch("cloudflare:index/zoneSetting:ZoneSetting", "credlink-prod-ssl", (p) => (p.value = "full")), cloudflare);
      assert.deepEqual(messages(v), ['zone 0123456789abcdef0123456789abcdef: the ssl setting must be "strict", got "full"']);
    });

    it("GIVEN the verify rate limit switched from block to log THEN cloudflare-rate-limits-block fires", async () => {
      const v = await stackVerdict(edge.cloudflareRateLimitsBlock, patch("cloudflare:index/ruleset:Ruleset", "credlink-prod-rate-limits", (p) => (p.rules[1].action = "log")), cloudflare);
      assert.deepEqual(messages(v), ['zone 0123456789abcdef0123456789abcdef: rate limit rate-limit-verify must block, got action "log"']);
    });
  });

  describe("alarms", () => {
    it("GIVEN the paging composite alarm's actions removed THEN cloudwatch-alarm-has-actions fires", async () => {
      const v = await resourceVerdict(log.alarmActions, T.compositeAlarm, "credlink-prod-service-degraded", (p) => (p.alarmActions = []));
      assert.deepEqual(messages(v), ["alarmActions must name at least one action (e.g. an SNS topic)"]);
    });

    it("GIVEN the paging composite alarm's actions disabled THEN it fires", async () => {
      const v = await resourceVerdict(log.alarmActions, T.compositeAlarm, "credlink-prod-service-degraded", (p) => (p.actionsEnabled = false));
      assert.deepEqual(messages(v), ["actionsEnabled must not be false"]);
    });
  });

  describe("network", () => {
    const LT = ["aws:ec2/launchTemplate:LaunchTemplate", "credlink-prod-nat-1"] as const;

    it("GIVEN the NAT launch template's httpTokens changed from required to optional (IMDSv1) THEN launch-template-imdsv2-and-encrypted-volumes fires", async () => {
      const v = await resourceVerdict(net.launchTemplateHardened, ...LT, (p) => (p.metadataOptions.httpTokens = "optional"));
      assert.deepEqual(messages(v), ['metadataOptions.httpTokens must be "required" (IMDSv2 only), got "optional"']);
    });

    it("GIVEN the NAT launch template's root volume unencrypted THEN it fires", async () => {
      const v = await resourceVerdict(net.launchTemplateHardened, ...LT, (p) => (p.blockDeviceMappings[0].ebs.encrypted = "false"));
      assert.deepEqual(messages(v), ["blockDeviceMappings /dev/xvda: ebs.encrypted must be true"]);
    });

    it("GIVEN the NAT group's HTTPS ingress opened from the VPC to 0.0.0.0/0 THEN nat-instance-security-group-admits-only-vpc fires", async () => {
      const v = await stackVerdict(net.natGroupVpcOnly, patch(T.ingressRule, "credlink-prod-nat-from-vpc", (p) => (p.cidrIpv4 = "0.0.0.0/0")));
      assert.deepEqual(messages(v), ["credlink-prod-nat-from-vpc: the NAT instances' group credlink-prod-nat admits 0.0.0.0/0, outside the VPC 10.30.0.0/16"]);
    });

    it("GIVEN the database's ingress from the tasks' group replaced by the VPC's CIDR THEN security-group-data-ports-never-from-cidr fires", async () => {
      const v = await resourceVerdict(net.dataPortsNeverFromCidr, T.ingressRule, "credlink-prod-db-from-0", (p) => {
        delete p.referencedSecurityGroupId;
        p.cidrIpv4 = "10.30.0.0/16";
      });
      assert.deepEqual(messages(v), ["rule: admits data port 5432 from 10.30.0.0/16; admit a security group instead"]);
    });

    it("GIVEN a 6379 ingress from a private subnet added to the tasks' own group THEN it fires", async () => {
      const v = await resourceVerdict(net.dataPortsNeverFromCidr, T.securityGroup, "credlink-prod-tasks", (p) => (p.ingress = [{ protocol: "tcp", fromPort: 6379, toPort: 6379, cidrBlocks: ["10.30.16.0/20"], description: "debug" }]));
      assert.deepEqual(messages(v), ["ingress[0]: admits data port 6379 from 10.30.16.0/20; admit a security group instead"]);
    });
  });

  describe("operations", () => {
    it("GIVEN the db-failover experiment's stop condition replaced by 'none' THEN fis-experiment-stops-on-alarm fires", async () => {
      const v = await resourceVerdict(ops.fisStopsOnAlarm, "aws:fis/experimentTemplate:ExperimentTemplate", "credlink-prod-chaos-db-failover", (p) => (p.stopConditions = [{ source: "none" }]));
      assert.deepEqual(messages(v), ["stopConditions must include an aws:cloudwatch:alarm (got none)"]);
    });

    it("GIVEN the service's alarm rollback turned from true to false THEN ecs-service-alarm-rollback-and-required-strategy fires", async () => {
      const v = await resourceVerdict(ops.ecsAlarmRollback, T.ecsService, "credlink-prod", (p) => (p.alarms.rollback = false));
      assert.deepEqual(messages(v), ["alarms.rollback must be true (an alarm during a deployment rolls it back)"]);
    });

    it("GIVEN the service deploying ROLLING instead of CANARY THEN it fires", async () => {
      const v = await resourceVerdict(ops.ecsAlarmRollback, T.ecsService, "credlink-prod", (p) => (p.deploymentConfiguration = { strategy: "ROLLING" }));
      assert.deepEqual(messages(v), ["deploymentConfiguration.strategy must be CANARY in this environment, got ROLLING"]);
    });

    it("GIVEN the budget removed THEN budget-notifies-within-cost-ceiling fires", async () => {
      const v = await stackVerdict(ops.budgetWithinCeiling, remove("aws:budgets/budget:Budget"));
      assert.deepEqual(messages(v), ["the stack has no monthly cost budget (aws.budgets.Budget, budgetType COST): nobody hears about spend over $195.00 until the bill"]);
    });

    it("GIVEN the budget raised from $195 to $500 THEN it fires", async () => {
      const v = await stackVerdict(ops.budgetWithinCeiling, patch("aws:budgets/budget:Budget", "credlink-prod", (p) => (p.limitAmount = "500.00")));
      assert.deepEqual(messages(v), ["credlink-prod: limitAmount $500.00 is over the stack's total ceiling of $195.00"]);
    });

    it("GIVEN the budget's notifications removed THEN it fires", async () => {
      const v = await stackVerdict(ops.budgetWithinCeiling, patch("aws:budgets/budget:Budget", "credlink-prod", (p) => (p.notifications = [])));
      assert.deepEqual(messages(v), ["credlink-prod: needs at least one notification with a subscriber (an SNS topic or an email address)"]);
    });
  });

  describe("recovery", () => {
    const LOCK = "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration";

    it("GIVEN the proof bucket's Object Lock retention cut from 365 days to 1 THEN s3-proof-buckets-object-lock-retention fires", async () => {
      const v = await stackVerdict(
        rec.proofObjectLock,
        patch(LOCK, "credlink-prod-proofs", (p) => {
          assert.equal(p.rule.defaultRetention.days, 365);
          p.rule.defaultRetention.days = 1;
        }),
      );
      assert.equal(messages(v).length, 1, show(v));
      assert.match(messages(v)[0], /^credlink-prod-proofs \(proof bucket\): credlink-prod-proofs: default retention 1 days is under the minimum of 365$/);
    });

    it("GIVEN the replica's Object Lock configuration removed THEN it fires for the replica", async () => {
      const v = await stackVerdict(rec.proofObjectLock, remove(LOCK, "credlink-prod-proofs-replica"));
      assert.deepEqual(messages(v), ["credlink-prod-proofs-replica (replica of credlink-prod-proofs): has no aws.s3.BucketObjectLockConfiguration with a default retention"]);
    });

    it("GIVEN the proofs moved back to GOVERNANCE while prod's config says COMPLIANCE THEN it fires (the mode is config, exact)", async () => {
      const v = await stackVerdict(rec.proofObjectLock, patch(LOCK, "credlink-prod-proofs", (p) => (p.rule.defaultRetention.mode = "GOVERNANCE")));
      assert.match(messages(v).join("\n"), /mode must be COMPLIANCE in this environment, got GOVERNANCE/);
    });

    it("GIVEN the deny on governance bypass and lock changes removed from the proof bucket's policy THEN s3-proof-bucket-policy-denies-lock-bypass fires", async () => {
      const v = await stackVerdict(
        rec.proofLockDeny,
        patch(T.bucketPolicy, "credlink-prod-proofs", editDoc("policy", (d) => (d.Statement = d.Statement.filter((s: any) => s.Sid !== "DenyRetentionBypassAndLockChanges")))),
      );
      assert.deepEqual(messages(v), [
        'credlink-prod-proofs (proof bucket): its bucket policy must deny s3:BypassGovernanceRetention, s3:PutBucketObjectLockConfiguration on arn:aws:s3:::credlink-prod-proofs-48b0c75 and arn:aws:s3:::credlink-prod-proofs-48b0c75/* to Principal "*" (only an exact break-glass role ARN may be exempt)',
      ]);
    });

    const PLAN = [T.backupPlan, "credlink-prod-backup"] as const;

    it("GIVEN the daily rule's retention cut from 35 days to 7 THEN backup-plan-retains-recovery-points-minimum-days fires", async () => {
      const v = await resourceVerdict(rec.backupPlanRetention, ...PLAN, (p) => (p.rules[0].lifecycle.deleteAfter = 7));
      assert.deepEqual(messages(v), ["rule daily keeps recovery points 7 days; at least 35"]);
    });

    it("GIVEN the DR copy action removed THEN backup-plan-copies-to-dr-vault-in-another-region fires", async () => {
      const v = await stackVerdict(rec.backupPlanDrCopy, patch(...PLAN, (p) => delete p.rules[0].copyActions));
      assert.deepEqual(messages(v), ["credlink-prod-backup: no rule copies its recovery points to a vault of the stack in another region (copyActions to the DR vault)"]);
    });

    it("GIVEN the continuous rule removed THEN backup-plan-has-continuous-rule fires", async () => {
      const v = await resourceVerdict(rec.backupPlanContinuous, ...PLAN, (p) => (p.rules = p.rules.filter((r: any) => r.ruleName !== "continuous")));
      assert.deepEqual(messages(v), ["needs a rule with enableContinuousBackup true (point-in-time restore)"]);
    });

    it("GIVEN the DR vault's lock removed THEN backup-vaults-locked fires", async () => {
      const v = await stackVerdict(rec.backupVaultsLocked, remove("aws:backup/vaultLockConfiguration:VaultLockConfiguration", "credlink-prod-backup-dr"));
      assert.deepEqual(messages(v), ["credlink-prod-backup-dr: the vault has no vault lock (aws.backup.VaultLockConfiguration)"]);
    });

    it("GIVEN the DR vault's lock back in governance mode (changeableForDays dropped) THEN backup-vaults-locked fires: prod requires compliance", async () => {
      const v = await stackVerdict(rec.backupVaultsLocked, patch("aws:backup/vaultLockConfiguration:VaultLockConfiguration", "credlink-prod-backup-dr", (p) => delete p.changeableForDays));
      assert.deepEqual(messages(v), [
        "credlink-prod-backup-dr: its vault lock is in governance mode (no changeableForDays): anyone with backup:DeleteBackupVaultLockConfiguration can remove it; compliance mode is required here",
      ]);
    });

    it("GIVEN the air-gapped vault's access policy removed THEN backup-vault-access-policy-denies-deletion fires", async () => {
      const v = await stackVerdict(rec.backupVaultAccessPolicy, remove("aws:backup/vaultPolicy:VaultPolicy", "credlink-prod-backup-air-gapped"));
      assert.deepEqual(messages(v), [
        "credlink-prod-backup-air-gapped: the vault has no access policy (aws.backup.VaultPolicy) denying backup:DeleteRecoveryPoint, backup:UpdateRecoveryPointLifecycle, backup:DeleteBackupVault, backup:PutBackupVaultAccessPolicy, backup:DeleteBackupVaultLockConfiguration to every principal but the break-glass role",
      ]);
    });

    it("GIVEN the primary vault's deny widened to exempt every role of the account THEN backup-vault-access-policy-denies-deletion fires", async () => {
      const widen = editDoc("policy", (d) => (d.Statement[0].Condition = { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::123456789012:role/*" } }));
      const v = await stackVerdict(rec.backupVaultAccessPolicy, patch("aws:backup/vaultPolicy:VaultPolicy", "credlink-prod-backup", widen));
      assert.match(messages(v).join("\n"), /^credlink-prod-backup: its access policy must deny backup:DeleteRecoveryPoint, /);
    });

    it("GIVEN the replica moved back to GOVERNANCE THEN s3-proof-buckets-object-lock-retention fires on the replica", async () => {
      const v = await stackVerdict(rec.proofObjectLock, patch(LOCK, "credlink-prod-proofs-replica", (p) => (p.rule.defaultRetention.mode = "GOVERNANCE")));
      assert.deepEqual(messages(v), ["credlink-prod-proofs-replica (replica of credlink-prod-proofs): credlink-prod-proofs-replica: mode must be COMPLIANCE in this environment, got GOVERNANCE"]);
    });

    it("GIVEN the proofs' restore testing selections removed (the primary vault's, and the DR vault's copies') THEN backup-restore-testing-covers-database-and-proofs fires", async () => {
      const both = (all: Parameters<Edit>[0]) =>
        remove("aws:backup/restoreTestingSelection:RestoreTestingSelection", "credlink-prod-restore-test-dr-s3")(remove("aws:backup/restoreTestingSelection:RestoreTestingSelection", "credlink-prod-restore-test-s3")(all));
      const v = await stackVerdict(rec.restoreTestingCoverage, both);
      assert.deepEqual(messages(v), ["credlink-prod-proofs: no restore testing selection (of a restore testing plan in the stack) names it; its backups are never test-restored"]);
    });
  });
  describe("audit", () => {
    const TRAIL = "aws:cloudtrail/trail:Trail";
    const LOCK = "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration";

    it("GIVEN the trail removed THEN cloudtrail-trail-multi-region-validated-encrypted fires: prod owns the account baseline", async () => {
      const v = await stackVerdict(audit.trailCoversTheAccount, remove(TRAIL));
      assert.deepEqual(messages(v), [
        "the stack owns the account baseline (requireTrail) but creates no aws.cloudtrail.Trail: nothing records the account's API calls beyond CloudTrail's 90-day event history",
      ]);
    });

    it("GIVEN log file validation turned off THEN it fires", async () => {
      const v = await stackVerdict(audit.trailCoversTheAccount, patch(TRAIL, "credlink-prod-audit", (p) => (p.enableLogFileValidation = false)));
      assert.deepEqual(messages(v), ["credlink-prod-audit: enableLogFileValidation must be true: without digest files a deleted or edited log file goes unnoticed"]);
    });

    it("GIVEN the trail's key replaced by S3's AWS managed key THEN it fires", async () => {
      const v = await stackVerdict(audit.trailCoversTheAccount, patch(TRAIL, "credlink-prod-audit", (p) => (p.kmsKeyId = "alias/aws/s3")));
      assert.deepEqual(messages(v), ["credlink-prod-audit: kmsKeyId alias/aws/s3 is an AWS managed key; it must name a customer managed key"]);
    });

    it("GIVEN the trail narrowed to its home region THEN it fires", async () => {
      const v = await stackVerdict(audit.trailCoversTheAccount, patch(TRAIL, "credlink-prod-audit", (p) => (p.isMultiRegionTrail = false)));
      assert.deepEqual(messages(v), ["credlink-prod-audit: isMultiRegionTrail must be true: a single-region trail misses every call made in another region"]);
    });

    it("GIVEN the management events narrowed to writes THEN it fires", async () => {
      const narrow = (p: Props) => p.advancedEventSelectors[0].fieldSelectors.push({ field: "readOnly", equals: ["false"] });
      const v = await stackVerdict(audit.trailCoversTheAccount, patch(TRAIL, "credlink-prod-audit", narrow));
      assert.deepEqual(messages(v), ["credlink-prod-audit: must record every management event (read and write): an advanced selector on eventCategory Management with no readOnly filter"]);
    });

    it("GIVEN the proofs' data-event selector dropped THEN cloudtrail-records-proof-object-writes fires on the proof bucket only", async () => {
      const drop = (p: Props) => (p.advancedEventSelectors = p.advancedEventSelectors.filter((s: any) => !/^Proof object/.test(s.name)));
      const v = await stackVerdict(audit.trailRecordsProofWrites, patch(TRAIL, "credlink-prod-audit", drop));
      assert.equal(v.length, 1, show(v));
      assert.match(messages(v)[0], /^credlink-prod-proofs \(proof bucket\): no trail records its object writes/);
    });

    it("GIVEN the proofs' data events narrowed to reads THEN it fires", async () => {
      const reads = (p: Props) => p.advancedEventSelectors[1].fieldSelectors.forEach((f: any) => f.field === "readOnly" && (f.equals = ["true"]));
      const v = await stackVerdict(audit.trailRecordsProofWrites, patch(TRAIL, "credlink-prod-audit", reads));
      assert.match(messages(v).join("\n"), /^credlink-prod-proofs \(proof bucket\): no trail records its object writes/);
    });

    it("GIVEN the trail bucket's lock moved to GOVERNANCE THEN cloudtrail-log-bucket-object-lock fires: prod's trail logs are COMPLIANCE", async () => {
      const v = await stackVerdict(audit.trailBucketLocked, patch(LOCK, "credlink-prod-audit", (p) => (p.rule.defaultRetention.mode = "GOVERNANCE")));
      assert.deepEqual(messages(v), ["credlink-prod-audit (its bucket credlink-prod-audit): credlink-prod-audit: mode must be COMPLIANCE in this environment, got GOVERNANCE"]);
    });

    it("GIVEN the trail bucket's lock removed THEN it fires", async () => {
      const v = await stackVerdict(audit.trailBucketLocked, remove(LOCK, "credlink-prod-audit"));
      assert.deepEqual(messages(v), ["credlink-prod-audit (its bucket credlink-prod-audit): has no aws.s3.BucketObjectLockConfiguration with a default retention"]);
    });
  });
});
