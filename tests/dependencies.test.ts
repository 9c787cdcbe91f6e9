/**
 * Every ordering the components write down, pinned: each explicit `dependsOn` in components/**, and each Output that
 * carries a dependency on purpose (`pulumi.all([arn, policy.id]).apply(([arn]) => arn)`), with the resources it must
 * wait for in a program run. The mock harness records each registration's dependencies (explicit `dependsOn` and the
 * resources its inputs come from, tools/offline/mocks.ts), so a dropped `dependsOn` shows as a missing URN.
 *
 * Runs: the committed dev and prod programs and examples/prod-cloudflare.yaml (shared with other files), for the
 * Cloudflare origin and the R2 copy, which neither committed stack builds; and the account baseline on its own with
 * Security Hub on, which no stack file turns on.
 * The meta-tests hold the table to the source: a new `dependsOn` (or carried dependency) without a row fails, naming
 * the file and the expression.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { AccountBaseline } from "../components/account/baseline";
import type { Recorder } from "../tools/offline/mocks";
import { runComponent } from "../tools/offline/program";
import { REPO_ROOT } from "../tools/project";
import { exampleProgram } from "./helpers/examples";
import { committedProgram } from "./helpers/programs";

type Run = "dev" | "prod" | "cloudflare" | "baseline" | "baseline-dr-forwarding";
type Ref = readonly [type: string, name: string];

interface Ordering {
  /** Where it is written: the file, and the `dependsOn:` expression (or the carrying `pulumi.all([...])` array). */
  readonly file: string;
  readonly expression: string;
  readonly kind: "dependsOn" | "carried";
  readonly run: Run;
  readonly resource: Ref;
  readonly waitsFor: readonly Ref[];
  /** Why the order matters: what AWS does otherwise. */
  readonly why: string;
}

const T = {
  service: "aws:ecs/service:Service",
  taskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  capacityProviders: "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
  flowLog: "aws:ec2/flowLog:FlowLog",
  group: "aws:autoscaling/group:Group",
  route: "aws:ec2/route:Route",
  vpc: "awsx:ec2:Vpc",
  instance: "aws:rds/instance:Instance",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  replication: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
  versioning: "aws:s3/bucketVersioning:BucketVersioning",
  lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  lock: "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
  publicAccess: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
  listener: "aws:lb/listener:Listener",
  listenerRule: "aws:lb/listenerRule:ListenerRule",
  selection: "aws:backup/selection:Selection",
  restoreSelection: "aws:backup/restoreTestingSelection:RestoreTestingSelection",
  budget: "aws:budgets/budget:Budget",
  anomalySubscription: "aws:costexplorer/anomalySubscription:AnomalySubscription",
  topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
  registryScanning: "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration",
  inspector: "aws:inspector2/enabler:Enabler",
  standards: "aws:securityhub/standardsSubscription:StandardsSubscription",
  securityHub: "aws:securityhub/account:Account",
  originPullSettings: "cloudflare:index/authenticatedOriginPullsSettings:AuthenticatedOriginPullsSettings",
  originPullCertificate: "cloudflare:index/authenticatedOriginPullsCertificate:AuthenticatedOriginPullsCertificate",
  object: "aws:s3/bucketObjectv2:BucketObjectv2",
  notification: "aws:s3/bucketNotification:BucketNotification",
  queuePolicy: "aws:sqs/queuePolicy:QueuePolicy",
  lambda: "aws:lambda/function:Function",
  eventTarget: "aws:cloudwatch/eventTarget:EventTarget",
  creationTemplate: "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate",
  ecrReplication: "aws:ecr/replicationConfiguration:ReplicationConfiguration",
  ecrRepository: "aws:ecr/repository:Repository",
  ecrLifecycle: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
  trail: "aws:cloudtrail/trail:Trail",
  permission: "aws:lambda/permission:Permission",
  vaultPolicy: "aws:backup/vaultPolicy:VaultPolicy",
  vaultLock: "aws:backup/vaultLockConfiguration:VaultLockConfiguration",
} as const;

const SERVICE = "components/app/service.ts";
const BUCKET = "components/lib/bucket.ts";
const BACKUP_ATTACHMENTS = (s: string): Ref[] => ["backup", "restores", "s3-backup", "s3-restore"].map((p) => [T.attachment, `credlink-${s}-backup-${p}`]);

