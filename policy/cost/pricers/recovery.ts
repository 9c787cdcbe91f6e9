/**
 * Recovery: AWS Backup vaults, plans, vault locks, restore testing and FIS experiment templates.
 *
 * None of them bills for existing: the cost is storage, transfer and compute while something runs, so each is a
 * usage line (usage.yml `backup`, `fis`); a vault's warm storage of RDS snapshots is the stack-wide AWS Backup usage
 * line, and the vaults' keys are KMS keys.
 */
import { getOr } from "../../lib/rules";
import { T } from "../../lib/types";
import { PRICES, RDS_POSTGRES_HOURLY } from "../prices";
import { free } from "./free";
import type { Pricer } from "./types";

const FIS_TEMPLATE = "aws:fis/experimentTemplate:ExperimentTemplate";
const AIR_GAPPED_VAULT = "aws:backup/logicallyAirGappedVault:LogicallyAirGappedVault";

/** A plan is free; its S3 recovery points, and its copies to another region's vault, are usage. */
const backupPlan: Pricer = (r, ctx) => {
  ctx.push(r, "Backup plan", 0, 0, "free: plans are free; RDS snapshot storage is the vault's usage line", "free");
  ctx.usageLine(r, "AWS Backup S3 storage (snapshot and continuous)", ctx.usage?.backup?.s3StorageGb, "GB-month", PRICES.backupS3WarmGbMonth);
  const rules = getOr<any[]>(r.props, ["rules"], []);
  // The DR vault's copies (the air-gapped vault's are priced on that vault).
  const airGapped = ctx.resources.filter((v) => v.type === AIR_GAPPED_VAULT).map((v) => getOr(v.props, ["arn"], undefined));
  const copies = Array.isArray(rules) && rules.some((rule) => Array.isArray(rule?.copyActions) && rule.copyActions.some((c: any) => !airGapped.includes(c?.destinationVaultArn)));
  if (copies) {
    ctx.usageLine(r, "AWS Backup cross-region copy transfer", ctx.usage?.backup?.crossRegionCopyGb, "GB", PRICES.backupCrossRegionCopyGb);
    ctx.usageLine(r, "AWS Backup DR vault storage (copies)", ctx.usage?.backup?.drStorageGb, "GB-month", PRICES.backupDrWarmGbMonth);
  }
};

/** Each restore test runs an RDS instance of the database's class (single-AZ) for the restore and the validation window. */
const restoreTestingPlan: Pricer = (r, ctx) => {
  const db = ctx.resources.find((c) => c.type === T.rdsInstance);
  const cls = db ? String(getOr(db.props, ["instanceClass"], "")) : "";
  const price = RDS_POSTGRES_HOURLY[cls]?.singleAz;
  if (!price) {
    // Usage, never baseline: the database itself is already listed as unpriced for its class.
    ctx.push(r, "Restore-test RDS instance-hours", 0, 0, `depends on usage: an RDS ${cls || "(no database)"} instance-hour, which has no price in the model`, "usage-unknown");
    return;
  }
  ctx.usageLine(r, `Restore-test RDS ${cls} single-AZ instance-hours`, ctx.usage?.backup?.restoreTestInstanceHours, "instance-hours", price);
};

/** Templates are free; experiments bill per action-minute. One usage line for the stack, on its first template. */
const experimentTemplate: Pricer = (r, ctx) => {
  ctx.push(r, "FIS experiment template", 0, 0, "free: templates are free; running experiments bill per action-minute", "free");
  if (ctx.resources.find((c) => c.type === FIS_TEMPLATE)?.urn === r.urn) {
    ctx.usageLine(undefined, "FIS action-minutes (all experiments)", ctx.usage?.fis?.actionMinutes, "action-minutes", PRICES.fisActionMinute, FIS_TEMPLATE);
  }
};

/**
 * The logically air-gapped vault costs nothing to exist: what it stores (RDS snapshot and S3 backup copies, priced by
 * resource type) and the cross-region transfer of each copy into it are usage.
 */
const airGappedVault: Pricer = (r, ctx) => {
  ctx.push(r, "Logically air-gapped vault", 0, 0, "free: charged by storage and copy transfer (usage lines)", "free");
  ctx.usageLine(r, "Air-gapped vault RDS snapshot copies", ctx.usage?.backup?.airGappedRdsGb, "GB-month", PRICES.backupAirGappedRdsGbMonth);
  ctx.usageLine(r, "Air-gapped vault S3 backup copies", ctx.usage?.backup?.airGappedS3Gb, "GB-month", PRICES.backupAirGappedS3GbMonth);
  ctx.usageLine(r, "Air-gapped vault cross-region copy transfer", ctx.usage?.backup?.airGappedCopyGb, "GB", PRICES.backupCrossRegionCopyGb);
};

export const recoveryPricers: Readonly<Record<string, Pricer>> = {
  [AIR_GAPPED_VAULT]: airGappedVault,
  [T.backupVault]: (r, ctx) => ctx.push(r, "Backup vault", 0, 0, "charged by storage: see the stack's AWS Backup usage line", "free"),
  "aws:backup/plan:Plan": backupPlan,
  "aws:backup/vaultLockConfiguration:VaultLockConfiguration": free("configuration of a vault"),
  // The account+region's service opt-in: a setting, billed nothing (the backups it allows are priced on the plan).
  "aws:backup/regionSettings:RegionSettings": free("an account and region setting"),
  "aws:backup/restoreTestingPlan:RestoreTestingPlan": restoreTestingPlan,
  "aws:backup/restoreTestingSelection:RestoreTestingSelection": free("the plan's restore-test compute is priced on the plan"),
  [FIS_TEMPLATE]: experimentTemplate,
};
