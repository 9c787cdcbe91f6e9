/** Pricer: ECS services on Fargate (x86 or ARM, on-demand or Spot), their scale-out hours and public IPv4s. */
import { expect } from "chai";
import { fargateSize } from "../../policy/cost/pricers/ecs";
import { T } from "../../policy/lib/types";
import { UNKNOWN, wireProps } from "../../tools/offline/policy";
import { baseline, freeLine, IPV4, price, res, unknownUsage, unpricedLine, usageOf } from "../helpers/pricing";

const ARM_SMALL = res(T.ecsTaskDefinition, "api", { cpu: "256", memory: "512", runtimePlatform: { cpuArchitecture: "ARM64" } });
const X86 = res(T.ecsTaskDefinition, "api", { cpu: "1024", memory: "2048" });
const service = (props: Record<string, any>, td = ARM_SMALL) => res(T.ecsService, "api", props, { propertyDependencies: { taskDefinition: [td.urn] } });
const ARM_HOW = "(0.25 vCPU x $0.03238 + 0.5 GB x $0.00356)";

describe("pricer: ECS service", () => {
  it("GIVEN 2 ARM tasks of 0.25 vCPU / 0.5 GB THEN 2 x 730 x (0.25 x 0.03238 + 0.5 x 0.00356) = $14.4175 -> $14.42, scale-outs depending on usage", () => {
    expect(price(service({ launchType: "FARGATE", desiredCount: 2 }), { others: [ARM_SMALL] }).lines).to.deep.equal([
      baseline("Fargate ARM64 0.25 vCPU / 0.5 GB x 2 tasks", 1442, `2 x 730 h x ${ARM_HOW}`),
      unknownUsage("Fargate task-hours above desiredCount", "depends on usage: $0.0099/task-hour"),
    ]);
  });

  it("GIVEN 100 task-hours above desiredCount in usage.yml THEN 100 x $0.009875 = $0.99 of usage", () => {
    const { lines } = price(service({ launchType: "FARGATE", desiredCount: 2 }), { others: [ARM_SMALL], usage: { fargate: { extraTaskHours: 100 } } });
    expect(lines[1]).to.deep.equal(usageOf("Fargate task-hours above desiredCount", 99, "100 task-hours x $0.0099"));
  });

  it("GIVEN every task on FARGATE_SPOT THEN 0.3 of on-demand: 730 x 0.009875 x 0.3 = $2.16", () => {
    const spot = service({ desiredCount: 1, capacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }] });
    expect(price(spot, { others: [ARM_SMALL] }).lines[0]).to.deep.equal(
      baseline("Fargate Spot ARM64 0.25 vCPU / 0.5 GB x 1 task", 216, `1 x 730 h x ${ARM_HOW} x 0.3 (100% on Spot at 0.3 of on-demand, assumed)`),
    );
  });

  it("GIVEN FARGATE and FARGATE_SPOT weighted 1:1 on x86 1 vCPU / 2 GB THEN 2 x 730 x (0.04048 + 2 x 0.004445) x 0.65 = $46.85", () => {
    const half = service({ desiredCount: 2, capacityProviderStrategies: [{ capacityProvider: "FARGATE", weight: 1 }, { capacityProvider: "FARGATE_SPOT", weight: 1 }] }, X86);
    expect(price(half, { others: [X86] }).lines[0]).to.deep.equal(
      baseline("Fargate (part Spot) x86_64 1 vCPU / 2 GB x 2 tasks", 4685, "2 x 730 h x (1 vCPU x $0.04048 + 2 GB x $0.004445) x 0.65 (50% on Spot at 0.3 of on-demand, assumed)"),
    );
  });

  it("GIVEN tasks with a public IP THEN one IPv4 per task: 2 x 730 h x $0.005 = $7.30", () => {
    const lines = price(service({ launchType: "FARGATE", desiredCount: 2, networkConfiguration: { assignPublicIp: true } }), { others: [ARM_SMALL] }).lines;
    expect(lines[2]).to.deep.equal(baseline("public IPv4 per task (2)", 730, `2 x 730 h x ${IPV4}`));
  });

  it("GIVEN the task definition named by its ARN (no dependency) THEN it is found: 1 task, 730 x 0.009875 = $7.21", () => {
    const td = res(T.ecsTaskDefinition, "api", { ...ARM_SMALL.props, arn: "arn:aws:ecs:us-east-1:123456789012:task-definition/api:1" });
    const svc = res(T.ecsService, "api", { launchType: "FARGATE", desiredCount: 1, taskDefinition: td.props.arn });
    expect(price(svc, { others: [td] }).lines[0].baselineCents).to.equal(721);
  });

  it("GIVEN desiredCount unknown (preview) THEN 1 task is assumed and said; unset THEN the provider's 0, said", () => {
    const unknown = price(res(T.ecsService, "api", wireProps({ launchType: "FARGATE", desiredCount: UNKNOWN }), { propertyDependencies: { taskDefinition: [ARM_SMALL.urn] } }), { others: [ARM_SMALL] });
    expect([unknown.lines[0].item, unknown.assumptions]).to.deep.equal(["Fargate ARM64 0.25 vCPU / 0.5 GB x 1 task", ["api: desiredCount unknown, assumed 1 task"]]);
    const unset = price(service({ launchType: "FARGATE" }), { others: [ARM_SMALL] });
    expect([unset.lines[0].item, unset.lines[0].baselineCents, unset.assumptions]).to.deep.equal(["Fargate ARM64 0.25 vCPU / 0.5 GB x 0 tasks", 0, ["api: desiredCount not set; the provider's default is 0 tasks"]]);
  });

  it("GIVEN the EC2 launch type THEN free here: its instances are priced", () => {
    expect(price(service({ launchType: "EC2" })).lines).to.deep.equal([freeLine("ECS service", "EC2 launch type: the instances are priced separately")]);
  });

  it("GIVEN a capacity provider other than Fargate's THEN unpriced, naming it", () => {
    expect(price(service({ capacityProviderStrategies: [{ capacityProvider: "my-asg", weight: 1 }] })).lines).to.deep.equal([unpricedLine("launch type (capacity providers: my-asg) has no price in the table")]);
  });

  it("GIVEN no task definition in the stack, or one without cpu/memory THEN unpriced, saying which", () => {
    expect(price(service({ launchType: "FARGATE" })).lines).to.deep.equal([unpricedLine("its task definition is not in the stack, so cpu/memory are unknown")]);
    const sizeless = res(T.ecsTaskDefinition, "api", {});
    expect(price(service({ launchType: "FARGATE" }, sizeless), { others: [sizeless] }).lines).to.deep.equal([unpricedLine("task definition api has unknown cpu/memory")]);
  });

  it("GIVEN task definitions THEN fargateSize reads vCPU and GB from cpu/memory units, x86 unless ARM64", () => {
    expect([fargateSize(ARM_SMALL), fargateSize(X86), fargateSize(res(T.ecsTaskDefinition, "x", { cpu: "256" }))]).to.deep.equal([{ vcpu: 0.25, gb: 0.5, arm: true }, { vcpu: 1, gb: 2, arm: false }, undefined]);
  });
});
