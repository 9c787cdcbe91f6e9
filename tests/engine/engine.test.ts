/**
 * The program and the policy pack through Pulumi's own entry points, over gRPC (tools/engine/):
 * - `@pulumi/pulumi/cmd/run` started as the nodejs language host starts it, against a fake engine and resource
 *   monitor answering with the mocks' outputs; every registration compared with the in-process run;
 * - `@pulumi/pulumi/cmd/run-policy-pack` on policy/, driven as the CLI drives an analyzer; every verdict compared with
 *   the in-process driver's;
 * - a preview (unknowns) with a secret config value;
 * - randomised outputs (a bounded number of fast-check seeds here; `npm run verify:engine` runs more).
 *
 * The gRPC side starts once, when mocha loads this file, in a driver process (see below); the in-process side runs in
 * the outer `before`. Every child process is killed in `after`.
 */
import { expect } from "chai";
import fc from "fast-check";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { compareVerdicts, reconcileFromWire, recorderFromWire, WireAnalyzerInfo } from "../../tools/engine/analyzer";
import { compareRuns, showDifferences } from "../../tools/engine/compare";
import { DrivenRun, startDriver } from "../../tools/engine/drive";
import { engineUrn } from "../../tools/engine/monitor";
import { SECRET_SIG, SIG_KEY, UNKNOWN } from "../../tools/engine/proto";
import { invariantOf, neutralVerdict, runVaried, variationArbitrary } from "../../tools/engine/random";
import { hostInvocation, RUN_ENTRY } from "../../tools/engine/runner";
import { plaintextSecrets } from "../../tools/engine/secrets";
import { ALL_POLICIES, PACK_NAME } from "../../policy/policies";
import { analyzeRecorder, Diagnostic, loadPackConfigFile, POLICY_DIR, recordedProgram, reconcile } from "../../tools/offline/policy";
import { runComponent } from "../../tools/offline/program";

const PD_KEY = "credlink:alerts.pagerdutyUrl";
const PD_URL = "https://events.pagerduty.com/integration/0ddba11c0ddba11c0ddba11c0ddba11c/enqueue";
/** Seeds of the property test in `npm test` (verify:engine runs many more). */
const SEED = 20261126;
const RUNS_IN_NPM_TEST = 2;

type Run = "dev" | "prod" | "preview";

/**
 * The runs over gRPC start when mocha loads this file, not in `before`: mocha is single-threaded, so they run on the
 * other core while the files before this one load and run, and `before` mostly collects their results. They run in a
 * driver process of their own (tools/engine/drive.ts: the fake engine, cmd/run children, the pack and the gRPC
 * analyses), so the fake monitor never waits for this busy process. Each run and RPC is time-boxed in the driver; the
 * driver's process group is killed in `after`, and at exit in case this suite is filtered out.
 */
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "credlink-engine-"));
const driver = startDriver(
  {
    runs: [
      { name: "dev", stack: "dev", env: "dev" },
      { name: "prod", stack: "prod", env: "prod" },
      { name: "preview", stack: "dev", env: "dev", dryRun: true, secrets: { [PD_KEY]: PD_URL } },
    ],
    transpiler: "cached",
    timeoutMs: 100_000,
  },
  workDir,
);
// Awaited in `before`; until then a failure must not count as an unhandled rejection.
driver.result.catch(() => undefined);
process.once("exit", () => {
  driver.kill();
  fs.rmSync(workDir, { recursive: true, force: true });
});

