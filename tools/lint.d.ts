/** Types of tools/lint.js, for the tests that drive its cycle check. */
export interface Check {
  readonly name?: string;
  readonly command: string;
  readonly args: readonly string[];
}
/** The cycle check's command line, run in a directory over `paths` with that directory's tsconfig.json. */
export function cycleCheck(paths?: readonly string[], config?: string): Check;
/** Runs a check in `cwd` (the repository by default): its exit code and its whole output. */
export function run(check: Check, cwd?: string): Promise<{ name: string | undefined; code: number | null; out: string }>;
