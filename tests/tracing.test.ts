/**
 * Tracing (credlink:service.tracing): the ADOT collector sidecar, the app's OTLP endpoint and start order, the task
 * role's exact X-Ray statement, the task size that must cover both containers, and the config keys end to end.
 */
import { expect } from "chai";
import {
  COLLECTOR_CONTAINER_NAME,
  DEFAULT_COLLECTOR_IMAGE,
  resolveServiceArgs,
  Service,
  validateServiceArgs,
  validateTracing,
} from "../components/app/service";
import { Recorder } from "../tools/offline/mocks";
import { runComponent, runProgram, stackConfig } from "../tools/offline/program";
import { parseStackConfig } from "../stacks/config";
import { DATA_TIER, serviceArgs } from "./fixtures/app";
import { problemsFor } from "./helpers/config";
import { committedProgram } from "./helpers/programs";

const NAME = "credlink-prod";
const TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";
const XRAY_STATEMENT = {
  Sid: "SendTracesToXRay",
  Effect: "Allow",
  Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries"],
  Resource: "*",
};

const containers = (rec: Recorder) => JSON.parse(rec.one(TASK_DEFINITION).inputs.containerDefinitions);
const taskPolicy = (rec: Recorder, name = NAME) => JSON.parse(rec.one("aws:iam/rolePolicy:RolePolicy", `${name}-task`).inputs.policy);

