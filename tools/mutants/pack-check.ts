/**
 * The policy pack over both committed programs, as `pulumi preview --policy-pack` would run it: exits 1 naming every
 * mandatory violation (and every policy that can't run on a preview value). `npm run mutants` runs it in the scratch
 * copy for the mutations of class "pack".
 */
import { analyzeProgram, show } from "../offline/policy";

async function main(): Promise<void> {
  for (const stack of ["dev", "prod"]) {
    const { mandatory } = await analyzeProgram(stack);
    if (mandatory.length > 0) {
      process.stderr.write(`pack: ${stack} has ${mandatory.length} mandatory violation(s):\n${show(mandatory)}\n`);
      process.exitCode = 1;
    }
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`pack: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exitCode = 1;
});
