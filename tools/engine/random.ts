/**
 * Randomised outputs as a fast-check arbitrary, and the property the program and the pack must keep under them:
 * the program registers the same resources without throwing, and every policy verdict is the one the fixed outputs
 * give (messages compared with the varied account, partition and ids written back to a neutral form).
 */
import fc from "fast-check";
import * as pulumi from "@pulumi/pulumi";
import { Recorder, resolveDeep, settle, startMocks } from "../offline/mocks";
import { analyzeRecorder, capturePropertyDependencies, Diagnostic, loadPackConfigFile } from "../offline/policy";
import { stackConfig } from "../offline/program";
import { OutputVariation } from "../offline/variation";

export const variationArbitrary: fc.Arbitrary<OutputVariation> = fc.record({
  accountId: fc.stringMatching(/^[0-9]{12}$/),
  partition: fc.constantFrom("aws" as const, "aws-us-gov" as const, "aws-cn" as const),
  zoneLetters: fc.subarray([..."abcdef"], { minLength: 2, maxLength: 6 }).map((a) => a.join("")),
  ec2IdHexDigits: fc.constantFrom(8 as const, 17 as const),
  idShape: fc.constantFrom("name" as const, "arn" as const, "uuid" as const),
  previewUnknownShare: fc.integer({ min: 0, max: 100 }).map((n) => n / 100),
  salt: fc.nat(),
});

/** The variations fast-check draws for a seed (the same seed always gives the same list). */
export function sampleVariations(seed: number, count: number): OutputVariation[] {
  return fc.sample(variationArbitrary, { seed, numRuns: count });
}

/** A verdict with what a variation changes written back to a neutral form, so verdicts compare across variations. */
export function neutralVerdict(d: Diagnostic, v?: OutputVariation): string {
  let message = d.message;
  if (v) message = message.split(v.accountId).join("<account>");
  message = message
    .split("123456789012")
    .join("<account>")
    .replace(/\barn:aws(-us-gov|-cn)?:/g, "arn:<partition>:")
    .replace(/\.amazonaws\.com\.cn\b/g, ".amazonaws.com")
    .replace(/\b([a-z]+)-[0-9a-f]{8}(?:[0-9a-f]{9})?\b/g, "$1-<id>")
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, "<uuid>");
  return `${d.urn ?? "(stack)"} | ${d.policyName} | ${d.enforcementLevel} | ${message}`;
}

export interface VariedRun {
  readonly recorder: Recorder;
  readonly propertyDeps: Map<string, Record<string, string[]>>;
  readonly diagnostics: Diagnostic[];
  readonly verdicts: string[];
}

/** Runs the program in-process under the mocks with `variation` (undefined: the fixed outputs) and analyses it. */
export async function runVaried(stack: string, variation?: OutputVariation): Promise<VariedRun> {
  const config = stackConfig(stack);
  const recorder = await startMocks({ project: "credlink", stack, region: config["aws:region"], variation });
  const propertyDeps = capturePropertyDependencies();
  pulumi.runtime.setAllConfig(config);
  const mod = await import("../../stacks/index");
  const program: () => Promise<Record<string, unknown>> = (mod as any).default ?? mod;
  await resolveDeep(await program());
  await settle();
  const { diagnostics } = await analyzeRecorder(recorder, propertyDeps, loadPackConfigFile(stack));
  return { recorder, propertyDeps, diagnostics, verdicts: diagnostics.map((d) => neutralVerdict(d, variation)).sort() };
}

/** What must not depend on the variation: the registrations (type and URN) and the neutral verdicts. */
export function invariantOf(run: VariedRun): { registrations: string[]; verdicts: string[] } {
  return { registrations: run.recorder.all.map((r) => r.urn).sort(), verdicts: run.verdicts };
}
