/**
 * The committed stacks' program runs, shared across test files (the cost-lever tests add no program run of
 * their own). A run's recorder and outputs are plain data once it settles, and tests only read them, so one run per
 * committed stack serves every file that asks for it. A patched stack still needs runProgram(stack, patch).
 */
import { ProgramRun, runProgram } from "../../tools/offline/program";

const runs = new Map<string, Promise<ProgramRun>>();

/** The run of `stack`'s committed config (any Pulumi.<stack>.yaml: dev, prod, prod-dr), made once per process. */
export function committedProgram(stack: string): Promise<ProgramRun> {
  let run = runs.get(stack);
  if (!run) {
    run = runProgram(stack);
    runs.set(stack, run);
  }
  return run;
}
