/**
 * The policy pack over every committed stack (each Pulumi.<stack>.yaml), as `pulumi preview --policy-pack` would run
 * it with the stack's own policy config (policy/config/<environment>[-failover].json, as the plan picks it): exits 1
 * naming every mandatory violation, or 2 when a program or the pack fails to run (that is no policy's catch). `npm run
 * mutants` runs it in the scratch copy for the mutations of class "pack".
 */
import * as path from "node:path";
import { analyzeProgram, show } from "../offline/policy";
import { stackConfig } from "../offline/program";
import { planProfile } from "../plan/profile";
import { listStacks } from "../project";

async function main(): Promise<void> {
  for (const stack of listStacks()) {
    const configFile = planProfile(stackConfig(stack)).policyConfigFile;
    const { mandatory } = await analyzeProgram(stack, configFile ? { env: path.basename(configFile, ".json") } : {});
    if (mandatory.length > 0) {
      process.stderr.write(`pack: ${stack} has ${mandatory.length} mandatory violation(s):\n${show(mandatory)}\n`);
      process.exitCode = 1;
    }
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`pack: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exitCode = 2;
});