describe("tracing", () => {
  describe("GIVEN a service with tracing on", () => {
    let rec: Recorder;
    before(async () => {
      ({ recorder: rec } = await runComponent(() => new Service(NAME, { ...serviceArgs(), tracing: true, cpu: 256, memory: 1024 })));
    });

    it("WHEN built THEN the task keeps its size and runs the app and the collector, in that order", () => {
      const task = rec.one(TASK_DEFINITION).inputs;
      expect([task.cpu, task.memory]).to.deep.equal(["256", "1024"]);
      expect(containers(rec).map((c: any) => c.name)).to.deep.equal(["app", COLLECTOR_CONTAINER_NAME]);
    });

    it("WHEN built THEN the collector is the pinned ADOT image with the X-Ray-only config, non-essential, non-root, read-only, no capabilities, 32 units and 128 MiB, logging to the service's group", () => {
      expect(containers(rec)[1]).to.deep.equal({
        name: "otel-collector",
        // The default: v0.43.1 pinned by the digest of its image index.
        image: "public.ecr.aws/aws-observability/aws-otel-collector:v0.43.1@sha256:db725ac7007ef1d9b5a357a59f3b964ab9e1df23ebb0dfc694275019048b489b",
        essential: false,
        command: ["--config=/etc/ecs/ecs-xray.yaml"],
        cpu: 32,
        memory: 128,
        memoryReservation: 64,
        user: "10001:10001",
        readonlyRootFilesystem: true,
        privileged: false,
        linuxParameters: { capabilities: { drop: ["ALL"] } },
        environment: [{ name: "AWS_REGION", value: "us-east-1" }],
        logConfiguration: {
          logDriver: "awslogs",
          options: {
            "awslogs-group": "/credlink/ecs/credlink-prod",
            "awslogs-region": "us-east-1",
            "awslogs-stream-prefix": "otel-collector",
            mode: "non-blocking",
            "max-buffer-size": "25m",
          },
        },
        stopTimeout: 10,
      });
    });

    it("WHEN built THEN the app starts after the collector has started, exports OTLP to it on localhost:4317 and samples every request by default", () => {
      const app = containers(rec)[0];
      expect(app.dependsOn).to.deep.equal([{ containerName: "otel-collector", condition: "START" }]);
      expect(app.environment.filter((e: any) => e.name.startsWith("OTEL_"))).to.deep.equal([
        { name: "OTEL_EXPORTER_OTLP_ENDPOINT", value: "http://localhost:4317" },
        { name: "OTEL_TRACES_SAMPLER", value: "traceidratio" },
        { name: "OTEL_TRACES_SAMPLER_ARG", value: "1" },
      ]);
      expect(app.essential).to.equal(true);
    });

    it("WHEN built THEN the task role gets exactly the five X-Ray actions on \"*\", after its existing statements", () => {
      expect(taskPolicy(rec).Statement.map((s: any) => s.Sid)).to.deep.equal(["ReadWriteProofObjects", "UseTheProofKeyThroughS3", "ConnectToTheDatabaseAsTheAppUser", "SendTracesToXRay"]);
      expect(taskPolicy(rec).Statement[3]).to.deep.equal(XRAY_STATEMENT);
      expect(taskPolicy(rec).Statement[2]).to.deep.equal({ Sid: "ConnectToTheDatabaseAsTheAppUser", Effect: "Allow", Action: "rds-db:connect", Resource: DATA_TIER.databaseConnectArn });
    });
  });

  describe("GIVEN a service with tracing off (the default)", () => {
    let rec: Recorder;
    before(async () => {
      ({ recorder: rec } = await runComponent(() => new Service(NAME, serviceArgs())));
    });

    it("WHEN built THEN there is one container, no OTLP endpoint, no start dependency and no X-Ray statement", () => {
      const defs = containers(rec);
      expect(defs.map((c: any) => c.name)).to.deep.equal(["app"]);
      expect(defs[0].environment.map((e: any) => e.name)).to.not.include("OTEL_EXPORTER_OTLP_ENDPOINT");
      expect(defs[0]).to.not.have.property("dependsOn");
      expect(taskPolicy(rec).Statement.map((s: any) => s.Sid)).to.deep.equal(["ReadWriteProofObjects", "UseTheProofKeyThroughS3", "ConnectToTheDatabaseAsTheAppUser"]);
    });
  });

  describe("validation", () => {
    const sized = (cpu: number, memory: number) => ({ tracing: true, tracingCollectorImage: DEFAULT_COLLECTOR_IMAGE, tracingSampleRatio: 1, cpu, memory });

    // Old: nothing bounded the share traced (the SDK's default traced every request).
    it("GIVEN a sampling ratio THEN 1 and the smallest positive share pass; 0, a negative and 1.0001 are rejected, naming tracingSampleRatio", () => {
      expect(() => validateTracing({ ...sized(256, 512), tracingSampleRatio: 1 })).to.not.throw();
      expect(() => validateTracing({ ...sized(256, 512), tracingSampleRatio: 0.0001 })).to.not.throw();
      for (const bad of [0, -0.05, 1.0001]) {
        expect(() => validateTracing({ ...sized(256, 512), tracingSampleRatio: bad })).to.throw(`tracingSampleRatio must be a number greater than 0 and at most 1 (the share of requests traced), got ${bad}`);
      }
      expect(problemsFor("prod", { "credlink:service": { tracingSampleRatio: 0 } })).to.deep.equal([
        "credlink:service.tracingSampleRatio must be a number greater than 0 and at most 1 (the share of requests traced), got 0",
      ]);
    });

    it("GIVEN tracing on THEN the task must leave the app 128 units and 256 MiB: 160/384 fit exactly, 159/383 are rejected", () => {
      expect(() => validateTracing(sized(160, 384))).to.not.throw();
      expect(() => validateTracing(sized(159, 384))).to.throw("cpu must leave the app at least 128 units besides the tracing sidecar's 32, got 159");
      expect(() => validateTracing(sized(160, 383))).to.throw("memory must leave the app at least 256 MiB besides the tracing sidecar's 128, got 383");
      expect(() => validateTracing({ ...sized(159, 383), tracing: false })).to.not.throw();
    });

    it("GIVEN the smallest Fargate task (256/512) THEN tracing fits", () => {
      expect(() => validateServiceArgs(resolveServiceArgs({ ...serviceArgs(), tracing: true, cpu: 256, memory: 512 }))).to.not.throw();
    });

    it("GIVEN a collector image on latest, or without a tag THEN it is rejected, naming tracingCollectorImage", () => {
      expect(() => validateTracing({ ...sized(256, 512), tracingCollectorImage: "public.ecr.aws/aws-observability/aws-otel-collector:latest" })).to.throw(
        'tracingCollectorImage must be pinned to a version tag or a digest, not "latest", got "public.ecr.aws/aws-observability/aws-otel-collector:latest"',
      );
      expect(() => validateTracing({ ...sized(256, 512), tracingCollectorImage: "public.ecr.aws/aws-observability/aws-otel-collector" })).to.throw(/^tracingCollectorImage must name a tag/);
    });

    it("GIVEN the stack config THEN a non-boolean tracing and a latest collector image are reported under credlink:service", () => {
      expect(problemsFor("prod", { "credlink:service": { tracing: "yes" } })).to.deep.equal(["credlink:service.tracing must be true or false, got \"yes\""]);
      expect(problemsFor("dev", { "credlink:service": { tracingCollectorImage: "amazon/aws-otel-collector:latest" } })).to.deep.equal([
        'credlink:service.tracingCollectorImage must be pinned to a version tag or a digest, not "latest", got "amazon/aws-otel-collector:latest"',
      ]);
    });

    // Old: prod accepted "...:v0.43.1", a tag whoever publishes the image can move.
    it("GIVEN prod's config THEN a collector image without a digest is refused, naming the key; a tag with a digest and a bare digest pass", () => {
      expect(problemsFor("prod", { "credlink:service": { tracingCollectorImage: "public.ecr.aws/aws-observability/aws-otel-collector:v0.43.1" } })).to.deep.equal([
        'credlink:service.tracingCollectorImage must be pinned by digest in prod ("<repository>:<tag>@sha256:<64 hex>"): a tag can be moved to another image, got "public.ecr.aws/aws-observability/aws-otel-collector:v0.43.1"',
      ]);
      expect(() => parseStackConfig(stackConfig("prod", { "credlink:service": { tracingCollectorImage: `public.ecr.aws/aws-observability/aws-otel-collector@sha256:${"ab".repeat(32)}` } }), "credlink", "prod")).to.not.throw();
      expect(parseStackConfig(stackConfig("prod"), "credlink", "prod").service.tracingCollectorImage).to.match(/@sha256:[0-9a-f]{64}$/);
    });

    it("GIVEN dev's config THEN a tag alone is still accepted (the rule is prod's)", () => {
      expect(() => parseStackConfig(stackConfig("dev", { "credlink:service": { tracingCollectorImage: "public.ecr.aws/aws-observability/aws-otel-collector:v0.43.1" } }), "credlink", "dev")).to.not.throw();
    });
  });
});

