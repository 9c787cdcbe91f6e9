/**
 * RDS instances: instance-hours by engine, class and Multi-AZ; gp3 storage and IOPS above 3,000; backup storage beyond
 * 100% of allocated (usage); and the Secrets Manager secret RDS creates itself for a managed master password.
 */
import { getOr } from "../../lib/rules";
import { T } from "../../lib/types";
import { PRICES, RDS_POSTGRES_HOURLY } from "../prices";
import type { CostResource, Pricer, PricerContext } from "./types";

/** gp3 storage and its IOPS above the 3,000 included; other storage types are unpriced. */
function storage(r: CostResource, ctx: PricerContext, multiAz: boolean): void {
  const storageType = String(getOr(r.props, ["storageType"], "gp2"));
  let gb = Number(getOr(r.props, ["allocatedStorage"], NaN));
  if (!Number.isFinite(gb)) {
    gb = 20;
    ctx.assume(`${r.name}: allocatedStorage unknown, assumed 20 GB`);
  }
  if (storageType !== "gp3") return ctx.unpriced(r, `${gb} GB of ${storageType} storage: only gp3 is in the price table`);
  const price = multiAz ? PRICES.rdsGp3GbMonthMultiAz : PRICES.rdsGp3GbMonthSingleAz;
  ctx.push(r, `RDS gp3 storage ${gb} GB`, gb * price.usd, 0, `${gb} GB x ${ctx.rate(price)}`, "priced", undefined, [ctx.term(gb, price)]);
  const iops = Number(getOr(r.props, ["iops"], 0));
  if (iops > 3000) ctx.push(r, `RDS gp3 IOPS above 3,000 (${iops})`, (iops - 3000) * PRICES.rdsGp3IopsMonth.usd, 0, `${iops - 3000} x ${ctx.rate(PRICES.rdsGp3IopsMonth)}`, "priced", undefined, [ctx.term(iops - 3000, PRICES.rdsGp3IopsMonth)]);
}

const rdsInstance: Pricer = (r, ctx) => {
  const engine = String(getOr(r.props, ["engine"], "postgres"));
  const cls = String(getOr(r.props, ["instanceClass"], ""));
  const multiAz = getOr(r.props, ["multiAz"], false) === true;
  const table = engine === "postgres" ? RDS_POSTGRES_HOURLY[cls] : undefined;
  if (!table) ctx.unpriced(r, `no price for ${engine} ${cls || "(unknown class)"}`);
  else ctx.hourly(r, `RDS ${engine} ${cls} ${multiAz ? "Multi-AZ" : "single-AZ"}`, 1, multiAz ? table.multiAz : table.singleAz);
  storage(r, ctx, multiAz);
  ctx.usageLine(r, "RDS backup storage beyond 100% of allocated", ctx.usage?.rds?.backupGbBeyondAllocated, "GB-month", PRICES.rdsBackupGbMonth);
  if (getOr(r.props, ["manageMasterUserPassword"], false) === true) {
    // RDS creates this secret itself, so it is no resource of the stack, but it is billed like any other.
    ctx.push(r, "Secrets Manager secret (RDS-managed master password)", PRICES.secretMonth.usd, 0, `1 x ${ctx.rate(PRICES.secretMonth)}`, "priced", undefined, [ctx.term(1, PRICES.secretMonth)]);
  }
};

/**
 * Automated backups replicated to the DR region: nothing for the replication itself; the copies' storage there (RDS
 * backup storage, with no free allowance in the destination) and the transfer of each snapshot and transaction log to
 * it are usage (RDS user guide, "Replicating automated backups to another AWS Region").
 */
const backupsReplication: Pricer = (r, ctx) => {
  ctx.push(r, "RDS automated backups replication", 0, 0, "free: the replication itself; its storage and transfer are usage", "free");
  ctx.usageLine(r, "RDS replicated backup storage (DR region)", ctx.usage?.rds?.replicatedBackupGb, "GB-month", PRICES.rdsReplicatedBackupGbMonth);
  ctx.usageLine(r, "RDS backup replication transfer to the DR region", ctx.usage?.rds?.replicatedTransferGb, "GB", PRICES.interRegionTransferGb);
};

export const rdsPricers: Readonly<Record<string, Pricer>> = {
  [T.rdsInstance]: rdsInstance,
  "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication": backupsReplication,
};
