/**
 * CI/CD in the whole program, one run per stack: ECS-native canary deployments (prod deploys CANARY through
 * a second, alternate target group and a production listener rule whose weights ECS shifts with an infrastructure
 * role; dev keeps ROLLING) and the deploy identity (GitHub's OIDC provider, the deploy and preview roles, their exact
 * trust). Also the components on their own (a canary without a domain works on the HTTP listener) and the config's
 * ranges (the ECS API's).
 */
import { expect } from "chai";
import { LoadBalancer, PRODUCTION_RULE_PRIORITY } from "../components/app/load-balancer";
import { deploymentConfiguration, ECS_INFRASTRUCTURE_LB_POLICY_ARN, Service, validateDeploymentSettings } from "../components/app/service";
import { parseStackConfig } from "../stacks/config";
import { Recorder } from "../tools/offline/mocks";
import { runComponent, runProgram, stackConfig } from "../tools/offline/program";
import { ALB_SG, PUBLIC_SUBNETS, serviceArgs, VPC_ID } from "./fixtures/app";
import { problemsFor } from "./helpers/config";
import { committedProgram } from "./helpers/programs";

const SERVICE = "aws:ecs/service:Service";
const TG = "aws:lb/targetGroup:TargetGroup";
const RULE = "aws:lb/listenerRule:ListenerRule";
const ROLE = "aws:iam/role:Role";
const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

const INFRASTRUCTURE_TRUST = {
  Version: "2012-10-17",
  Statement: [{ Sid: "AllowAccessToECSForInfrastructureManagement", Effect: "Allow", Principal: { Service: "ecs.amazonaws.com" }, Action: "sts:AssumeRole" }],
};

/** Dev with the optional credlink:cicd keys set to non-default values (nothing else in dev reads them). */
const OTHER_PROVIDER = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com";
const STATE_BUCKET = "credlink-pulumi-state";
const STATE_KEY = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";

let prod: { recorder: Recorder; outputs: Record<string, any> };
let dev: { recorder: Recorder; outputs: Record<string, any> };
before(async () => {
  prod = await committedProgram("prod");
  dev = await runProgram("dev", { "credlink:cicd": { createOidcProvider: false, oidcProviderArn: OTHER_PROVIDER, stateBucket: STATE_BUCKET, stateKeyArn: STATE_KEY } });
});

