/**
 * The application tier's stack config (credlink:service, credlink:domain): the committed values, and bad input that
 * fails at plan/preview time with the full key named.
 */
import { expect } from "chai";
import { parseStackConfig } from "../stacks/config";
import { problemsFor } from "./helpers/config";
import { stackConfig } from "../tools/offline/program";


describe("app tier config", () => {
  it("GIVEN Pulumi.dev.yaml WHEN parsed THEN dev runs one 0.25 vCPU / 0.5 GiB ARM64 task, scaling to 2, without a domain", () => {
    const cfg = parseStackConfig(stackConfig("dev"), "credlink", "dev");
    expect(cfg.service).to.deep.equal({
      image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/credlink-dev:bootstrap",
      cpu: 256,
      memory: 512,
      architecture: "ARM64",
        capacityProvider: "FARGATE_SPOT",
      containerPort: 8080,
      healthCheckPath: "/healthz",
      desiredCount: 1,
      minCount: 1,
      maxCount: 2,
      cpuTargetPercent: 60,
      requestsPerTarget: 500,
      logRetentionDays: 14,
      keepImages: 10,
      accessLogRetentionDays: 30,
      tracing: false,
      tracingCollectorImage: "public.ecr.aws/aws-observability/aws-otel-collector:v0.43.1@sha256:db725ac7007ef1d9b5a357a59f3b964ab9e1df23ebb0dfc694275019048b489b",
      tracingSampleRatio: 1,
      // CI/CD
      deployment: { strategy: "ROLLING", canaryPercent: 5, canaryBakeMinutes: 10, bakeMinutes: 10 },
      allowedCidrs: ["198.51.100.0/24"],
    });
    expect(cfg.domain).to.equal(undefined);
  });

  it("GIVEN Pulumi.prod.yaml WHEN parsed THEN prod runs two 0.25 vCPU / 1 GiB ARM64 tasks, scaling to 4, behind a domain", () => {
    const cfg = parseStackConfig(stackConfig("prod"), "credlink", "prod");
    expect([cfg.service.cpu, cfg.service.memory, cfg.service.architecture]).to.deep.equal([256, 1024, "ARM64"]);
    expect([cfg.service.minCount, cfg.service.desiredCount, cfg.service.maxCount]).to.deep.equal([2, 2, 4]);
    expect(cfg.domain).to.deep.equal({ name: "api.credlink.example", hostedZoneId: "Z0000000000000000000" });
  });

  it("GIVEN only the required service keys WHEN parsed THEN the documented defaults apply", () => {
    const cfg = parseStackConfig(
      stackConfig("dev", {
        "credlink:service": {
          architecture: undefined,
          containerPort: undefined,
          healthCheckPath: undefined,
          cpuTargetPercent: undefined,
          requestsPerTarget: undefined,
          logRetentionDays: undefined,
          keepImages: undefined,
          accessLogRetentionDays: undefined,
        },
      }),
    );
    expect(cfg.service).to.deep.include({
      architecture: "ARM64",
      containerPort: 8080,
      healthCheckPath: "/healthz",
      cpuTargetPercent: 60,
      requestsPerTarget: 500,
      logRetentionDays: 30,
      keepImages: 20,
      accessLogRetentionDays: 90,
    });
  });

  describe("bad input names the key, the value and what is allowed", () => {
    const cases: { name: string; stack: string; patch: Record<string, unknown>; problems: string[] }[] = [
      {
        name: "a cpu/memory pair Fargate doesn't offer",
        stack: "dev",
        patch: { "credlink:service": { cpu: 256, memory: 4096 } },
        problems: ["credlink:service.memory must be 512, 1024, 2048 (MiB, the Fargate sizes for cpu 256), got 4096"],
      },
      {
        name: "a shell-form health check split into words",
        stack: "prod",
        patch: { "credlink:service": { healthCheckCommand: ["CMD-SHELL", "curl", "-f"] } },
        problems: [
          'credlink:service.healthCheckCommand must be ["CMD", "<executable>", ...args] or ["CMD-SHELL", "<command line>"] with no empty part, or absent for no container health check, got ["CMD-SHELL","curl","-f"]',
        ],
      },
      {
        name: "a health check command that is a string",
        stack: "dev",
        patch: { "credlink:service": { healthCheckCommand: "curl -f http://localhost:8080/healthz" } },
        problems: ['credlink:service.healthCheckCommand must be a list, got "curl -f http://localhost:8080/healthz"'],
      },
      {
        name: "a cpu value Fargate doesn't offer",
        stack: "prod",
        patch: { "credlink:service": { cpu: 768 } },
        problems: ["credlink:service.cpu must be one of 256, 512, 1024, 2048, 4096, 8192, 16384 (Fargate CPU units, 1024 = 1 vCPU), got 768"],
      },
      {
        name: "an image without a tag or digest",
        stack: "prod",
        patch: { "credlink:service": { image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/credlink-prod" } },
        problems: [
          'credlink:service.image must name a tag (":1.4.2") or a digest ("@sha256:<64 hex>"), so a deploy runs exactly the image it names, got "123456789012.dkr.ecr.us-east-1.amazonaws.com/credlink-prod"',
        ],
      },
      {
        name: "a malformed image reference",
        stack: "dev",
        patch: { "credlink:service": { image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/CredLink:1.0" } },
        problems: [
          'credlink:service.image must be a container image reference like "123456789012.dkr.ecr.us-east-1.amazonaws.com/credlink:1.4.2", got "123456789012.dkr.ecr.us-east-1.amazonaws.com/CredLink:1.0"',
        ],
      },
      {
        name: "an image with a truncated digest",
        stack: "dev",
        patch: { "credlink:service": { image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/credlink-dev@sha256:abc123" } },
        problems: [
          'credlink:service.image must be a container image reference like "123456789012.dkr.ecr.us-east-1.amazonaws.com/credlink:1.4.2", got "123456789012.dkr.ecr.us-east-1.amazonaws.com/credlink-dev@sha256:abc123"',
        ],
      },
      {
        name: "prod without a domain",
        stack: "prod",
        patch: { "credlink:domain": undefined },
        problems: [
          "credlink:domain must be set in prod (name and hostedZoneId): prod serves HTTPS only, with an ACM certificate validated in that zone, got nothing",
        ],
      },
      {
        name: "a domain without its hosted zone",
        stack: "dev",
        patch: { "credlink:domain": { name: "api.dev.credlink.example" } },
        problems: ["credlink:domain.hostedZoneId is required with credlink:domain.name when credlink:edge.provider is aws (the certificate is validated in that Route 53 zone), but it is not set"],
      },
      {
        name: "a hosted zone id that isn't one",
        stack: "prod",
        patch: { "credlink:domain": { hostedZoneId: "credlink.example" } },
        problems: ['credlink:domain.hostedZoneId must be a Route 53 hosted zone id like "Z0123456789ABCDEFGHIJ", got "credlink.example"'],
      },
      {
        name: "a single task in prod",
        stack: "prod",
        patch: { "credlink:service": { desiredCount: 1, minCount: 1 } },
        problems: [
          "credlink:service.desiredCount must be at least 2 in prod: one task in each of two AZs, so losing an AZ or a task keeps the service up, got 1",
          "credlink:service.minCount must be at least 2 in prod: one task in each of two AZs, so losing an AZ or a task keeps the service up, got 1",
        ],
      },
      {
        name: "a desired count above the autoscaling ceiling",
        stack: "dev",
        patch: { "credlink:service": { desiredCount: 3 } },
        problems: ["credlink:service.desiredCount must be an integer from minCount (1) to maxCount (2), got 3"],
      },
      {
        name: "an architecture Fargate doesn't run",
        stack: "dev",
        patch: { "credlink:service": { architecture: "arm" } },
        problems: ['credlink:service.architecture must be one of "ARM64" | "X86_64", got "arm"'],
      },
      {
        name: "a missing image",
        stack: "dev",
        patch: { "credlink:service": { image: undefined } },
        problems: ["credlink:service.image is required (a string), but it is not set"],
      },
    ];
    for (const c of cases) {
      it(`GIVEN ${c.name} WHEN the config is parsed THEN it is rejected with exactly that key named`, () => {
        expect(problemsFor(c.stack, c.patch)).to.deep.equal(c.problems);
      });
    }
  });
});
