/**
 * The application tier inside the program, per stack: what differs between dev and prod (TLS, deletion protection,
 * teardown), how the components are wired to the network and to each other, and the plan's warnings.
 */
import { expect } from "chai";
import { Recorder } from "./helpers/mocks";
import { runProgram } from "./helpers/program";

const HTTP_ONLY =
  "credlink-dev: no domain is configured, so the load balancer serves plain HTTP only (no certificate, no HTTPS listener); do not send real traffic to it";

describe("the app tier in the dev program", () => {
  let rec: Recorder;
  let outputs: Record<string, any>;
  before(async () => {
    ({ recorder: rec, outputs } = await runProgram("dev"));
  });

  it("WHEN it runs THEN it serves HTTP only and says so in the warnings output", () => {
    expect(outputs.warnings).to.deep.equal([HTTP_ONLY]);
    expect(rec.ofType("aws:lb/listener:Listener").map((l) => [l.inputs.port, l.inputs.protocol, l.inputs.defaultActions[0].type])).to.deep.equal([
      [80, "HTTP", "forward"],
    ]);
    expect(outputs.url).to.equal(`http://${outputs.loadBalancerDnsName}`);
  });

  it("WHEN it runs THEN the load balancer group opens 80 only, as nothing listens on 443", () => {
    const albSg = rec.one("aws:ec2/securityGroup:SecurityGroup", "credlink-dev-alb").id;
    const ingress = rec.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.inputs.securityGroupId === albSg);
    expect(ingress.map((r) => [r.inputs.fromPort, r.inputs.cidrIpv4])).to.deep.equal([[80, "0.0.0.0/0"]]);
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
    ({ recorder: rec, outputs } = await runProgram("prod"));
  });

  it("WHEN it runs THEN it has no warnings and serves HTTPS on the configured domain", () => {
    expect(outputs.warnings).to.deep.equal([]);
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
    expect(rec.one("aws:ecr/repository:Repository").inputs.forceDelete).to.equal(false);
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
    expect(JSON.parse(rec.one("aws:ecr/lifecyclePolicy:LifecyclePolicy").inputs.policy).rules[0].selection.countNumber).to.equal(30);
    expect(rec.one("aws:kms/key:Key", "credlink-prod-ecr").inputs.deletionWindowInDays).to.equal(30);
  });

  it("WHEN it runs THEN it exports where CI pushes and where the service is reached", () => {
    expect(outputs.repositoryUrl).to.equal("123456789012.dkr.ecr.us-east-1.amazonaws.com/credlink-prod");
    expect(outputs.loadBalancerDnsName).to.match(/^credlink-prod-[0-9a-f]{7}-\d+\.us-east-1\.elb\.amazonaws\.com$/);
  });
});
