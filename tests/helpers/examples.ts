/**
 * The what-if example stacks' program runs (examples/<name>.yaml), shared across test files like committedProgram: the
 * Cloudflare edge and the R2 copy exist only in examples/prod-cloudflare.yaml, and the input pins and the dependency
 * table read the same run.
 */
import { ProgramRun, runProgram } from "../../tools/offline/program";

export const EXAMPLES = { "prod-cloudflare": { stack: "prod", file: "examples/prod-cloudflare.yaml" } } as const;
export type Example = keyof typeof EXAMPLES;

const runs = new Map<Example, Promise<ProgramRun>>();

/** The run of `examples/<name>.yaml` as committed, made once per process. */
export function exampleProgram(name: Example): Promise<ProgramRun> {
  let run = runs.get(name);
  if (!run) {
    run = runProgram(EXAMPLES[name].stack, {}, EXAMPLES[name].file);
    runs.set(name, run);
  }
  return run;
}
