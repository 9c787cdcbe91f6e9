/**
 * Runs the whole CredLink program under the mock harness, with a stack file's config and optional overrides.
 * The program is exported as a function, so it can run again for each test with a fresh mock monitor.
 */
import * as pulumi from "@pulumi/pulumi";
import { loadStackConfig, REPO_ROOT } from "../project";
import { MockOptions, Recorder, resolveDeep, settle, startMocks } from "./mocks";

export interface ProgramRun {
  readonly recorder: Recorder;
  readonly outputs: Record<string, any>;
}

/** Deep-merges `patch` into a structured config value (JSON) or replaces a scalar; `undefined` deletes the key. */
export function withConfig(base: Record<string, string>, patch: Record<string, unknown>): Record<string, string> {
  const merged = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) {
      delete merged[key];
    } else if (typeof value === "object" && value !== null && !Array.isArray(value) && merged[key]?.startsWith("{")) {
      merged[key] = JSON.stringify(deepMerge(JSON.parse(merged[key]), value as Record<string, unknown>));
    } else {
      merged[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
  }
  return merged;
}

function deepMerge(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete out[k];
    else if (v && typeof v === "object" && !Array.isArray(v) && out[k] && typeof out[k] === "object") {
      out[k] = deepMerge(out[k] as Record<string, unknown>, v as Record<string, unknown>);
    } else out[k] = v;
  }
  return out;
}

/** The raw config map of a committed stack file (or `configFile`, like the CLI's --config-file), optionally patched. */
export function stackConfig(stack: string, patch: Record<string, unknown> = {}, configFile?: string): Record<string, string> {
  return withConfig(loadStackConfig(stack, REPO_ROOT, configFile).config, patch);
}

/**
 * Runs stacks/index.ts for `stack` with its committed config (or `configFile`'s, e.g. an examples/ variant), patched
 * by `patch`, and waits for every registration.
 */
export async function runProgram(stack: string, patch: Record<string, unknown> = {}, configFile?: string): Promise<ProgramRun> {
  const config = stackConfig(stack, patch, configFile);
  const recorder = await startMocks({ project: "credlink", stack, region: config["aws:region"] });
  // A secret key in the patch is passed as `pulumi config set --secret` would pass it (the plain-text refusal has its
  // own tests, on parseStackConfig). Imported here, after the mocks, like the program.
  const { SECRET_CONFIG_KEYS } = await import("../../stacks/config");
  pulumi.runtime.setAllConfig(config, Object.keys(config).filter((k) => SECRET_CONFIG_KEYS.some((key) => k === `credlink:${key}`)));
  const { default: program } = await import("../../stacks/index");
  const exported = await program();
  const outputs = await resolveDeep(exported);
  await settle();
  return { recorder, outputs };
}

/**
 * Builds resources (usually one component) under a fresh mock monitor and waits for every registration.
 * For component tests that don't need the whole program.
 */
export async function runComponent<T>(build: () => T, options: MockOptions = {}): Promise<{ recorder: Recorder; result: T }> {
  const recorder = await startMocks(options);
  const result = build();
  await settle();
  return { recorder, result };
}