describe("canary deployments in the committed prod program", () => {
  let rec: Recorder;
  before(() => {
    rec = prod.recorder;
  });

  it("GIVEN prod's credlink:service.deployment (CANARY, 10%, 15 min, 20 min) THEN the service deploys CANARY with exactly those settings", () => {
    expect(rec.one(SERVICE).inputs.deploymentConfiguration).to.deep.equal({
      strategy: "CANARY",
      bakeTimeInMinutes: "20",
      canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: "15" },
    });
  });

  it("WHEN it runs THEN the service's load balancer names the production group, the alternate group, the production rule and the infrastructure role", () => {
    expect(rec.one(SERVICE).inputs.loadBalancers).to.deep.equal([
      {
        targetGroupArn: rec.one(TG, "credlink-prod").state.arn,
        containerName: "app",
        containerPort: 8080,
        advancedConfiguration: {
          alternateTargetGroupArn: rec.one(TG, "credlink-prod-alt").state.arn,
          productionListenerRule: rec.one(RULE, "credlink-prod-production").state.arn,
          roleArn: rec.one(ROLE, "credlink-prod-ecs-infrastructure").state.arn,
        },
      },
    ]);
  });

  it("WHEN it runs THEN there are exactly two target groups, configured alike (the alternate one is a copy under its own name)", () => {
    const [main, alternate] = [rec.one(TG, "credlink-prod"), rec.one(TG, "credlink-prod-alt")];
    expect(rec.ofType(TG).map((tg) => tg.name)).to.deep.equal(["credlink-prod", "credlink-prod-alt"]);
    const { name: _m, ...mainInputs } = main.inputs;
    const { name: _a, ...alternateInputs } = alternate.inputs;
    expect(alternateInputs).to.deep.equal(mainInputs);
  });

  it("WHEN it runs THEN the HTTPS listener forwards through one production rule, 100 / 0 over the two groups, matching every path", () => {
    const rule = rec.one(RULE);
    expect(rule.name).to.equal("credlink-prod-production");
    expect(rule.inputs).to.deep.equal({
      listenerArn: rec.one("aws:lb/listener:Listener", "credlink-prod-https").state.arn,
      priority: PRODUCTION_RULE_PRIORITY,
      conditions: [{ pathPattern: { values: ["/*"] } }],
      actions: [
        {
          type: "forward",
          forward: {
            targetGroups: [
              { arn: rec.one(TG, "credlink-prod").state.arn, weight: 100 },
              { arn: rec.one(TG, "credlink-prod-alt").state.arn, weight: 0 },
            ],
          },
        },
      ],
    });
  });

  it("WHEN it runs THEN the rule's target groups (the weights ECS moves) are under ignoreChanges, and nothing else is", () => {
    expect(rec.one(RULE).ignoreChanges).to.deep.equal(["actions[0].forward.targetGroups"]);
  });

  it("WHEN it runs THEN the infrastructure role is trusted by ecs.amazonaws.com only and has exactly AWS's load-balancer policy", () => {
    const role = rec.one(ROLE, "credlink-prod-ecs-infrastructure");
    expect(JSON.parse(role.inputs.assumeRolePolicy)).to.deep.equal(INFRASTRUCTURE_TRUST);
    const attachments = rec.ofType(ATTACHMENT).filter((a) => a.inputs.role === role.state.name);
    expect(attachments.map((a) => a.inputs.policyArn)).to.deep.equal([ECS_INFRASTRUCTURE_LB_POLICY_ARN]);
    expect(ECS_INFRASTRUCTURE_LB_POLICY_ARN).to.equal("arn:aws:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers");
    expect(rec.ofType(SERVICE)[0].dependsOn).to.include(attachments[0].urn);
  });

  it("WHEN it runs THEN the circuit breaker and both deployment alarms still roll back (they fail the canary during its bake)", () => {
    const svc = rec.one(SERVICE).inputs;
    expect(svc.deploymentCircuitBreaker).to.deep.equal({ enable: true, rollback: true });
    expect(svc.alarms).to.deep.equal({
      alarmNames: [rec.one(ALARM, "credlink-prod-5xx-rate").state.name, rec.one(ALARM, "credlink-prod-p95-latency").state.name],
      enable: true,
      rollback: true,
    });
  });

  it("WHEN it runs THEN the deployment alarms watch the whole load balancer, so the canary's requests in the alternate group count", () => {
    const lb = rec.one("aws:lb/loadBalancer:LoadBalancer").state.arnSuffix;
    expect(rec.one(ALARM, "credlink-prod-p95-latency").inputs.dimensions).to.deep.equal({ LoadBalancer: lb });
    const queries = rec.one(ALARM, "credlink-prod-5xx-rate").inputs.metricQueries;
    expect(queries.filter((q: any) => q.metric).map((q: any) => q.metric.dimensions)).to.deep.equal([{ LoadBalancer: lb }, { LoadBalancer: lb }]);
  });
});

describe("rolling deployments in the committed dev program", () => {
  let rec: Recorder;
  before(() => {
    rec = dev.recorder;
  });

  it("GIVEN dev's credlink:service.deployment.strategy ROLLING THEN the service deploys ROLLING with one target group and no rule or infrastructure role", () => {
    expect(rec.one(SERVICE).inputs.deploymentConfiguration).to.deep.equal({ strategy: "ROLLING" });
    expect(rec.one(SERVICE).inputs.loadBalancers[0].advancedConfiguration).to.equal(undefined);
    expect(rec.ofType(TG).map((tg) => tg.name)).to.deep.equal(["credlink-dev"]);
    expect(rec.ofType(RULE)).to.deep.equal([]);
    expect(rec.ofType(ROLE).filter((r) => r.name.endsWith("-ecs-infrastructure"))).to.deep.equal([]);
  });

  it("WHEN it runs THEN the deployment alarms watch the service's own target group", () => {
    const tg = rec.one(TG).state.arnSuffix;
    const lb = rec.one("aws:lb/loadBalancer:LoadBalancer").state.arnSuffix;
    expect(rec.one(ALARM, "credlink-dev-p95-latency").inputs.dimensions).to.deep.equal({ LoadBalancer: lb, TargetGroup: tg });
  });
});

