/**
 * The audit trail (credlink:audit:Trail): a CloudTrail trail costs nothing to exist, and its first copy of management
 * events is free; data events are billed per event delivered, so each of the trail's data-event selectors is a usage
 * line (usage.yml `cloudtrail`), as are its log files' S3 storage and the PUT requests that write them. The KMS calls
 * that encrypt the log files (one per file) are inside the stack-wide KMS request line.
 */
import { getOr } from "../../lib/rules";
import { PRICES } from "../prices";
import type { Pricer } from "./types";

/** Millions of events to the price of data events, which is per 100,000. */
const PER_MILLION = { ...PRICES.cloudtrailDataEventsPer100k, usd: PRICES.cloudtrailDataEventsPer100k.usd * 10, unit: "1M data events ($0.10 per 100,000)" };

/** What a selector records: "writes" (readOnly false), "all" (no readOnly field), or undefined (not data events). */
function dataSelector(selector: any): "writes" | "all" | undefined {
  const fields = getOr<any[]>(selector, ["fieldSelectors"], []);
  const category = fields.find((f) => f?.field === "eventCategory");
  if (!category || !(category.equals ?? []).includes("Data")) return undefined;
  const readOnly = fields.find((f) => f?.field === "readOnly");
  return readOnly && (readOnly.equals ?? []).includes("false") ? "writes" : "all";
}

const trail: Pricer = (r, ctx) => {
  ctx.push(r, "CloudTrail trail, management events", 0, 0, "free: the first copy of management events is delivered free", "free");
  const u = ctx.usage?.cloudtrail;
  const selectors = getOr<any[]>(r.props, ["advancedEventSelectors"], []);
  selectors.forEach((selector, i) => {
    const kind = dataSelector(selector);
    if (!kind) return;
    const name = String(getOr(selector, ["name"], `data events ${i + 1}`));
    if (/replica/i.test(name)) {
      ctx.usageLine(r, `CloudTrail data events: ${name}`, u?.replicaOtherWritesMillions, "M events", PER_MILLION);
    } else {
      const writes = u?.proofWritesMillions;
      const reads = u?.proofReadsMillions;
      const quantity = kind === "writes" ? writes : writes === undefined || reads === undefined ? undefined : writes + reads;
      ctx.usageLine(r, `CloudTrail data events: ${name}`, quantity, "M events", PER_MILLION);
    }
  });
  ctx.usageLine(r, "CloudTrail log files stored (S3)", u?.storedGb, "GB-month", PRICES.s3StandardGbMonth);
  ctx.usageLine(r, "CloudTrail log and digest file writes (S3 PUT)", u?.logFilesThousands, "k requests", PRICES.s3WritePer1k);
};

export const auditPricers: Readonly<Record<string, Pricer>> = {
  "aws:cloudtrail/trail:Trail": trail,
};
