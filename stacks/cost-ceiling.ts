/**
 * The stack's monthly total cost ceiling, read from the policy pack's config for its environment
 * (policy/config/<environment>.json, `monthly-cost-within-ceiling.totalCeilingUsd`): the AWS Budget's amount.
 *
 * The total, not the baseline: a budget is compared with the actual bill, which is baseline + usage. A budget at the
 * baseline ceiling sits under the expected bill, so its actual-spend alarm would page every month.
 *
 * One number, one place: the pack enforces it on the estimate (`pulumi preview --policy-pack-config
 * policy/config/<env>.json`, and the offline plan), and the program budgets it in AWS Budgets (credlink:ops:CostControls).
 * The pack's config file is the source because it is already what the pack reads; a stack config key would be a second
 * copy of the number that only a test could keep equal.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** Where the policy pack's per-environment config files live. */
export const POLICY_CONFIG_DIR = path.join(__dirname, "..", "policy", "config");

/** The policy whose `totalCeilingUsd` is the budget's amount. */
export const CEILING_POLICY = "monthly-cost-within-ceiling";

/** The total ceiling in USD for `environment`; throws naming the file when it is missing or not a positive number. */
export function totalCostCeilingUsd(environment: string, dir = POLICY_CONFIG_DIR): number {
  const file = path.join(dir, `${environment}.json`);
  const shown = path.relative(path.join(__dirname, ".."), file);
  if (!fs.existsSync(file)) throw new Error(`${shown} does not exist: the policy config of environment "${environment}" holds its total cost ceiling (${CEILING_POLICY}.totalCeilingUsd)`);
  let config: unknown;
  try {
    config = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`${shown} is not valid JSON: ${(e as Error).message}`);
  }
  const entry = (config as Record<string, unknown> | null)?.[CEILING_POLICY];
  const ceiling = typeof entry === "object" && entry !== null ? (entry as Record<string, unknown>).totalCeilingUsd : undefined;
  if (typeof ceiling !== "number" || !Number.isFinite(ceiling) || ceiling <= 0) {
    throw new Error(`${shown}: ${CEILING_POLICY}.totalCeilingUsd must be a number of USD greater than 0 (the budget's amount), got ${JSON.stringify(ceiling)}`);
  }
  return ceiling;
}