describe("canary components on their own", () => {
  it("GIVEN trafficShifting and no domain (dev serves plain HTTP) WHEN built THEN the production rule sits on the HTTP listener", async () => {
    const { recorder, result } = await runComponent(
      () => new LoadBalancer("credlink-dev", { vpcId: VPC_ID, subnetIds: PUBLIC_SUBNETS, securityGroupId: ALB_SG, trafficShifting: true }),
    );
    expect(recorder.one(RULE).inputs.listenerArn).to.equal(recorder.one("aws:lb/listener:Listener", "credlink-dev-http").state.arn);
    expect(result.canary).to.not.equal(undefined);
  });

  it("GIVEN the default trafficShifting WHEN built THEN there is one target group and no rule", async () => {
    const { recorder, result } = await runComponent(() => new LoadBalancer("credlink-dev", { vpcId: VPC_ID, subnetIds: PUBLIC_SUBNETS, securityGroupId: ALB_SG }));
    expect([recorder.ofType(TG).length, recorder.ofType(RULE).length, result.canary]).to.deep.equal([1, 0, undefined]);
  });

  it("GIVEN deploymentStrategy CANARY without the load balancer's parts WHEN built THEN it refuses, naming canary", () => {
    expect(() => new Service("credlink-dev", { ...serviceArgs(), deploymentStrategy: "CANARY" })).to.throw(/^canary must be given with deploymentStrategy "CANARY"/);
  });

  it("GIVEN the defaults THEN the deployment configuration is ROLLING, and CANARY's defaults are ECS's own (5%, 10 min) with a 10-minute bake", () => {
    expect(deploymentConfiguration({ deploymentStrategy: "ROLLING", canaryPercent: 5, canaryBakeMinutes: 10, bakeMinutes: 10 })).to.deep.equal({ strategy: "ROLLING" });
    expect(deploymentConfiguration({ deploymentStrategy: "CANARY", canaryPercent: 5, canaryBakeMinutes: 10, bakeMinutes: 10 })).to.deep.equal({
      strategy: "CANARY",
      bakeTimeInMinutes: "10",
      canaryConfiguration: { canaryPercent: 5, canaryBakeTimeInMinutes: "10" },
    });
  });
});

