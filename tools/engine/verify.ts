/**
 * `npm run verify:engine`: the heavier half of the offline engine's checks (tests/engine/ runs the bounded half).
 *
 * 1. Exactly the language host's path: cmd/run with ts-node (no transpile cache), and run-policy-pack with its own
 *    type-checking ts-node; for every stack, an update compared with the in-process run registration by registration,
 *    and an update and a preview analysed by both drivers, verdict by verdict.
 * 2. Randomised outputs: `--seeds` fast-check variations per stack in-process (the program registers the same
 *    resources, never throws, the verdicts don't change), and `--grpc-seeds` of them over gRPC as well: the in-process
 *    and cmd/run recordings equal under the variation, and a preview with a random share of unknown outputs analysed
 *    by both drivers with equal verdicts.
 *
 *   npm run verify:engine [-- --seeds 25 --grpc-seeds 2 --seed 1 --stacks dev,prod]
 *
 * Exits 1 on the first failing check, after printing what differs. Child processes are killed on exit.
 */
import fc from "fast-check";
import { listStacks } from "../project";
import { analyzeRecorder, loadPackConfigFile, recordedProgram } from "../offline/policy";
import { analyzeOverGrpc, compareVerdicts, killPolicyPacks, PolicyPackServer, recorderFromWire, startPolicyPack } from "./analyzer";
import { compareRuns, showDifferences } from "./compare";
import { invariantOf, runVaried, sampleVariations, variationArbitrary } from "./random";
import { killEngineChildren, runOverGrpc } from "./runner";

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

class Failed extends Error {}
const check = (ok: boolean, what: string, detail: () => string) => {
  if (!ok) throw new Failed(`FAIL ${what}\n${detail()}`);
  console.log(`ok   ${what}`);
};

async function main(): Promise<void> {
  const seeds = Number(option("seeds", "25"));
  const grpcSeeds = Number(option("grpc-seeds", "2"));
  const seed = Number(option("seed", String(Date.now() % 1_000_000)));
  const stacks = option("stacks", listStacks().join(",")).split(",");
  console.log(`verify:engine: stacks ${stacks.join(", ")}; ${seeds} in-process and ${grpcSeeds} gRPC variations per stack; seed ${seed}`);

  let t = Date.now();
  const pack: PolicyPackServer = await startPolicyPack({ transpiler: "ts-node", startTimeoutMs: 180_000 });
  console.log(`ok   run-policy-pack (ts-node, type checked) serving after ${Date.now() - t} ms`);
  try {
    for (const stack of stacks) {
      t = Date.now();
      const [update, preview] = [await runOverGrpc({ stack, transpiler: "ts-node", timeoutMs: 180_000 }), await runOverGrpc({ stack, dryRun: true, transpiler: "ts-node", timeoutMs: 180_000 })];
      for (const run of [update, preview]) check(run.exitCode === 0, `${stack}${run.dryRun ? " preview" : ""}: cmd/run (ts-node) exits 0`, () => run.stderr);
      const local = await recordedProgram(stack);
      const cmp = compareRuns(local.recorder, update.registrations, local.propertyDeps);
      check(cmp.differences.length === 0 && cmp.urnDifferences.length === 0, `${stack}: ${cmp.matched} registrations equal to the in-process run (${Date.now() - t} ms)`, () => showDifferences(cmp.differences) + JSON.stringify(cmp.urnDifferences));
      for (const run of [update, preview]) {
        const grpc = await analyzeOverGrpc(pack, run.registrations, stack);
        const { recorder, propertyDeps } = run.dryRun ? recorderFromWire(run.registrations) : local;
        const { diagnostics } = await analyzeRecorder(recorder, propertyDeps, loadPackConfigFile(stack));
        const v = compareVerdicts(diagnostics, grpc.diagnostics);
        check(v.onlyInProcess.length + v.onlyOverGrpc.length === 0, `${stack}${run.dryRun ? " preview" : ""}: ${grpc.diagnostics.length} verdicts equal over gRPC and in-process`, () => JSON.stringify(v, null, 2));
      }
    }

    for (const stack of stacks) {
      const baseline = invariantOf(await runVaried(stack));
      t = Date.now();
      await fc.assert(
        fc.asyncProperty(variationArbitrary, async (v) => {
          const run = await runVaried(stack, v);
          const got = invariantOf(run);
          if (JSON.stringify(got) !== JSON.stringify(baseline)) {
            const missing = baseline.verdicts.filter((x) => !got.verdicts.includes(x));
            const extra = got.verdicts.filter((x) => !baseline.verdicts.includes(x));
            throw new Error(`variation ${JSON.stringify(v)} changed the run:\nmissing ${JSON.stringify(missing, null, 2)}\nextra ${JSON.stringify(extra, null, 2)}`);
          }
        }),
        { seed, numRuns: seeds, endOnFailure: true },
      );
      console.log(`ok   ${stack}: ${seeds} in-process variations keep the registrations and the verdicts (${Date.now() - t} ms)`);

      for (const v of sampleVariations(seed, grpcSeeds)) {
        const local = await runVaried(stack, v);
        const [update, preview] = await Promise.all([runOverGrpc({ stack, variation: v, transpiler: "cached", timeoutMs: 180_000 }), runOverGrpc({ stack, variation: v, dryRun: true, transpiler: "cached", timeoutMs: 180_000 })]);
        for (const run of [update, preview]) check(run.exitCode === 0, `${stack} variation${run.dryRun ? " preview" : ""}: cmd/run exits 0`, () => run.stderr);
        const cmp = compareRuns(local.recorder, update.registrations, local.propertyDeps);
        check(cmp.differences.length === 0, `${stack} under ${JSON.stringify(v)}: cmd/run and in-process registrations equal`, () => showDifferences(cmp.differences));
        const grpc = await analyzeOverGrpc(pack, preview.registrations, stack);
        const { recorder, propertyDeps } = recorderFromWire(preview.registrations);
        const { diagnostics } = await analyzeRecorder(recorder, propertyDeps, loadPackConfigFile(stack));
        const verdicts = compareVerdicts(diagnostics, grpc.diagnostics);
        check(verdicts.onlyInProcess.length + verdicts.onlyOverGrpc.length === 0, `${stack} preview with ${Math.round(v.previewUnknownShare * 100)}% of computed outputs unknown: verdicts equal over gRPC and in-process`, () => JSON.stringify(verdicts, null, 2));
      }
    }
    console.log("verify:engine: all checks passed");
  } finally {
    pack.stop();
    killPolicyPacks();
    killEngineChildren();
  }
}

main().then(
  () => {
    process.exitCode = 0;
  },
  (e) => {
    console.error(e instanceof Failed ? e.message : e);
    process.exitCode = 1;
  },
);
