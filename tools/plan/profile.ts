/**
 * Which rules, usage and ceilings a stack is planned with: its config's `credlink:environment` decides, never the
 * stack's name. A stack file named anything (`Pulumi.staging.yaml`, `Pulumi.prod-dr.yaml`, or one given with
 * `--config-file`) that says `credlink:environment: prod` is judged by prod's policy config, priced with prod's usage
 * profile and held to prod's ceilings.
 *
 * - Policy config: `policy/config/<environment>.json`, or `<environment>-failover.json` for a stack whose
 *   `credlink:dr.role` is failover, where that file exists (a failover stack keeps no DR copy, owns no account baseline
 *   and adopts an unreplicated bucket: the rules that say otherwise are the file's differences, and a test holds them).
 *   The pack's ceilings (`monthly-cost-within-ceiling.ceilingUsd` and `totalCeilingUsd`) are read from the same file,
 *   and its `usageProfile` names the same usage profile as below (tests/policy/pack.test.ts holds the two equal).
 * - Usage: the `<environment>` profile of policy/cost/usage.yml.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../project";

/** What a plan judges and prices a stack by. */
export interface PlanProfile {
  /** `credlink:environment` as the stack file sets it ("dev" when it sets none: the config check then says so). */
  readonly environment: string;
  /** `credlink:dr.role`: "primary" unless the file says "failover". */
  readonly role: string;
  /** The policy config file (absolute), or undefined when none exists for the environment. */
  readonly policyConfigFile: string | undefined;
  /** The usage.yml profile. */
  readonly usageProfile: string;
}

export const POLICY_CONFIG_DIR = path.join(REPO_ROOT, "policy", "config");

/** The role a stack file's `credlink:dr` says, "primary" when it says none (or is not a mapping yet). */
function roleOf(config: Readonly<Record<string, string>>): string {
  const raw = config["credlink:dr"];
  if (raw === undefined) return "primary";
  try {
    const role = (JSON.parse(raw) as { role?: unknown } | null)?.role;
    return typeof role === "string" ? role : "primary";
  } catch {
    return "primary";
  }
}

/** The profile of a stack's config (the flat map loadStackConfig returns). */
export function planProfile(config: Readonly<Record<string, string>>, dir = POLICY_CONFIG_DIR): PlanProfile {
  const environment = config["credlink:environment"] ?? "dev";
  const role = roleOf(config);
  const candidates = [...(role === "failover" ? [`${environment}-failover.json`] : []), `${environment}.json`];
  const found = candidates.map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
  return { environment, role, policyConfigFile: found, usageProfile: environment };
}