describe("the offline engine: the program and the pack through Pulumi's entry points, over gRPC", () => {
  let info: WireAnalyzerInfo;
  let runs: Record<Run, DrivenRun>;
  const inProcess: Record<"dev" | "prod", Awaited<ReturnType<typeof recordedProgram>> & { diagnostics: Diagnostic[] }> = {} as any;
  /** The fast-check property's outcome: undefined when it held, else the counterexample's error. */
  let property: Promise<Error | undefined>;

  before(async () => {
    for (const stack of ["dev", "prod"] as const) {
      const recorded = await recordedProgram(stack);
      const { diagnostics } = await analyzeRecorder(recorded.recorder, recorded.propertyDeps, loadPackConfigFile(stack));
      inProcess[stack] = { ...recorded, diagnostics };
    }
    // The property runs the program in-process (the mocks are process-wide, so not at load time); its test reports it.
    property = fc
      .assert(
        fc.asyncProperty(variationArbitrary, async (v) => {
          const run = await runVaried("dev", v);
          expect(invariantOf(run)).to.deep.equal({
            registrations: inProcess.dev.recorder.all.map((r) => r.urn).sort(),
            verdicts: inProcess.dev.diagnostics.map((d) => neutralVerdict(d)).sort(),
          });
          // The variation reached the program: every key policy names the varied account.
          expect(run.recorder.ofType("aws:kms/key:Key").every((k) => JSON.stringify(k.inputs).includes(v.accountId))).to.equal(true);
        }),
        { seed: SEED, numRuns: RUNS_IN_NPM_TEST, endOnFailure: true },
      )
      .then(
        () => undefined,
        (e: Error) => e,
      );
    await property;
    const driven = await driver.result;
    info = driven.info;
    runs = driven.runs as Record<Run, DrivenRun>;
    for (const [name, run] of Object.entries(runs)) {
      if (run.exitCode !== 0) throw new Error(`cmd/run (${name}) exited ${run.exitCode}:\n${run.stderr}\n${run.engine.logs.filter((l) => l.startsWith("error")).join("\n")}`);
    }
  });

  after(() => driver.kill());

  describe("the program under cmd/run", () => {
    it("GIVEN the language host's arguments THEN cmd/run gets the monitor, engine, project, stack, directories, dry run, parallelism and main, and the config as PULUMI_CONFIG", () => {
      const { argv, env } = hostInvocation({ monitor: "127.0.0.1:1", engine: "127.0.0.1:2", project: "credlink", stack: "dev", main: "stacks/index.ts", dryRun: true, config: { "credlink:a": "1" }, secretKeys: [PD_KEY], typescript: true });
      const root = path.resolve(__dirname, "../..");
      expect(argv).to.deep.equal([RUN_ENTRY, "--monitor", "127.0.0.1:1", "--engine", "127.0.0.1:2", "--project", "credlink", "--root-directory", root, "--stack", "dev", "--pwd", root, "--dry-run", "--parallel", "16", "stacks/index.ts"]);
      expect(env).to.deep.equal({ PULUMI_CONFIG: '{"credlink:a":"1"}', PULUMI_CONFIG_SECRET_KEYS: `["${PD_KEY}"]`, PULUMI_NODEJS_TYPESCRIPT: "true", PULUMI_NODEJS_TRANSPILE_ONLY: "true" });
    });

    it("GIVEN a parent and a type WHEN the fake engine names a resource THEN it follows resource.NewURN: the parent's whole type chain, the root stack left out", () => {
      const stack = "urn:pulumi:dev::credlink::pulumi:pulumi:Stack::credlink-dev";
      const component = engineUrn("dev", "credlink", stack, "credlink:app:Service", "api");
      const child = engineUrn("dev", "credlink", component, "credlink:ops:Alarms", "api");
      expect([component, child, engineUrn("dev", "credlink", child, "aws:sns/topic:Topic", "t")]).to.deep.equal([
        "urn:pulumi:dev::credlink::credlink:app:Service::api",
        "urn:pulumi:dev::credlink::credlink:app:Service$credlink:ops:Alarms::api",
        "urn:pulumi:dev::credlink::credlink:app:Service$credlink:ops:Alarms$aws:sns/topic:Topic::t",
      ]);
    });

    it("GIVEN a component inside a component WHEN registered under the in-process mocks THEN the URNs carry the whole type chain, as the engine's do", async () => {
      const { recorder } = await runComponent(() => {
        const outer = new pulumi.ComponentResource("test:index:Outer", "o");
        const inner = new pulumi.ComponentResource("test:index:Inner", "i", {}, { parent: outer });
        new pulumi.ComponentResource("test:index:Leaf", "l", {}, { parent: inner });
      });
      expect(recorder.all.map((r) => r.urn)).to.deep.equal([
        "urn:pulumi:dev::credlink::test:index:Outer::o",
        "urn:pulumi:dev::credlink::test:index:Outer$test:index:Inner::i",
        "urn:pulumi:dev::credlink::test:index:Outer$test:index:Inner$test:index:Leaf::l",
      ]);
    });

    for (const stack of ["dev", "prod"] as const) {
      it(`GIVEN ${stack} WHEN cmd/run runs it THEN it registers the root stack and then exactly the in-process run's resources`, () => {
        const wire = runs[stack].registrations;
        expect(wire[0].type).to.equal("pulumi:pulumi:Stack");
        expect(wire[0].urn).to.equal(`urn:pulumi:${stack}::credlink::pulumi:pulumi:Stack::credlink-${stack}`);
        expect(runs[stack].engine.root).to.equal(wire[0].urn);
        expect(wire.length - 1).to.equal(inProcess[stack].recorder.all.length);
      });

      it(`GIVEN ${stack} WHEN both runs are compared registration by registration THEN URNs, inputs (secrets included), protect, retainOnDelete, providers, parents, dependencies and outputs are the same`, () => {
        const c = compareRuns(inProcess[stack].recorder, runs[stack].registrations, inProcess[stack].propertyDeps);
        expect(c.urnDifferences, "mock URN vs engine URN").to.deep.equal([]);
        expect(c.differences, showDifferences(c.differences)).to.deep.equal([]);
        expect(c.matched).to.equal(inProcess[stack].recorder.all.length);
      });
    }

    it("GIVEN a registration whose input differs WHEN compared THEN the difference names the resource's URN and the field", () => {
      const wire = runs.dev.registrations.map((r) => (r.type === "aws:ecr/repository:Repository" ? { ...r, object: { ...r.object, imageTagMutability: "MUTABLE" }, protect: true } : r));
      const repo = wire.find((r) => r.type === "aws:ecr/repository:Repository")!;
      const { differences } = compareRuns(inProcess.dev.recorder, wire, inProcess.dev.propertyDeps);
      expect(differences).to.deep.equal([
        { urn: repo.urn, field: "protect", inProcess: false, overGrpc: true },
        { urn: repo.urn, field: "inputs.imageTagMutability", inProcess: "IMMUTABLE", overGrpc: "MUTABLE" },
      ]);
    });

    it("GIVEN prod WHEN compared THEN its stateful resources arrive protected and retained on delete, as in-process", () => {
      const guarded = runs.prod.registrations.filter((r) => r.protect && r.retainOnDelete).map((r) => r.type);
      expect(guarded).to.include.members(["aws:rds/instance:Instance", "aws:elasticache/replicationGroup:ReplicationGroup", "aws:s3/bucket:Bucket", "aws:kms/key:Key"]);
      expect(runs.dev.registrations.filter((r) => r.protect || r.retainOnDelete)).to.deep.equal([]);
    });
  });

  describe("a preview with a secret config value", () => {
    const subscription = () => runs.preview.registrations.find((r) => r.type === "aws:sns/topicSubscription:TopicSubscription" && r.name.endsWith("-pagerduty"))!;

    it("GIVEN the PagerDuty URL as a secret key WHEN previewed THEN the subscription's endpoint crosses the wire as a secret", () => {
      expect(runs.preview.secretKeys).to.deep.equal([PD_KEY]);
      expect(subscription().object.endpoint).to.deep.equal({ [SIG_KEY]: SECRET_SIG, value: PD_URL });
    });

    it("GIVEN the PagerDuty URL as a secret key WHEN previewed THEN its text appears nowhere on the wire or in the engine log's info, warnings and errors outside a secret", () => {
      expect(plaintextSecrets(runs.preview, [PD_URL])).to.deep.equal([]);
    });

    it("GIVEN the PagerDuty URL as a secret key WHEN previewed THEN the engine's debug log has it in clear in exactly one line: the SDK's own dump of the subscription's RegisterResource response", () => {
      const leaks = plaintextSecrets(runs.preview, [PD_URL], { debugLog: true });
      const lines = leaks.map((l) => runs.preview.engine.logs[Number(l.field.replace("line ", "")) - 1]);
      expect(leaks.map((l) => l.where)).to.deep.equal(["engine log"]);
      expect(lines[0]).to.match(/^debug: RegisterResource RPC finished: resource:credlink-dev-page-pagerduty\[aws:sns\/topicSubscription:TopicSubscription\]; err: null, resp: /);
    });

    it("GIVEN a serialisation that drops the secret marker WHEN scanned THEN the leak is reported with the resource and the field", () => {
      const leaky = runs.preview.registrations.map((r) => (r === subscription() ? { ...r, object: { ...r.object, endpoint: PD_URL } } : r));
      expect(plaintextSecrets({ registrations: leaky, engine: runs.preview.engine }, [PD_URL])).to.deep.equal([{ where: subscription().urn, field: "inputs.endpoint" }]);
    });

    it("GIVEN a preview WHEN the monitor answers like the engine for a create THEN no resource has an id and computed outputs are unknown, inputs stay known", () => {
      const custom = runs.preview.registrations.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"));
      expect(custom.filter((r) => r.id !== "").map((r) => r.urn)).to.deep.equal([]);
      const repo = runs.preview.registrations.find((r) => r.type === "aws:ecr/repository:Repository")!;
      expect([repo.state.repositoryUrl, repo.state.arn, repo.state.imageTagMutability]).to.deep.equal([UNKNOWN, UNKNOWN, "IMMUTABLE"]);
    });

    it("GIVEN a preview WHEN the program runs THEN it registers every resource the update registers (nothing waits for a known value)", () => {
      const names = (run: DrivenRun) => run.registrations.filter((r) => r.type !== "aws:sns/topicSubscription:TopicSubscription" || !r.name.endsWith("-pagerduty")).map((r) => r.urn).sort();
      expect(names(runs.preview)).to.deep.equal(names(runs.dev));
    });
  });

  describe("the policy pack under run-policy-pack", () => {
    it("WHEN asked GetAnalyzerInfo THEN it announces the pack's name, version and every policy with its level, type and config schema", () => {
      const version = JSON.parse(fs.readFileSync(path.join(POLICY_DIR, "package.json"), "utf8")).version;
      expect([info.name, info.version, info.supportsConfig]).to.deep.equal([PACK_NAME, version, true]);
      expect(info.policies.map((p) => p.name)).to.deep.equal(ALL_POLICIES.map((p) => p.name));
      for (const [i, p] of ALL_POLICIES.entries()) {
        const wire = info.policies[i];
        expect(wire.enforcementLevel, p.name).to.equal(p.enforcementLevel ?? "advisory");
        expect(wire.type, p.name).to.equal("validateResource" in p && p.validateResource ? "resource" : "stack");
        expect(wire.configSchema, p.name).to.deep.equal(p.configSchema ? { properties: JSON.parse(JSON.stringify(p.configSchema.properties)), required: p.configSchema.required ?? [] } : undefined);
      }
    });

    for (const env of ["dev", "prod"]) {
      it(`GIVEN policy/config/${env}.json WHEN reconciled from the wire's schemas THEN every policy's level and properties equal the in-process driver's`, () => {
        const wire = reconcileFromWire(info, loadPackConfigFile(env));
        const local = reconcile(ALL_POLICIES, loadPackConfigFile(env));
        expect(wire).to.deep.equal(Object.fromEntries([...local].map(([k, v]) => [k, { enforcementLevel: v.enforcementLevel, properties: v.properties }])));
      });
    }

    it("GIVEN a config value its schema rejects WHEN reconciled THEN the policy is named and nothing is configured", () => {
      const withSchema = info.policies.find((p) => p.configSchema && Object.keys(p.configSchema.properties).length)!;
      const [key, schema] = Object.entries(withSchema.configSchema!.properties)[0];
      const wrong = schema.type === "string" ? 42 : "not-a-valid-value";
      expect(() => reconcileFromWire(info, { [withSchema.name]: { [key]: wrong } })).to.throw(`${withSchema.name}: /${key}`);
    });

    for (const stack of ["dev", "prod"] as const) {
      it(`GIVEN ${stack} WHEN every resource goes through Analyze and the stack through AnalyzeStack THEN the verdicts equal the in-process driver's, resource by resource`, () => {
        const c = compareVerdicts(inProcess[stack].diagnostics, runs[stack].diagnostics);
        expect(c, JSON.stringify(c, null, 2)).to.deep.equal({ onlyInProcess: [], onlyOverGrpc: [] });
        expect(runs[stack].diagnostics.length).to.equal(inProcess[stack].diagnostics.length);
      });
    }

    it("GIVEN the preview (unknowns included) WHEN analysed by both drivers THEN the verdicts are equal, and policies that read an unknown say they can't run during preview", () => {
      const { recorder, propertyDeps } = recorderFromWire(runs.preview.registrations);
      return analyzeRecorder(recorder, propertyDeps, loadPackConfigFile("dev")).then(({ diagnostics }) => {
        const c = compareVerdicts(diagnostics, runs.preview.diagnostics);
        expect(c, JSON.stringify(c, null, 2)).to.deep.equal({ onlyInProcess: [], onlyOverGrpc: [] });
        expect(runs.preview.diagnostics.filter((d) => d.preview).length).to.be.greaterThan(0);
      });
    });

    it("GIVEN the preview deserialised as the SDK's mock monitor does (unknowns dropped) WHEN analysed in-process THEN it reports violations the real server does not: a policy read as missing what is only unknown", async () => {
      const { recorder, propertyDeps } = recorderFromWire(runs.preview.registrations, { keepUnknowns: false });
      const { diagnostics } = await analyzeRecorder(recorder, propertyDeps, loadPackConfigFile("dev"));
      const repo = runs.preview.registrations.find((r) => r.type === "aws:ecr/repository:Repository")!;
      const c = compareVerdicts(diagnostics, runs.preview.diagnostics);
      expect(c.onlyInProcess).to.include(`${repo.urn} | ecr-repository-encrypted-with-kms | mandatory | encryptionConfigurations[0].kmsKey must name a customer managed key`);
      expect(c.onlyOverGrpc).to.include(`${repo.urn} | ecr-repository-encrypted-with-kms | advisory | can't run during preview (an unknown value was read)`);
    });
  });

  describe("randomised outputs (fast-check)", () => {
    it(`GIVEN ${RUNS_IN_NPM_TEST} seeded variations of ids, ARNs, account, partition and zones WHEN dev runs under each THEN it registers the same resources, never throws, shows the variation, and every verdict is unchanged`, async () => {
      const failure = await property;
      if (failure) throw failure;
    });
  });
});