describe("credlink:service.deployment ranges (ECS API: CanaryConfiguration, DeploymentConfiguration)", () => {
  const settings = { deploymentStrategy: "CANARY" as const, canaryPercent: 5, canaryBakeMinutes: 10, bakeMinutes: 10 };
  const ok = (patch: Record<string, unknown>) => () => validateDeploymentSettings({ ...settings, ...patch });

  it("GIVEN canaryPercent 0.1 and 100 (the ends) and 12.3 (a multiple of 0.1) THEN they are accepted", () => {
    for (const canaryPercent of [0.1, 100, 12.3]) expect(ok({ canaryPercent }), String(canaryPercent)).to.not.throw();
  });

  it("GIVEN canaryPercent 0, 100.1 or 2.55 (not a multiple of 0.1) THEN each is refused", () => {
    for (const canaryPercent of [0, 100.1, 2.55]) expect(ok({ canaryPercent }), String(canaryPercent)).to.throw(/^canaryPercent must be a multiple of 0.1 from 0.1 to 100/);
  });

  it("GIVEN canaryBakeMinutes and bakeMinutes 0 and 1440 THEN they are accepted; 1441, -1 and 2.5 are refused", () => {
    for (const key of ["canaryBakeMinutes", "bakeMinutes"]) {
      for (const v of [0, 1440]) expect(ok({ [key]: v }), `${key} ${v}`).to.not.throw();
      for (const v of [1441, -1, 2.5]) expect(ok({ [key]: v }), `${key} ${v}`).to.throw(new RegExp(`^${key} must be an integer from 0 to 1440`));
    }
  });

  it("GIVEN prod's config with canaryPercent 0.05 THEN the config error names the key, the value and the range", () => {
    expect(problemsFor("prod", { "credlink:service": { deployment: { canaryPercent: 0.05 } } })).to.deep.equal([
      "credlink:service.deployment.canaryPercent must be a multiple of 0.1 from 0.1 to 100 (ECS CanaryConfiguration), got 0.05",
    ]);
  });

  it("GIVEN strategy BLUE_GREEN THEN the config error lists the strategies this stack builds", () => {
    expect(problemsFor("dev", { "credlink:service": { deployment: { strategy: "BLUE_GREEN" } } })).to.deep.equal([
      'credlink:service.deployment.strategy must be one of "ROLLING" | "CANARY", got "BLUE_GREEN"',
    ]);
  });

  it("GIVEN no credlink:service.deployment THEN the stack deploys ROLLING with ECS's canary defaults", () => {
    const raw = stackConfig("dev");
    const service = JSON.parse(raw["credlink:service"]);
    delete service.deployment;
    const cfg = parseStackConfig({ ...raw, "credlink:service": JSON.stringify(service) }, "credlink", "dev");
    expect(cfg.service.deployment).to.deep.equal({ strategy: "ROLLING", canaryPercent: 5, canaryBakeMinutes: 10, bakeMinutes: 10 });
  });
});

const trust = (subject: string, provider: string, pullRequestNumber = false) => ({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "GitHubActionsOidc",
      Effect: "Allow",
      Principal: { Federated: provider },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: pullRequestNumber
        ? { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" }, StringLike: { "token.actions.githubusercontent.com:sub": subject } }
        : { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": subject } },
    },
  ],
});
/** The committed stack files' placeholder ids (credlink:cicd.github.ownerId and repoId). */
const IDS = "repository_owner_id:11111111:repository_id:22222222";
const deploySub = (env: string) => `${IDS}:environment:${env}:job_workflow_ref:credlink/infrastructure/.github/workflows/deploy.yml@refs/heads/main`;
const previewSub = (env: string) => `${IDS}:environment:${env}-preview:job_workflow_ref:credlink/infrastructure/.github/workflows/pull-request.yml@refs/pull/*/merge`;
const OIDC = "aws:iam/openIdConnectProvider:OpenIdConnectProvider";
const MANAGED = "aws:iam/policy:Policy";
/** The statements of one of the CI roles' managed policies (`credlink-<stack>-<role>-<group>`). */
const statementsOf = (rec: Recorder, policyName: string) => JSON.parse(rec.ofType(MANAGED).find((p) => p.inputs.name === policyName)!.inputs.policy).Statement;
const attachedTo = (rec: Recorder, role: string) => {
  const roleName = rec.one(ROLE, role).state.name;
  const arns = rec.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => a.inputs.role === roleName).map((a) => a.inputs.policyArn);
  return rec.ofType(MANAGED).filter((p) => arns.includes(p.state.arn)).map((p) => p.inputs.name as string).sort();
};

