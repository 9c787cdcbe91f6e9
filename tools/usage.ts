/**
 * `npm run usage`: writes policy/cost/usage.yml from the traffic model (policy/cost/traffic.ts). Run it after changing
 * a profile or the derivation, then review the file's diff: every figure that moved shows there, with its formula.
 * `npm run usage -- --check` only compares (exit 1 when the file is stale); tests/cost/traffic.test.ts does the same.
 */
import * as fs from "node:fs";
import { USAGE_FILE } from "../policy/cost/usage";
import { renderUsageYaml } from "../policy/cost/usage-file";

const text = renderUsageYaml();
if (process.argv.includes("--check")) {
  const stale = fs.readFileSync(USAGE_FILE, "utf8") !== text;
  if (stale) console.error("policy/cost/usage.yml is stale: run npm run usage");
  process.exitCode = stale ? 1 : 0;
} else {
  fs.writeFileSync(USAGE_FILE, text);
  console.log("wrote policy/cost/usage.yml");
}
