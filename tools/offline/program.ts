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
  /** Each registration's property dependencies (`type::name` -> input -> URNs), as the engine passes them to policies. */
  readonly propertyDeps: Map<string, Record<string, string[]>>;
}

type RegisterRequestLike = {
  getType(): string;
  getName(): string;
  getPropertydependenciesMap(): { forEach(cb: (v: { getUrnsList(): string[] }, k: string) => void): void };
};

/**
 * Wraps the (already started) mock monitor so each registration's property dependencies are kept: the engine passes
 * them to stack policies, and the recorder doesn't record them. Call right after startMocks.
 */
export function capturePropertyDependencies(): Map<string, Record<string, string[]>> {
  const propertyDeps = new Map<string, Record<string, string[]>>();
  const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource(req: RegisterRequestLike, cb: unknown): void };
  const wrapped = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => {
    const deps: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((v, k) => (deps[k] = v.getUrnsList()));
    propertyDeps.set(`${req.getType()}::${req.getName()}`, deps);
    wrapped(req, cb);
  };
  return propertyDeps;
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
  const propertyDeps = capturePropertyDependencies();
  // A secret key in the patch is passed as `pulumi config set --secret` would pass it (the plain-text refusal has its
  // own tests, on parseStackConfig). Imported here, after the mocks, like the program.
  const { SECRET_CONFIG_KEYS } = await import("../../stacks/config");
  pulumi.runtime.setAllConfig(config, Object.keys(config).filter((k) => SECRET_CONFIG_KEYS.some((key) => k === `credlink:${key}`)));
  const { default: program } = await import("../../stacks/index");
  const exported = await program();
  const outputs = await resolveDeep(exported);
  await settle();
  return { recorder, outputs, propertyDeps };
}

const shared = new Map<string, Promise<ProgramRun>>();

/**
 * `runProgram(stack, patch)` made once per process for each stack and patch, and shared by whoever asks for it: a run's
 * recorder, outputs and dependencies are plain data once it settles, and its readers (the tests, the in-process policy
 * analyses) only read them.
 */
export function sharedRun(stack: string, patch: Record<string, unknown> = {}): Promise<ProgramRun> {
  const key = `${stack} ${JSON.stringify(patch)}`;
  let run = shared.get(key);
  if (!run) {
    run = runProgram(stack, patch);
    shared.set(key, run);
  }
  return run;
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