/** The bucket-level orderings of lib/bucket.ts, for one secure bucket (`locked`: Object Lock on). */
function secureBucket(run: Run, bucket: string, locked: boolean): Ordering[] {
  return [
    { file: BUCKET, expression: "[versioning]", kind: "dependsOn", run, resource: [T.lifecycle, bucket], waitsFor: [[T.versioning, bucket]], why: "rules on noncurrent versions need versioning on" },
    ...(locked
      ? [{ file: BUCKET, expression: "[versioning]", kind: "dependsOn" as const, run, resource: [T.lock, bucket] as Ref, waitsFor: [[T.versioning, bucket]] as Ref[], why: "S3 refuses Object Lock settings before versioning" }]
      : []),
    {
      file: BUCKET,
      expression: "[...parts.policyAfter]",
      kind: "dependsOn",
      run,
      resource: [T.bucketPolicy, bucket],
      waitsFor: [[T.publicAccess, bucket], [T.lifecycle, bucket], ...(locked ? [[T.lock, bucket] as Ref] : [])],
      why: "S3 rejects concurrent policy and public-access-block writes, and the policy may deny later lifecycle and lock changes",
    },
  ];
}

const ORDERINGS: readonly Ordering[] = [
  // The service and its tasks: nothing starts before IAM lets it pull, read its secret and reach the data.
  ...(["dev", "prod"] as const).flatMap((s): Ordering[] => [
    { file: SERVICE, expression: "rolePolicies", kind: "dependsOn", run: s, resource: [T.taskDefinition, `credlink-${s}`], waitsFor: [[T.rolePolicy, `credlink-${s}-execution`], [T.rolePolicy, `credlink-${s}-task`]], why: "a first task must not start before its roles' policies exist" },
    {
      file: SERVICE,
      expression: "waitFor",
      kind: "dependsOn",
      run: s,
      resource: [T.service, `credlink-${s}`],
      waitsFor: [
        [T.rolePolicy, `credlink-${s}-execution`],
        [T.rolePolicy, `credlink-${s}-task`],
        // deployAfter: the GuardDuty agent's pull permission on the execution role (stacks/index.ts).
        [T.rolePolicy, `credlink-${s}-guardduty-agent`],
        ...(s === "dev" ? [[T.capacityProviders, "credlink-dev"] as Ref] : [[T.attachment, "credlink-prod-ecs-infrastructure"] as Ref]),
      ],
      why: s === "dev" ? "tasks start at once; FARGATE_SPOT exists only once associated with the cluster" : "tasks start at once; ECS uses the infrastructure role on the first canary deployment",
    },
    { file: "components/network/network.ts", expression: "[policy]", kind: "dependsOn", run: s, resource: [T.flowLog, `credlink-${s}`], waitsFor: [[T.bucketPolicy, `credlink-${s}-flow-logs`]], why: "Flow Logs checks the bucket policy when the flow log is created and refuses a bucket it can't write to" },
    ...(s === "dev" ? [1] : [1, 2]).map(
      (n): Ordering => ({ file: "components/network/nat-instances.ts", expression: "[rolePolicy]", kind: "dependsOn", run: s, resource: [T.group, `credlink-${s}-nat-${n}`], waitsFor: [[T.rolePolicy, `credlink-${s}-nat-${n}`]], why: "the instance's first boot attaches its ENI and reports its health with the role" }),
    ),
    // The route table is read with an invoke (its dependsOn records nothing); the route it feeds waits for the VPC.
    { file: "components/network/nat-instances.ts", expression: "[args.vpc]", kind: "dependsOn", run: s, resource: [T.route, `credlink-${s}-nat-route-1`], waitsFor: [[T.vpc, `credlink-${s}`]], why: "the private route tables exist only once awsx made them" },
    {
      file: "components/data/database.ts",
      expression: "[...logGroups, monitoringPolicy]",
      kind: "dependsOn",
      run: s,
      resource: [T.instance, `credlink-${s}-db`],
      waitsFor: [[T.logGroup, `credlink-${s}-db-postgresql`], [T.logGroup, `credlink-${s}-db-upgrade`], [T.attachment, `credlink-${s}-db-monitoring`]],
      why: "RDS would create the log groups itself (unencrypted, kept forever), and enhanced monitoring needs its role's policy",
    },
    { file: "components/app/load-balancer.ts", expression: "[logs.policy]", kind: "dependsOn", run: s, resource: [T.loadBalancer, `credlink-${s}`], waitsFor: [[T.bucketPolicy, `credlink-${s}-alb-logs`]], why: "ELB checks it may write the access-log bucket when access logs are turned on" },
    { file: "components/app/load-balancer.ts", expression: "[publicAccess]", kind: "dependsOn", run: s, resource: [T.bucketPolicy, `credlink-${s}-alb-logs`], waitsFor: [[T.publicAccess, `credlink-${s}-alb-logs`]], why: "S3 rejects a bucket policy while the public access block is being applied" },
    { file: "components/recovery/backup.ts", expression: "attachments", kind: "dependsOn", run: s, resource: [T.selection, `credlink-${s}-backup`], waitsFor: BACKUP_ATTACHMENTS(s), why: "the first scheduled job runs as the role" },
    ...["rds", "s3"].map(
      (target): Ordering => ({
        file: "components/recovery/backup.ts",
        expression: "[role.arn, ...attachments.map((a) => a.id)]",
        kind: "carried",
        run: s,
        resource: [T.restoreSelection, `credlink-${s}-restore-test-${target}`],
        waitsFor: BACKUP_ATTACHMENTS(s),
        why: "a restore test runs as the Backup role: Backup.roleArn resolves only once its policies are attached",
      }),
    ),
    {
      file: "components/app/load-balancer.ts",
      expression: "[targetGroup.arn, forwardingListener.arn]",
      kind: "carried",
      run: s,
      resource: [T.service, `credlink-${s}`],
      waitsFor: [[T.listener, s === "dev" ? "credlink-dev-http" : "credlink-prod-https"]],
      why: "ECS rejects a target group that no load balancer listener uses yet",
    },
    ...(["page", "notify"] as const).map(
      (topic): Ordering => ({
        file: "components/ops/alerting.ts",
        expression: topic === "page" ? "[page.arn, this.topicPolicies[0].id]" : "[notify.arn, this.topicPolicies[1].id]",
        kind: "carried",
        run: s,
        resource: [T.budget, `credlink-${s}`],
        waitsFor: [[T.topicPolicy, `credlink-${s}-${topic}`]],
        why: "Budgets checks it may publish to the topic when the notification is created",
      }),
    ),
    { file: "components/ops/alerting.ts", expression: "[notify.arn, this.topicPolicies[1].id]", kind: "carried", run: s, resource: [T.anomalySubscription, `credlink-${s}`], waitsFor: [[T.topicPolicy, `credlink-${s}-notify`]], why: "Cost Anomaly Detection checks it may publish to the topic" },
    // Prod only: dev sets no heartbeat URL.
    ...(s === "prod"
      ? [
          {
            file: "components/ops/alerting.ts",
            expression: "[page.arn, this.topicPolicies[0].id]",
            kind: "carried" as const,
            run: s,
            resource: [T.eventTarget, "credlink-prod-heartbeat"] as Ref,
            waitsFor: [[T.topicPolicy, "credlink-prod-page"]] as Ref[],
            why: "a heartbeat the topic refuses is dropped (EventBridge's FailedInvocations), and the external check would page on the first up",
          },
        ]
      : []),
  ]),
  ...secureBucket("dev", "credlink-dev-proofs", false),
  ...secureBucket("dev", "credlink-dev-proofs-logs", false),
  ...secureBucket("prod", "credlink-prod-proofs", true),
  ...secureBucket("prod", "credlink-prod-proofs-replica", true),
  ...secureBucket("prod", "credlink-prod-proofs-replica-logs", false),
  ...secureBucket("prod", "credlink-prod-flow-logs", false),
  ...secureBucket("prod", "credlink-prod-audit", true),
  {
    file: "components/data/proof-store.ts",
    expression: "[source.versioning, replica.versioning, rolePolicy]",
    kind: "dependsOn",
    run: "prod",
    resource: [T.replication, "credlink-prod-proofs"],
    waitsFor: [[T.versioning, "credlink-prod-proofs"], [T.versioning, "credlink-prod-proofs-replica"], [T.rolePolicy, "credlink-prod-proofs-replication"]],
    why: "S3 refuses a replication rule before versioning at both ends, and replicates as the role",
  },
  {
    file: "components/app/load-balancer.ts",
    expression: "[alternate.arn, rule.arn]",
    kind: "carried",
    run: "prod",
    resource: [T.service, "credlink-prod"],
    waitsFor: [[T.listenerRule, "credlink-prod-production"]],
    why: "ECS requires the alternate target group to be in use by the production listener rule",
  },
  ...["", "-dr"].map(
    (dr): Ordering => ({ file: "components/account/baseline.ts", expression: "[enabler]", kind: "dependsOn", run: "prod", resource: [T.registryScanning, `credlink-account${dr}-registry-scanning`], waitsFor: [[T.inspector, `credlink-account${dr}-inspector`]], why: "ENHANCED scanning is Inspector's: it must be on first" }),
  ),
  { file: "components/account/baseline.ts", expression: "[policy]", kind: "dependsOn", run: "baseline-dr-forwarding", resource: [T.eventTarget, "credlink-account-dr-findings-to-primary"], waitsFor: [[T.rolePolicy, "credlink-account-dr-findings-to-primary"]], why: "the first forwarded finding is sent as the role: without its policy EventBridge drops it" },
  { file: "components/app/registry.ts", expression: "[repository, lifecycle]", kind: "dependsOn", run: "prod", resource: [T.ecrReplication, "credlink-prod-replication"], waitsFor: [[T.ecrRepository, "credlink-prod-replica"], [T.ecrLifecycle, "credlink-prod-replica"]], why: "an image replicated before the replica repository exists lands in one ECR creates with its defaults (mutable tags, AES256, no lifecycle)" },
  { file: "components/audit/trail.ts", expression: "[policy]", kind: "dependsOn", run: "prod", resource: [T.trail, "credlink-prod-audit"], waitsFor: [[T.bucketPolicy, "credlink-prod-audit"]], why: "CreateTrail checks that CloudTrail may write to the bucket (InsufficientS3BucketPolicyException otherwise)" },
  { file: "components/ops/scheduled-check.ts", expression: "[policy, logGroup]", kind: "dependsOn", run: "prod", resource: [T.lambda, "credlink-prod-copy-freshness"], waitsFor: [[T.rolePolicy, "credlink-prod-copy-freshness"], [T.logGroup, "credlink-prod-copy-freshness"]], why: "the first run writes its logs as the role, into the encrypted group" },
  { file: "components/ops/scheduled-check.ts", expression: "[permission]", kind: "dependsOn", run: "prod", resource: [T.eventTarget, "credlink-prod-copy-freshness"], waitsFor: [[T.permission, "credlink-prod-copy-freshness"]], why: "EventBridge invokes the function through its resource policy: a run before the permission exists fails" },
  ...["", "-dr"].map(
    (dr): Ordering => ({ file: "components/recovery/backup.ts", expression: "lock", kind: "dependsOn", run: "prod", resource: [T.vaultPolicy, `credlink-prod-backup${dr}`], waitsFor: [[T.vaultLock, `credlink-prod-backup${dr}`]], why: "the access policy denies further lock changes, so the lock is written first" }),
  ),
  { file: "components/account/baseline.ts", expression: "[account]", kind: "dependsOn", run: "baseline", resource: [T.standards, "credlink-account-fsbp"], waitsFor: [[T.securityHub, "credlink-account-security-hub"]], why: "a standard can be subscribed only once Security Hub is on" },
  { file: "components/edge/cloudflare-origin.ts", expression: "[uploaded]", kind: "dependsOn", run: "cloudflare", resource: [T.originPullSettings, "credlink-prod-edge-origin-pull"], waitsFor: [[T.originPullCertificate, "credlink-prod-edge-origin-pull"]], why: "turning origin pulls on before the client certificate is uploaded cuts Cloudflare off the origin" },
  { file: "components/edge/cloudflare-origin.ts", expression: "[versioning]", kind: "dependsOn", run: "cloudflare", resource: [T.object, "credlink-prod-edge-trust-store"], waitsFor: [[T.versioning, "credlink-prod-edge-trust-store"]], why: "the trust store names the bundle's version, which exists only once versioning is on" },
  { file: "components/data/r2-copy.ts", expression: "[queuePolicy]", kind: "dependsOn", run: "cloudflare", resource: [T.notification, "credlink-prod-proofs-r2-copy"], waitsFor: [[T.queuePolicy, "credlink-prod-proofs-r2-copy"]], why: "S3 checks it may send to the queue when the notification is created" },
  { file: "components/data/r2-copy.ts", expression: "[policy, logGroup]", kind: "dependsOn", run: "cloudflare", resource: [T.lambda, "credlink-prod-proofs-r2-copy"], waitsFor: [[T.rolePolicy, "credlink-prod-proofs-r2-copy"], [T.logGroup, "credlink-prod-proofs-r2-copy"]], why: "the first invocation writes its logs as the role, into the encrypted group" },
];

