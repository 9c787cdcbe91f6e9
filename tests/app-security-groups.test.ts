/**
 * AppSecurityGroups: the load balancer is reachable from the internet on 443/80 only, the tasks from the load
 * balancer only, and the tasks reach nothing but AWS APIs on 443 and the data subnets on the data ports.
 */
import { expect } from "chai";
import {
  AppSecurityGroups,
  AppSecurityGroupsArgs,
  resolveAppSecurityGroupsArgs,
  validateAppSecurityGroupsArgs,
} from "../components/app/security-groups";
import { Recorder } from "../tools/offline/mocks";
import { runComponent } from "../tools/offline/program";
import { VPC_ID } from "./fixtures/app";

const DATA_SUBNETS = ["10.20.128.0/24", "10.20.192.0/24"];
const ARGS: AppSecurityGroupsArgs = { vpcId: VPC_ID, dataSubnetCidrs: DATA_SUBNETS };

/** The rules of `type` attached to the group with this id, reduced to what decides who may connect. */
function rulesOf(recorder: Recorder, type: "Ingress" | "Egress", groupId: string) {
  return recorder
    .ofType(`aws:vpc/securityGroup${type}Rule:SecurityGroup${type}Rule`)
    .filter((r) => r.inputs.securityGroupId === groupId)
    .map(({ inputs: i }) => ({
      ipProtocol: i.ipProtocol,
      fromPort: i.fromPort,
      toPort: i.toPort,
      cidrIpv4: i.cidrIpv4,
      referencedSecurityGroupId: i.referencedSecurityGroupId,
      description: i.description,
    }));
}

async function build(args: AppSecurityGroupsArgs = ARGS) {
  const { recorder } = await runComponent(() => new AppSecurityGroups("credlink-dev-app", args));
  const albId = recorder.one("aws:ec2/securityGroup:SecurityGroup", "credlink-dev-app-alb").id as string;
  const tasksId = recorder.one("aws:ec2/securityGroup:SecurityGroup", "credlink-dev-app-tasks").id as string;
  return { recorder, albId, tasksId };
}

describe("AppSecurityGroups", () => {
  it("GIVEN the defaults WHEN built THEN there are exactly two groups, described, with no inline rules", async () => {
    const { recorder } = await build();
    const groups = recorder.ofType("aws:ec2/securityGroup:SecurityGroup");
    expect(groups.map((g) => [g.name, g.inputs.vpcId, g.inputs.description, g.inputs.ingress, g.inputs.egress])).to.deep.equal([
      ["credlink-dev-app-alb", VPC_ID, "CredLink credlink-dev-app: the internet-facing load balancer", undefined, undefined],
      ["credlink-dev-app-tasks", VPC_ID, "CredLink credlink-dev-app: the Fargate tasks of the service", undefined, undefined],
    ]);
  });

  it("GIVEN TLS WHEN built THEN the load balancer admits exactly 443 and 80 from the world", async () => {
    const { recorder, albId } = await build();
    expect(rulesOf(recorder, "Ingress", albId)).to.deep.equal([
      { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0", referencedSecurityGroupId: undefined, description: "HTTPS from the internet" },
      {
        ipProtocol: "tcp",
        fromPort: 80,
        toPort: 80,
        cidrIpv4: "0.0.0.0/0",
        referencedSecurityGroupId: undefined,
        description: "HTTP from the internet, only to redirect it to HTTPS",
      },
    ]);
  });

  it("GIVEN no TLS WHEN built THEN the load balancer admits only 80 (nothing listens on 443)", async () => {
    const { recorder, albId } = await build({ ...ARGS, tls: false });
    expect(rulesOf(recorder, "Ingress", albId).map((r) => [r.fromPort, r.cidrIpv4, r.description])).to.deep.equal([
      [80, "0.0.0.0/0", "HTTP from the internet (no certificate: HTTP only)"],
    ]);
  });

  it("GIVEN the defaults WHEN built THEN the load balancer may only reach the task group on the app port", async () => {
    const { recorder, albId, tasksId } = await build();
    expect(rulesOf(recorder, "Egress", albId)).to.deep.equal([
      { ipProtocol: "tcp", fromPort: 8080, toPort: 8080, cidrIpv4: undefined, referencedSecurityGroupId: tasksId, description: "To the service tasks on the app port 8080" },
    ]);
  });

  it("GIVEN appPort 3000 WHEN built THEN the tasks admit exactly port 3000 from the load balancer group and nothing else", async () => {
    const { recorder, albId, tasksId } = await build({ ...ARGS, appPort: 3000 });
    expect(rulesOf(recorder, "Ingress", tasksId)).to.deep.equal([
      { ipProtocol: "tcp", fromPort: 3000, toPort: 3000, cidrIpv4: undefined, referencedSecurityGroupId: albId, description: "App port 3000 from the load balancer only" },
    ]);
  });

  it("GIVEN two data subnets WHEN built THEN the tasks reach 443 anywhere and 5432/6379 only in those subnets", async () => {
    const { recorder, tasksId } = await build();
    expect(rulesOf(recorder, "Egress", tasksId).map((r) => [r.fromPort, r.toPort, r.cidrIpv4, r.referencedSecurityGroupId, r.description])).to.deep.equal([
      [443, 443, "0.0.0.0/0", undefined, "HTTPS to AWS APIs (ECR, Secrets Manager, CloudWatch Logs, S3) through the NAT gateways and the S3 endpoint"],
      [5432, 5432, "10.20.128.0/24", undefined, "Port 5432 to the data subnet 10.20.128.0/24"],
      [6379, 6379, "10.20.128.0/24", undefined, "Port 6379 to the data subnet 10.20.128.0/24"],
      [5432, 5432, "10.20.192.0/24", undefined, "Port 5432 to the data subnet 10.20.192.0/24"],
      [6379, 6379, "10.20.192.0/24", undefined, "Port 6379 to the data subnet 10.20.192.0/24"],
    ]);
  });

  it("GIVEN a privileged app port WHEN validated THEN it is rejected naming appPort", () => {
    expect(() => validateAppSecurityGroupsArgs(resolveAppSecurityGroupsArgs({ ...ARGS, appPort: 80 }))).to.throw(
      "appPort must be an integer from 1024 to 65535 (the container runs as a non-root user), got 80",
    );
  });

  it("GIVEN an ingress prefix list and an allowlist WHEN validated THEN it is rejected (the list replaces the blocks); with the default blocks it passes", () => {
    expect(() => validateAppSecurityGroupsArgs(resolveAppSecurityGroupsArgs({ ...ARGS, ingressPrefixListId: "pl-0123456789abcdef0", allowedCidrs: ["203.0.113.0/24"] }))).to.throw(
      'allowedCidrs must stay ["0.0.0.0/0"] with ingressPrefixListId (the edge\'s ranges are the only source then), got ["203.0.113.0/24"]',
    );
    expect(() => validateAppSecurityGroupsArgs(resolveAppSecurityGroupsArgs({ ...ARGS, ingressPrefixListId: "pl-0123456789abcdef0" }))).not.to.throw();
  });

  it("GIVEN a malformed data subnet WHEN validated THEN it is rejected naming dataSubnetCidrs", () => {
    expect(() => validateAppSecurityGroupsArgs(resolveAppSecurityGroupsArgs({ ...ARGS, dataSubnetCidrs: ["10.20.128.0"] }))).to.throw(
      'dataSubnetCidrs must hold IPv4 CIDR blocks like "10.0.64.0/24", got "10.20.128.0"',
    );
  });
});