describe("the deploy identity in the committed prod program", () => {
  let rec: Recorder;
  let outputs: Record<string, any>;
  before(() => {
    ({ recorder: rec, outputs } = prod);
  });

  it("GIVEN prod's credlink:cicd.createOidcProvider true THEN prod creates GitHub's OIDC provider, for the audience sts.amazonaws.com, with no thumbprint", () => {
    expect(rec.one(OIDC).name).to.equal("credlink-prod-cicd-github");
    expect(rec.one(OIDC).inputs).to.deep.equal({ url: "https://token.actions.githubusercontent.com", clientIdLists: ["sts.amazonaws.com"] });
  });

  it("GIVEN credlink:cicd.github (owner, repo and their numeric ids) THEN the deploy role trusts exactly the deploy workflow on main in the prod environment, through that provider", () => {
    const provider = rec.one(OIDC).state.arn;
    expect(JSON.parse(rec.one(ROLE, "credlink-prod-cicd-deploy").inputs.assumeRolePolicy)).to.deep.equal(trust(deploySub("prod"), provider));
    expect(outputs.deploySubject).to.equal(deploySub("prod"));
  });

  it("WHEN it runs THEN the preview role trusts exactly the pull-request workflow's jobs in the prod-preview environment (required reviewers)", () => {
    const provider = rec.one(OIDC).state.arn;
    expect(JSON.parse(rec.one(ROLE, "credlink-prod-cicd-preview").inputs.assumeRolePolicy)).to.deep.equal(trust(previewSub("prod"), provider, true));
  });

  it("WHEN it runs THEN the role ARNs and the provider's are stack outputs", () => {
    expect([outputs.deployRoleArn, outputs.previewRoleArn, outputs.oidcProviderArn]).to.deep.equal([
      rec.one(ROLE, "credlink-prod-cicd-deploy").state.arn,
      rec.one(ROLE, "credlink-prod-cicd-preview").state.arn,
      rec.one(OIDC).state.arn,
    ]);
  });

  it("WHEN it runs THEN each CI role has only customer managed policies, by service group, each within IAM's 6,144 characters (whitespace not counted)", () => {
    expect(rec.ofType("aws:iam/rolePolicy:RolePolicy").filter((p) => p.name.includes("-cicd-"))).to.deep.equal([]);
    expect(attachedTo(rec, "credlink-prod-cicd-deploy")).to.deep.equal(
      ["app", "data", "edge", "guardrails", "identity", "network", "operations", "recovery", "state"].map((g) => `credlink-prod-deploy-${g}`),
    );
    expect(attachedTo(rec, "credlink-prod-cicd-preview")).to.deep.equal(["credlink-prod-preview-read-1", "credlink-prod-preview-read-2", "credlink-prod-preview-state"]);
    for (const p of rec.ofType(MANAGED)) expect(p.inputs.policy.replace(/\s/g, "").length, p.inputs.name).to.be.at.most(6144);
  });

  it("GIVEN prod's region and DR region THEN everything outside us-east-1 and us-west-2 is denied to the deploy role, but the global services", () => {
    expect(statementsOf(rec, "credlink-prod-deploy-guardrails").find((s: any) => s.Sid === "StayInTheseRegions")).to.deep.equal({
      Sid: "StayInTheseRegions",
      Effect: "Deny",
      NotAction: ["budgets:*", "ce:*", "cloudfront:*", "health:*", "iam:*", "route53:*", "sts:*", "support:*"],
      Resource: "*",
      Condition: { StringNotEquals: { "aws:RequestedRegion": ["us-east-1", "us-west-2"] } },
    });
  });

  it("GIVEN prod's credlink:domain.hostedZoneId THEN the deploy role changes records in exactly that zone", () => {
    expect(statementsOf(rec, "credlink-prod-deploy-edge").find((s: any) => s.Sid === "Route53ThisStacksZone")).to.deep.equal({
      Sid: "Route53ThisStacksZone",
      Effect: "Allow",
      Action: ["route53:ChangeResourceRecordSets"],
      Resource: ["arn:aws:route53:::hostedzone/Z0000000000000000000"],
    });
  });
});