/** `dependsOn:` expressions and carrying `pulumi.all([...]).apply(([arn]) => arn)` arrays in a source text. */
export function orderingsIn(text: string): { dependsOn: string[]; carried: string[] } {
  const dependsOn: string[] = [];
  for (let at = text.indexOf("dependsOn:"); at !== -1; at = text.indexOf("dependsOn:", at + 1)) {
    let i = at + "dependsOn:".length;
    while (text[i] === " ") i++;
    let end = i;
    if (text[i] === "[") {
      for (let depth = 0; end < text.length; end++) {
        if (text[end] === "[") depth++;
        if (text[end] === "]" && --depth === 0) break;
      }
      end++;
    } else {
      while (/[\w.]/.test(text[end])) end++;
    }
    const expression = text.slice(i, end);
    // An ECS container's dependsOn (container start order) is task-definition data, not a Pulumi option.
    if (!expression.startsWith("[{")) dependsOn.push(expression);
  }
  const carried = [...text.matchAll(/pulumi\.all\((\[[^\n]*?\])\)\.apply\(\(\[arn\]\) => arn\)/g)].map((m) => m[1]);
  return { dependsOn, carried };
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(`${dir}/${e.name}`) : e.name.endsWith(".ts") ? [`${dir}/${e.name}`] : []));
}

