/**
 * The offline engine as a process of its own: serves the fake engine, starts the program runs and the policy pack,
 * analyses each run over gRPC, and writes everything as JSON to the file named by its second argument.
 *
 *   node --require tools/engine/transpile-hook.js tools/engine/drive.ts <job.json> <result.json>
 *
 * tests/engine/ starts it when mocha loads: the fake monitor must answer the program's RPCs promptly, and inside the
 * mocha process it would wait on every synchronous test and module load. Here it has its own event loop.
 * Children are killed when this process exits; the caller kills this one by its process group.
 */
import * as fs from "node:fs";
import { analyzeOverGrpc, killPolicyPacks, startPolicyPack, WireAnalyzerInfo } from "./analyzer";
import type { WireInvoke, WireRegistration } from "./monitor";
import type { Diagnostic } from "../offline/policy";
import type { OutputVariation } from "../offline/variation";
import { killEngineChildren, runOverGrpc } from "./runner";

export interface DriveJob {
  readonly runs: {
    readonly name: string;
    readonly stack: string;
    readonly env: string;
    readonly dryRun?: boolean;
    readonly secrets?: Record<string, string>;
    readonly variation?: OutputVariation;
  }[];
  readonly transpiler: "ts-node" | "cached";
  readonly timeoutMs: number;
}

/** A run as JSON: what the fake engine recorded, and the pack's verdicts on it over gRPC. */
export interface DrivenRun {
  readonly stack: string;
  readonly dryRun: boolean;
  readonly exitCode: number | null;
  readonly stderr: string;
  readonly registrations: WireRegistration[];
  readonly engine: { readonly logs: string[]; readonly invokes: WireInvoke[]; readonly root?: string };
  readonly secretKeys: string[];
  readonly diagnostics: Diagnostic[];
}

export interface DriveResult {
  readonly info: WireAnalyzerInfo;
  readonly runs: Record<string, DrivenRun>;
}

async function drive(job: DriveJob): Promise<DriveResult> {
  const packStarting = startPolicyPack({ transpiler: job.transpiler, startTimeoutMs: job.timeoutMs });
  const started = job.runs.map((r) => runOverGrpc({ stack: r.stack, dryRun: r.dryRun, secrets: r.secrets, variation: r.variation, transpiler: job.transpiler, timeoutMs: job.timeoutMs }));
  // A rejected run is reported when its turn comes, not as an unhandled rejection meanwhile.
  for (const p of started) p.catch(() => undefined);
  const pack = await packStarting;
  try {
    const info = await pack.info();
    const runs: Record<string, DrivenRun> = {};
    for (const [i, spec] of job.runs.entries()) {
      const run = await started[i];
      const diagnostics = run.exitCode === 0 ? (await analyzeOverGrpc(pack, run.registrations, spec.env)).diagnostics : [];
      runs[spec.name] = {
        stack: run.stack,
        dryRun: run.dryRun,
        exitCode: run.exitCode,
        stderr: run.stderr,
        registrations: run.registrations,
        engine: { logs: run.engine.logs, invokes: run.engine.invokes, root: run.engine.root },
        secretKeys: run.secretKeys,
        diagnostics,
      };
    }
    return { info, runs };
  } finally {
    pack.stop();
  }
}

/** Starts `drive.ts` as a process (in its own process group) and resolves with its result. */
export function startDriver(job: DriveJob, dir: string): { result: Promise<DriveResult>; kill: () => void } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { spawn } = require("node:child_process") as typeof import("node:child_process");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const path = require("node:path") as typeof import("node:path");
  const jobFile = path.join(dir, "job.json");
  const resultFile = path.join(dir, "result.json");
  fs.writeFileSync(jobFile, JSON.stringify(job));
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, ["--require", path.join(__dirname, "transpile-hook.js"), __filename, jobFile, resultFile], { detached: true, stdio: ["ignore", "ignore", "pipe"], env });
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const result = new Promise<DriveResult>((resolve, reject) =>
    child.on("close", (code) => (code === 0 ? resolve(JSON.parse(fs.readFileSync(resultFile, "utf8"))) : reject(new Error(`offline engine driver exited ${code}:\n${stderr}`)))),
  );
  const kill = () => {
    if (child.pid && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
  };
  return { result, kill };
}

if (require.main === module) {
  const [jobFile, resultFile] = process.argv.slice(2);
  process.once("exit", () => {
    killPolicyPacks();
    killEngineChildren();
  });
  drive(JSON.parse(fs.readFileSync(jobFile, "utf8")))
    .then((result) => {
      fs.writeFileSync(resultFile, JSON.stringify(result));
      process.exitCode = 0;
    })
    .catch((e) => {
      fs.writeSync(2, `${e && e.stack ? e.stack : e}\n`);
      process.exitCode = 1;
    })
    .finally(() => {
      // The gRPC client/servers may keep the loop alive; the work is done.
      setImmediate(() => process.exit());
    });
}