describe("tracing in the programs", () => {
  const PINNED = "public.ecr.aws/aws-observability/aws-otel-collector@sha256:" + "ab".repeat(32);

  describe("GIVEN prod (tracing on) with the collector pinned by digest", () => {
    let rec: Recorder;
    before(async () => {
      ({ recorder: rec } = await runProgram("prod", { "credlink:service": { tracingCollectorImage: PINNED } }));
    });

    it("WHEN it runs THEN the sidecar runs the configured image, inside prod's 256/1024 task", () => {
      const task = rec.one(TASK_DEFINITION).inputs;
      expect([task.cpu, task.memory]).to.deep.equal(["256", "1024"]);
      expect(containers(rec).map((c: any) => [c.name, c.image])).to.deep.equal([
        ["app", "123456789012.dkr.ecr.us-east-1.amazonaws.com/credlink-prod:bootstrap"],
        ["otel-collector", PINNED],
      ]);
    });

    it("WHEN it runs THEN the app samples prod's 5% of requests (credlink:service.tracingSampleRatio 0.05)", () => {
      const env = containers(rec)[0].environment.filter((e: any) => e.name.startsWith("OTEL_TRACES_"));
      expect(env).to.deep.equal([
        { name: "OTEL_TRACES_SAMPLER", value: "traceidratio" },
        { name: "OTEL_TRACES_SAMPLER_ARG", value: "0.05" },
      ]);
    });

    it("WHEN it runs THEN the task role's policy ends with the exact X-Ray statement", () => {
      const statements = taskPolicy(rec).Statement;
      expect(statements[statements.length - 1]).to.deep.equal(XRAY_STATEMENT);
    });
  });

  describe("GIVEN the committed dev stack (tracing off)", () => {
    let rec: Recorder;
    before(async () => {
      ({ recorder: rec } = await committedProgram("dev"));
    });

    it("WHEN it runs THEN there is no sidecar and no X-Ray permission", () => {
      expect(containers(rec).map((c: any) => c.name)).to.deep.equal(["app"]);
      expect(JSON.stringify(taskPolicy(rec, "credlink-dev"))).to.not.include("xray:");
    });
  });
});