const show = (r: Ref) => `${r[0].split(":").pop()} ${r[1]}`;

describe("dependencies: every ordering the components write down", () => {
  const runs = new Map<Run, Recorder>();
  before(async () => {
    runs.set("dev", (await committedProgram("dev")).recorder);
    runs.set("prod", (await committedProgram("prod")).recorder);
    runs.set("cloudflare", (await exampleProgram("prod-cloudflare")).recorder);
    const notify = "arn:aws:sns:us-east-1:123456789012:credlink-prod-notify";
    const baseline = () => new AccountBaseline("credlink-account", { pageTopicArn: notify, notifyTopicArn: notify, repositoryNames: ["credlink-*"], costAllocationTags: ["Project"], securityHub: true });
    runs.set("baseline", (await runComponent(baseline)).recorder);
    // A DR region without topics of its own: its findings are forwarded to the primary region's bus.
    const forwarding = () =>
      new AccountBaseline("credlink-account", { pageTopicArn: notify, notifyTopicArn: notify, repositoryNames: ["credlink-*"], costAllocationTags: ["Project"], drProvider: new aws.Provider("dr", { region: "us-west-2" }) });
    runs.set("baseline-dr-forwarding", (await runComponent(forwarding)).recorder);
  });

  for (const o of ORDERINGS) {
    it(`GIVEN ${o.run} WHEN the program runs THEN ${show(o.resource)} waits for ${o.waitsFor.map(show).join(", ")}: ${o.why}`, () => {
      const recorder = runs.get(o.run) as Recorder;
      const resource = recorder.one(...o.resource);
      const missing = o.waitsFor.filter((ref) => !resource.dependsOn.includes(recorder.one(...ref).urn)).map(show);
      expect(missing, `${o.file}: ${o.expression}`).to.deep.equal([]);
    });
  }

  it("GIVEN components/** THEN every dependsOn and every carried dependency has a row in this table, and every row names one that exists", () => {
    const found: string[] = [];
    for (const file of sourceFiles("components")) {
      const { dependsOn, carried } = orderingsIn(fs.readFileSync(path.join(REPO_ROOT, file), "utf8"));
      found.push(...dependsOn.map((e) => `${file} dependsOn: ${e}`), ...carried.map((e) => `${file} carried: ${e}`));
    }
    const pinned = new Set(ORDERINGS.map((o) => `${o.file} ${o.kind}: ${o.expression}`));
    expect({ unpinned: [...new Set(found)].filter((f) => !pinned.has(f)), stale: [...pinned].filter((p) => !found.includes(p)) }).to.deep.equal({ unpinned: [], stale: [] });
  });

  it("GIVEN source text WHEN its orderings are read THEN nested brackets, plain names and carried arrays are found, container start order is not", () => {
    const text = [
      "{ parent: this, dependsOn: [publicAccessBlock, lifecycle, ...(lock ? [lock] : [])] },",
      "{ parent: this, dependsOn: waitFor, customTimeouts }",
      "...(tracing ? { dependsOn: [{ containerName: COLLECTOR, condition: \"START\" }] } : {}),",
      "this.roleArn = pulumi.all([role.arn, ...attachments.map((a) => a.id)]).apply(([arn]) => arn);",
    ].join("\n");
    expect(orderingsIn(text)).to.deep.equal({ dependsOn: ["[publicAccessBlock, lifecycle, ...(lock ? [lock] : [])]", "waitFor"], carried: ["[role.arn, ...attachments.map((a) => a.id)]"] });
  });
});
