/**
 * Runs Pulumi.yaml's `main` through the SDK's own entry point, `@pulumi/pulumi/cmd/run`, the way the nodejs language
 * host (pulumi-language-nodejs, `Run`) starts it for `pulumi preview` / `pulumi up`:
 *
 *   node <sdk>/cmd/run --monitor <addr> --engine <addr> --project <p> --root-directory <root> --stack <s>
 *                      --pwd <root> [--dry-run] --parallel <n> <main>
 *
 * with the environment the host adds: PULUMI_CONFIG (the flat `namespace:key` -> string map, JSON),
 * PULUMI_CONFIG_SECRET_KEYS (JSON list of the keys that were `secure:`), PULUMI_NODEJS_TYPESCRIPT (the project's
 * `runtime.options.typescript`). The child talks to a fake engine (./monitor.ts) served from this process.
 *
 * Type checking: the host lets ts-node type check unless PULUMI_NODEJS_TRANSPILE_ONLY=true. `npm test` type checks
 * the whole tree first (`npm run lint`), so runs here set it, as a user with a separate tsc step would.
 */
import { ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import { loadProject, loadStackConfig, REPO_ROOT } from "../project";
import { stackConfig } from "../offline/program";
import { OutputVariation } from "../offline/variation";
import { FakeEngine, startFakeEngine, WireRegistration } from "./monitor";
import { timeBoxed } from "./proto";

export const TRANSPILE_HOOK = path.join(__dirname, "transpile-hook.js");
export const RUN_ENTRY = path.join(path.dirname(require.resolve("@pulumi/pulumi/package.json")), "cmd", "run");

export interface EngineRunOptions {
  readonly stack: string;
  /** Stack config patch (as tools/offline/program.ts#runProgram takes it). */
  readonly patch?: Record<string, unknown>;
  /** Extra config keys to pass as secrets (`namespace:key` -> plaintext), as `pulumi config set --secret` would. */
  readonly secrets?: Record<string, string>;
  readonly dryRun?: boolean;
  readonly variation?: OutputVariation;
  /**
   * How the child turns TypeScript into JavaScript. "ts-node" (the default): exactly as the language host, cmd/run
   * registers ts-node (transpile only). "cached": `--require tools/engine/transpile-hook.js` with
   * PULUMI_NODEJS_TYPESCRIPT=false, a content-hash cache and Node's compile cache, about 3x faster; what `npm test`
   * uses. Only the TS -> JS step differs; the runner, settings, config and wire are the SDK's either way.
   */
  readonly transpiler?: "ts-node" | "cached";
  /** Whole-run time box (default 60 s). */
  readonly timeoutMs?: number;
}

export interface EngineRun {
  readonly stack: string;
  readonly project: string;
  readonly dryRun: boolean;
  readonly exitCode: number | null;
  readonly stderr: string;
  readonly stdout: string;
  readonly engine: FakeEngine;
  readonly registrations: WireRegistration[];
  /** The config and secret keys the child was given. */
  readonly config: Record<string, string>;
  readonly secretKeys: string[];
}

/** Children still running, so a test's `after` can kill them (killEngineChildren). */
const live = new Set<ChildProcess>();

export function killEngineChildren(): void {
  for (const child of live) if (child.exitCode === null && child.pid) process.kill(child.pid, "SIGKILL");
  live.clear();
}

/** The argv and environment the nodejs language host gives `cmd/run`. */
export function hostInvocation(args: {
  monitor: string;
  engine: string;
  project: string;
  stack: string;
  main: string;
  dryRun: boolean;
  config: Record<string, string>;
  secretKeys: string[];
  typescript: boolean;
  transpiler?: "ts-node" | "cached";
}): { argv: string[]; env: Record<string, string> } {
  const cached = args.transpiler === "cached" && args.typescript;
  const argv = [
    // Fast mode also starts Node with no stack frames by default: the SDK records `new Error().stack` for every
    // promise (leak diagnostics only), and cmd/run's source-map-support maps each frame, a third of the run's CPU.
    // Source positions of resources are unaffected (the SDK lifts the limit to capture them).
    ...(cached ? ["--stack-trace-limit=0", "--require", TRANSPILE_HOOK] : []),
    RUN_ENTRY,
    "--monitor", args.monitor,
    "--engine", args.engine,
    "--project", args.project,
    "--root-directory", REPO_ROOT,
    "--stack", args.stack,
    "--pwd", REPO_ROOT,
    ...(args.dryRun ? ["--dry-run"] : []),
    "--parallel", "16",
    args.main,
  ];
  const env: Record<string, string> = {
    PULUMI_CONFIG: JSON.stringify(args.config),
    PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(args.secretKeys),
    PULUMI_NODEJS_TYPESCRIPT: String(args.typescript && !cached),
    PULUMI_NODEJS_TRANSPILE_ONLY: "true",
  };
  return { argv, env };
}

/** Starts a fake engine, runs the program against it in a child process, and returns everything it recorded. */
export async function runOverGrpc(options: EngineRunOptions): Promise<EngineRun> {
  const project = loadProject();
  const runtime = project.runtime;
  const typescript = typeof runtime === "object" ? runtime.options?.typescript !== false : true;
  const main = project.main ?? ".";
  const config = { ...stackConfig(options.stack, options.patch ?? {}), ...(options.secrets ?? {}) };
  const secretKeys = [...new Set([...loadStackConfig(options.stack).secretKeys, ...Object.keys(options.secrets ?? {})])].sort();
  const dryRun = options.dryRun ?? false;
  const engine = await startFakeEngine({ project: project.name, stack: options.stack, region: config["aws:region"] ?? "us-east-1", dryRun, variation: options.variation });
  const { argv, env } = hostInvocation({ monitor: engine.monitorAddress, engine: engine.engineAddress, project: project.name, stack: options.stack, main, dryRun, config, secretKeys, typescript, transpiler: options.transpiler });
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  // Mocha's own ts-node registration must not leak into the child: the runner registers its own, as the host's does.
  delete childEnv.TS_NODE_TRANSPILE_ONLY;
  delete childEnv.NODE_OPTIONS;
  const child = spawn(process.execPath, argv, { cwd: REPO_ROOT, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
  live.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const timeoutMs = options.timeoutMs ?? 60_000;
  try {
    const exitCode = await timeBoxed(
      `the program (${options.stack}${dryRun ? ", preview" : ""}) under cmd/run`,
      timeoutMs,
      new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code))),
    );
    return { stack: options.stack, project: project.name, dryRun, exitCode, stderr, stdout, engine, registrations: engine.registrations, config, secretKeys };
  } finally {
    if (child.exitCode === null && child.pid) child.kill("SIGKILL");
    live.delete(child);
    await engine.close();
  }
}
