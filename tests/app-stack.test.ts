/**
 * The application tier inside the program, per stack: what differs between dev and prod (TLS, deletion protection,
 * teardown), how the components are wired to the network and to each other, and the plan's warnings.
 */
import { expect } from "chai";
import { Recorder } from "../tools/offline/mocks";
import { runProgram } from "../tools/offline/program";
import { SINGLETONS, WAF_TYPES } from "./helpers/edge";
import { committedProgram } from "./helpers/programs";

const HTTP_ONLY =
  "credlink-dev: no domain is configured, so the load balancer serves plain HTTP only (no certificate, no HTTPS listener); do not send real traffic to it";

/** The committed account and GitHub ids are placeholders too (credlink:account.id, credlink:cicd.github.*Id). */
const PLACEHOLDER_IDS = (account: string) => [
  `credlink:account.id "${account}" is a placeholder: set the stack's own AWS account id before \`pulumi up\` (the providers refuse every other account)`,
  'credlink:cicd.github.ownerId "11111111" is a placeholder: set the repository\'s numeric id (gh api users/<owner> --jq .id) before `pulumi up`, or CI\'s roles trust nobody',
  'credlink:cicd.github.repoId "22222222" is a placeholder: set the repository\'s numeric id (gh api repos/<owner>/<repo> --jq .id) before `pulumi up`, or CI\'s roles trust nobody',
];

const PLACEHOLDER_IMAGE = (stack: string) =>
  `credlink:service.image "123456789012.dkr.ecr.us-east-1.amazonaws.com/credlink-${stack}:bootstrap" is in AWS's documentation account 123456789012: CI sets the real image (see "Deploying a new image version")`;

describe("the app tier in the dev program", () => {
  let rec: Recorder;
  let outputs: Record<string, any>;
  before(async () => {
    ({ recorder: rec, outputs } = await committedProgram("dev"));
  });

  it("WHEN it runs THEN it serves HTTP only and says so in the warnings output, after the config's warnings (no alert target, the placeholder image)", () => {
    expect(outputs.warnings).to.deep.equal([
      "credlink:alerts has no target (no emails, no secret credlink:alerts.pagerdutyUrl): the alarms publish to topics nobody reads",
      'credlink:service.allowedCidrs has the documentation range "198.51.100.0/24" (RFC 5737): set your testers\' and CI\'s ranges before `pulumi up`, or nobody reaches the load balancer (see "Dev ingress allowlist and CI")',
      ...PLACEHOLDER_IDS("111111111111"),
      PLACEHOLDER_IMAGE("dev"),
      HTTP_ONLY,
    ]);
    expect(rec.ofType("aws:lb/listener:Listener").map((l) => [l.inputs.port, l.inputs.protocol, l.inputs.defaultActions[0].type])).to.deep.equal([
      [80, "HTTP", "forward"],
    ]);
    expect(outputs.url).to.equal(`http://${outputs.loadBalancerDnsName}`);
  });

  it("WHEN it runs THEN the load balancer group opens 80 only (nothing listens on 443), to dev's allowed block only (credlink:service.allowedCidrs)", () => {
    const albSg = rec.one("aws:ec2/securityGroup:SecurityGroup", "credlink-dev-alb").id;
    const ingress = rec.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.inputs.securityGroupId === albSg);
    expect(ingress.map((r) => [r.name, r.inputs.fromPort, r.inputs.cidrIpv4, r.inputs.description])).to.deep.equal([
      ["credlink-dev-alb-http-198-51-100-0-24", 80, "198.51.100.0/24", "HTTP from the allowed block 198.51.100.0/24 (no certificate: HTTP only)"],
    ]);
  });

  // Edge and account baseline: dev owns its own account's singletons (credlink:account.baseline true), without runtime
  // monitoring (its cluster opts out of the agent), cost tag activation or Security Hub; and it has no WAF.
  it("WHEN it runs THEN dev's own account has its detector (runtime monitoring DISABLED), Inspector and registry scanning, and there is no WAF", () => {
    expect(SINGLETONS.flatMap((t) => rec.ofType(t)).map((r) => `${r.type} ${r.name}`)).to.deep.equal([
      "aws:guardduty/detector:Detector credlink-account",
      "aws:guardduty/detectorFeature:DetectorFeature credlink-account-runtime-monitoring",
      "aws:inspector2/enabler:Enabler credlink-account-inspector",
      "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration credlink-account-registry-scanning",
    ]);
    expect(rec.one("aws:guardduty/detectorFeature:DetectorFeature").inputs.status).to.equal("DISABLED");
    expect(WAF_TYPES.flatMap((t) => rec.ofType(t))).to.deep.equal([]);
    expect(outputs.accountBaselineOwner).to.equal(true);
  });

  it("WHEN it runs THEN dev stays easy to tear down: no deletion protection, logs and images force-deleted", () => {
    expect(rec.one("aws:lb/loadBalancer:LoadBalancer").inputs.enableDeletionProtection).to.equal(false);
    expect(rec.one("aws:s3/bucket:Bucket", "credlink-dev-alb-logs").inputs.forceDestroy).to.equal(true);
    expect(rec.one("aws:ecr/repository:Repository").inputs.forceDelete).to.equal(true);
  });
});

