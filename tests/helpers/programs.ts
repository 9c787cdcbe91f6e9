/**
 * The committed stacks' and the examples' program runs, shared across test files (the cost-lever tests add no program
 * run of their own). A run's recorder and outputs are plain data once it settles, and tests only read them, so one run
 * per committed stack or example file serves every file of the process that asks for it. A patched stack still needs
 * runProgram(stack, patch).
 */
import * as path from "node:path";
import { ProgramRun, runProgram, sharedRun } from "../../tools/offline/program";
import { REPO_ROOT } from "../../tools/project";

const runs = new Map<string, Promise<ProgramRun>>();

/**
 * The run of `stack`'s committed config (any Pulumi.<stack>.yaml: dev, prod, prod-dr), made once per process and
 * shared with the in-process policy analyses of the same stack (tools/offline/policy.ts recordedProgram).
 */
export function committedProgram(stack: string): Promise<ProgramRun> {
  return sharedRun(stack);
}

/**
 * The run of a committed stack file other than Pulumi.<stack>.yaml, planned as `stack` (an examples/*.yaml what-if),
 * made once per process: `configFile` is relative to the repository root, as `--config-file` takes it.
 */
export function exampleProgram(stack: string, configFile: string): Promise<ProgramRun> {
  const key = `${stack} ${configFile}`;
  let run = runs.get(key);
  if (!run) {
    run = runProgram(stack, {}, path.join(REPO_ROOT, configFile));
    runs.set(key, run);
  }
  return run;
}