describe("the deploy identity in the dev program (with a provider ARN, a state bucket and the secrets key's ARN set)", () => {
  let rec: Recorder;
  let outputs: Record<string, any>;
  before(() => {
    ({ recorder: rec, outputs } = dev);
  });

  it("GIVEN dev's credlink:cicd.createOidcProvider false and credlink:cicd.oidcProviderArn THEN dev creates no provider and trusts exactly that one, from its dev environment", () => {
    expect(rec.ofType(OIDC)).to.deep.equal([]);
    expect(JSON.parse(rec.one(ROLE, "credlink-dev-cicd-deploy").inputs.assumeRolePolicy)).to.deep.equal(trust(deploySub("dev"), OTHER_PROVIDER));
    expect(JSON.parse(rec.one(ROLE, "credlink-dev-cicd-preview").inputs.assumeRolePolicy)).to.deep.equal(trust(previewSub("dev"), OTHER_PROVIDER, true));
    expect(outputs.oidcProviderArn).to.equal(OTHER_PROVIDER);
  });

  it("GIVEN credlink:cicd.stateBucket THEN the deploy role reads and writes exactly dev's state, history, backups and lock in that bucket", () => {
    const bucket = `arn:aws:s3:::${STATE_BUCKET}`;
    // In a policy of its own: beside the guardrails, a state bucket's statements took prod past IAM's 6,144 characters.
    expect(statementsOf(rec, "credlink-dev-deploy-guardrails").filter((s: any) => s.Effect !== "Deny")).to.deep.equal([]);
    const state = statementsOf(rec, "credlink-dev-deploy-state").filter((s: any) => /State|StateBucket/.test(s.Sid) && s.Sid !== "UseThisStacksSecretsKey");
    expect(state).to.deep.equal([
      { Sid: "ListTheStateBucket", Effect: "Allow", Action: ["s3:ListBucket"], Resource: [bucket] },
      { Sid: "ReadThisStacksState", Effect: "Allow", Action: ["s3:GetObject"], Resource: [`${bucket}/.pulumi/meta.yaml`, `${bucket}/.pulumi/stacks/credlink/dev.json*`, `${bucket}/.pulumi/locks/organization/credlink/dev/*`, `${bucket}/.pulumi/journal/credlink/dev/*`] },
      {
        Sid: "WriteThisStacksState",
        Effect: "Allow",
        Action: ["s3:DeleteObject", "s3:PutObject"],
        Resource: [`${bucket}/.pulumi/stacks/credlink/dev.json*`, `${bucket}/.pulumi/history/credlink/dev/*`, `${bucket}/.pulumi/backups/credlink/dev/*`, `${bucket}/.pulumi/locks/organization/credlink/dev/*`, `${bucket}/.pulumi/journal/credlink/dev/*`],
      },
    ]);
  });

  it("GIVEN credlink:cicd.stateBucket and stateKeyArn THEN the preview role decrypts with exactly that key, reads dev's state and may only take its lock", () => {
    const bucket = `arn:aws:s3:::${STATE_BUCKET}`;
    expect(statementsOf(rec, "credlink-dev-preview-state")).to.deep.equal([
      { Sid: "DecryptThisStacksSecrets", Effect: "Allow", Action: ["kms:Decrypt"], Resource: [STATE_KEY] },
      { Sid: "ListTheStateBucket", Effect: "Allow", Action: ["s3:ListBucket"], Resource: [bucket] },
      { Sid: "ReadThisStacksState", Effect: "Allow", Action: ["s3:GetObject"], Resource: [`${bucket}/.pulumi/meta.yaml`, `${bucket}/.pulumi/stacks/credlink/dev.json*`, `${bucket}/.pulumi/locks/organization/credlink/dev/*`, `${bucket}/.pulumi/journal/credlink/dev/*`] },
      { Sid: "TakeThisStacksLock", Effect: "Allow", Action: ["s3:DeleteObject", "s3:PutObject"], Resource: [`${bucket}/.pulumi/locks/organization/credlink/dev/*`] },
    ]);
  });

  it("WHEN it runs THEN dev's regional guard names us-east-1 only (no DR in dev) and no zone statement exists (no domain)", () => {
    expect(statementsOf(rec, "credlink-dev-deploy-guardrails").find((s: any) => s.Sid === "StayInTheseRegions").Condition).to.deep.equal({ StringNotEquals: { "aws:RequestedRegion": ["us-east-1"] } });
    expect(statementsOf(rec, "credlink-dev-deploy-edge").filter((s: any) => s.Sid === "Route53ThisStacksZone")).to.deep.equal([]);
  });
});