describe("the app tier in the prod program", () => {
  let rec: Recorder;
  let outputs: Record<string, any>;
  before(async () => {
    ({ recorder: rec, outputs } = await committedProgram("prod"));
  });

  it("WHEN it runs THEN it serves HTTPS on the configured domain, warning only that the committed values are placeholders", () => {
    expect(outputs.warnings).to.deep.equal([
      'credlink:alerts.emails has the placeholder "oncall@credlink.example" (.example is reserved): set a real address before `pulumi up`, or nobody hears the alarms',
      'credlink:domain.name is the placeholder "api.credlink.example" (.example is reserved): set the real domain before `pulumi up`',
      'credlink:domain.hostedZoneId is the placeholder "Z0000000000000000000": set the real Route 53 zone id before `pulumi up`',
      ...PLACEHOLDER_IDS("222222222222"),
      PLACEHOLDER_IMAGE("prod"),
    ]);
    expect(outputs.url).to.equal("https://api.credlink.example");
    expect(rec.ofType("aws:lb/listener:Listener").map((l) => [l.name, l.inputs.port, l.inputs.protocol, l.inputs.sslPolicy])).to.have.deep.members([
      ["credlink-prod-https", 443, "HTTPS", "ELBSecurityPolicy-TLS13-1-2-Res-2021-06"],
      ["credlink-prod-http", 80, "HTTP", undefined],
    ]);
    expect(rec.one("aws:route53/record:Record", "credlink-prod-alias").inputs.zoneId).to.equal("Z0000000000000000000");
  });

  it("WHEN it runs THEN the load balancer has deletion protection and its logs and images survive a destroy", () => {
    expect(rec.one("aws:lb/loadBalancer:LoadBalancer").inputs.enableDeletionProtection).to.equal(true);
    expect(rec.one("aws:s3/bucket:Bucket", "credlink-prod-alb-logs").inputs.forceDestroy).to.equal(false);
    expect(["credlink-prod", "credlink-prod-replica"].map((n) => rec.one("aws:ecr/repository:Repository", n).inputs.forceDelete)).to.deep.equal([false, false]);
  });

  it("WHEN it runs THEN the load balancer sits in the public subnets and the tasks may reach only the isolated subnets' data ports", () => {
    expect(rec.one("aws:lb/loadBalancer:LoadBalancer").inputs.subnets).to.deep.equal(outputs.publicSubnetIds);
    const tasksSg = outputs.taskSecurityGroupId;
    const dataEgress = rec
      .ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")
      .filter((r) => r.inputs.securityGroupId === tasksSg && r.inputs.fromPort !== 443)
      .map((r) => [r.inputs.fromPort, r.inputs.cidrIpv4]);
    expect(dataEgress).to.deep.equal([
      [5432, "10.30.32.0/24"],
      [6379, "10.30.32.0/24"],
      [5432, "10.30.96.0/24"],
      [6379, "10.30.96.0/24"],
    ]);
  });

  it("WHEN it runs THEN the repository keeps 30 images and its key has the 30-day deletion window", () => {
    expect(["credlink-prod", "credlink-prod-replica"].map((n) => JSON.parse(rec.one("aws:ecr/lifecyclePolicy:LifecyclePolicy", n).inputs.policy).rules[0].selection.countNumber)).to.deep.equal([30, 30]);
    expect(rec.one("aws:kms/key:Key", "credlink-prod-ecr").inputs.deletionWindowInDays).to.equal(30);
  });

  it("WHEN it runs THEN it exports where CI pushes and where the service is reached", () => {
    expect(outputs.repositoryUrl).to.equal("123456789012.dkr.ecr.us-east-1.amazonaws.com/credlink-prod");
    expect(outputs.loadBalancerDnsName).to.match(/^credlink-prod-[0-9a-f]{7}-\d+\.us-east-1\.elb\.amazonaws\.com$/);
  });
  // The committed prod's edge is aws, so none of the Cloudflare option exists.
  it("WHEN it runs with edge aws THEN no Cloudflare, tls, edge or R2 resource or provider exists, and the AWS edge is on", () => {
    const foreign = rec.all.filter((r) => /^(cloudflare|tls):|^pulumi:providers:(cloudflare|tls)$|^credlink:(edge:Cloudflare|data:R2Copy)/.test(r.type));
    expect(foreign.map((r) => r.type)).to.deep.equal([]);
    expect([rec.ofType("aws:lb/trustStore:TrustStore").length, rec.ofType("aws:ec2/managedPrefixList:ManagedPrefixList").length]).to.deep.equal([0, 0]);
    expect(rec.one("aws:lb/listener:Listener", "credlink-prod-https").inputs.mutualAuthentication).to.equal(undefined);
    expect([outputs.edgeProvider, outputs.awsEdge]).to.deep.equal(["aws", true]);
    // The AWS edge's own WAF is there instead.
    expect(rec.ofType("credlink:edge:Firewall").map((r) => r.name)).to.deep.equal(["credlink-prod"]);
  });

  it("WHEN it runs with edge aws THEN the ALB admits 443 and 80 from the internet, not a prefix list", () => {
    const ingress = ["credlink-prod-alb-https", "credlink-prod-alb-http"].map((n) => rec.one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", n).inputs);
    expect(ingress.map((i) => [i.fromPort, i.cidrIpv4, i.prefixListId])).to.deep.equal([
      [443, "0.0.0.0/0", undefined],
      [80, "0.0.0.0/0", undefined],
    ]);
  });
});

for (const stack of ["dev", "prod"] as const) {
  describe(`the service wired into the ${stack} program`, () => {
    let rec: Recorder;
    let outputs: Record<string, any>;
    before(async () => {
      ({ recorder: rec, outputs } = await committedProgram(stack));
    });

    const container = () => JSON.parse(rec.one("aws:ecs/taskDefinition:TaskDefinition").inputs.containerDefinitions)[0];

    it("WHEN it runs THEN the container's settings point at this stack's database, cache and proof bucket", () => {
      expect(container().environment).to.deep.equal([
        { name: "AWS_REGION", value: "us-east-1" },
        { name: "CACHE_HOST", value: outputs.cacheEndpoint },
        { name: "CACHE_PORT", value: "6379" },
        { name: "CACHE_TLS", value: "true" },
        { name: "DATABASE_HOST", value: outputs.databaseAddress },
        { name: "DATABASE_NAME", value: outputs.databaseName },
        { name: "DATABASE_PORT", value: "5432" },
        { name: "DATABASE_USERNAME", value: "credlink_app" },
        // Tracing is on in prod only (credlink:service.tracing): the app exports OTLP to the collector sidecar.
        ...(stack === "prod"
          ? [
              { name: "OTEL_EXPORTER_OTLP_ENDPOINT", value: "http://localhost:4317" },
              // 5% of requests traced (credlink:service.tracingSampleRatio).
              { name: "OTEL_TRACES_SAMPLER", value: "traceidratio" },
              { name: "OTEL_TRACES_SAMPLER_ARG", value: "0.05" },
            ]
          : []),
        { name: "PORT", value: "8080" },
        { name: "PROOF_BUCKET", value: outputs.proofBucketName },
      ]);
    });

    it("WHEN it runs THEN the container has no health check of its own: the committed config relies on the target group's", () => {
      expect(container()).to.not.have.property("healthCheck");
    });

    it("WHEN it runs THEN the cache token is the only secret, and the RDS master secret reaches neither the task nor its execution role", () => {
      expect(container().secrets).to.deep.equal([{ name: "CACHE_AUTH_TOKEN", valueFrom: outputs.cacheAuthSecretArn }]);
      const policies = rec.ofType("aws:iam/rolePolicy:RolePolicy").filter((p) => p.name.startsWith(`credlink-${stack}-`)).map((p) => p.inputs.policy);
      for (const policy of policies) expect(policy).to.not.include(outputs.databaseMasterSecretArn);
    });

    it("WHEN it runs THEN the task role may rds-db:connect as the app user on this instance's resource id, and only that", () => {
      const resourceId = rec.one("aws:rds/instance:Instance", `credlink-${stack}-db`).state.resourceId;
      expect(resourceId).to.match(/^db-[0-9A-F]{26}$/);
      const connect = JSON.parse(rec.one("aws:iam/rolePolicy:RolePolicy", `credlink-${stack}-task`).inputs.policy).Statement.filter((s: any) =>
        JSON.stringify(s.Action).includes("rds-db:"),
      );
      expect(connect).to.deep.equal([
        {
          Sid: "ConnectToTheDatabaseAsTheAppUser",
          Effect: "Allow",
          Action: "rds-db:connect",
          Resource: `arn:aws:rds-db:us-east-1:123456789012:dbuser:${resourceId}/credlink_app`,
        },
      ]);
      expect(outputs.databaseResourceId).to.equal(resourceId);
    });

    it("WHEN it runs THEN the tasks run in the private subnets behind the task security group, registered in the ALB's target group", () => {
      const service = rec.one("aws:ecs/service:Service").inputs;
      expect(service.networkConfiguration).to.deep.equal({
        subnets: outputs.privateSubnetIds,
        securityGroups: [outputs.taskSecurityGroupId],
        assignPublicIp: false,
      });
      const targetGroup = rec.one("aws:lb/targetGroup:TargetGroup", `credlink-${stack}`).state;
      // The canary's advancedConfiguration is covered by tests/cicd-canary.test.ts.
      const loadBalancers = service.loadBalancers.map(({ advancedConfiguration: _canary, ...lb }: any) => lb);
      expect(loadBalancers).to.deep.equal([{ targetGroupArn: targetGroup.arn, containerName: container().name, containerPort: 8080 }]);
    });

    it("WHEN it runs THEN the execution role may decrypt with exactly the cache key, the key of its only secret", () => {
      const policies = rec.ofType("aws:iam/rolePolicy:RolePolicy").map((p) => JSON.parse(p.inputs.policy));
      const decrypt = policies.flatMap((p) => p.Statement).filter((s: any) => s.Sid === "DecryptTheseSecrets");
      expect(decrypt).to.have.length(1);
      expect(decrypt[0].Resource).to.deep.equal([outputs.cacheKeyArn]);
    });
  });
}

/**
 * One prod run with every security key set to a value that is neither its default nor its committed value, so a key
 * that validates but is never wired to its resource fails here (STYLE.md: defaults equal to committed values hide it).
 */
const OTHER_BREAK_GLASS = "arn:aws:iam::222222222222:role/security/credlink-break-glass-2";

describe("the security keys wired into the prod program with non-default values", () => {
  let rec: Recorder;
  before(async () => {
    ({ recorder: rec } = await runProgram("prod", {
      "credlink:database": { appUser: "proof_api" },
      // A break-glass role other than the committed one, so the wiring shows wherever it lands.
      "credlink:account": { breakGlassRoleArn: OTHER_BREAK_GLASS },
      "credlink:service": { healthCheckCommand: ["CMD", "/app/healthcheck"] },
    }));
  });

  it("GIVEN credlink:service.healthCheckCommand WHEN it runs THEN the container runs exactly that health check", () => {
    expect(JSON.parse(rec.one("aws:ecs/taskDefinition:TaskDefinition").inputs.containerDefinitions)[0].healthCheck).to.deep.equal({
      command: ["CMD", "/app/healthcheck"],
      interval: 15,
      timeout: 5,
      retries: 3,
      startPeriod: 30,
    });
  });

  it("GIVEN credlink:proofs.objectLockMode COMPLIANCE (committed; the component's default is GOVERNANCE) WHEN it runs THEN both locked proof buckets use COMPLIANCE", () => {
    const locks = rec.ofType("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration").filter((l) => l.name.startsWith("credlink-prod-proofs"));
    expect(locks.map((l) => [l.name, l.inputs.rule])).to.have.deep.members([
      ["credlink-prod-proofs", { defaultRetention: { mode: "COMPLIANCE", days: 365 } }],
      ["credlink-prod-proofs-replica", { defaultRetention: { mode: "COMPLIANCE", days: 365 } }],
    ]);
  });

  it("GIVEN credlink:account.breakGlassRoleArn WHEN it runs THEN every key policy, vault access policy and the trail bucket's deny name exactly that role", () => {
    for (const key of rec.ofType("aws:kms/key:Key")) {
      expect(JSON.parse(key.inputs.policy).Statement[0].Principal, key.name).to.deep.equal({ AWS: OTHER_BREAK_GLASS });
    }
    for (const vault of rec.ofType("aws:backup/vaultPolicy:VaultPolicy")) {
      expect(JSON.parse(vault.inputs.policy).Statement[0].Condition, vault.name).to.deep.equal({ ArnNotEquals: { "aws:PrincipalArn": OTHER_BREAK_GLASS } });
    }
    const trail = rec.one("aws:s3/bucket:Bucket", "credlink-prod-audit");
    const trailPolicy = JSON.parse(rec.ofType("aws:s3/bucketPolicy:BucketPolicy").find((p) => p.inputs.bucket === trail.id)!.inputs.policy);
    expect(trailPolicy.Statement.find((s: any) => s.Sid === "DenyLogDeletion").Condition).to.deep.equal({ ArnNotEquals: { "aws:PrincipalArn": OTHER_BREAK_GLASS } });
  });

  it("GIVEN credlink:account.breakGlassRoleArn WHEN it runs THEN the proof buckets' retention deny exempts exactly that role", () => {
    for (const name of ["credlink-prod-proofs", "credlink-prod-proofs-replica"]) {
      const bucket = rec.one("aws:s3/bucket:Bucket", name);
      const policy = rec.ofType("aws:s3/bucketPolicy:BucketPolicy").find((p) => p.inputs.bucket === bucket.id)!;
      expect(JSON.parse(policy.inputs.policy).Statement[1], name).to.deep.equal({
        Sid: "DenyRetentionBypassAndLockChanges",
        Effect: "Deny",
        Principal: "*",
        Action: ["s3:BypassGovernanceRetention", "s3:PutBucketObjectLockConfiguration", "s3:PutLifecycleConfiguration"],
        Resource: [bucket.state.arn, `${bucket.state.arn}/*`],
        Condition: { ArnNotEquals: { "aws:PrincipalArn": OTHER_BREAK_GLASS } },
      });
    }
  });

  it("GIVEN credlink:database.appUser proof_api WHEN it runs THEN the task connects as proof_api and is told so", () => {
    const resourceId = rec.one("aws:rds/instance:Instance", "credlink-prod-db").state.resourceId;
    const task = JSON.parse(rec.one("aws:iam/rolePolicy:RolePolicy", "credlink-prod-task").inputs.policy);
    expect(task.Statement.find((s: any) => s.Sid === "ConnectToTheDatabaseAsTheAppUser").Resource).to.equal(
      `arn:aws:rds-db:us-east-1:123456789012:dbuser:${resourceId}/proof_api`,
    );
    const env = JSON.parse(rec.one("aws:ecs/taskDefinition:TaskDefinition").inputs.containerDefinitions)[0].environment;
    expect(env.filter((e: any) => e.name === "DATABASE_USERNAME")).to.deep.equal([{ name: "DATABASE_USERNAME", value: "proof_api" }]);
  });
});
