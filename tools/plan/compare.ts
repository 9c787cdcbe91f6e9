/**
 * `--compare <earlier.json>`: what changed against an earlier JSON plan (e.g. the base branch's), which is what a PR
 * check needs: the cost per component before and after, and the resources added and removed.
 */
import * as fs from "node:fs";
import { PlanReport, ReportSection } from "./report";

const money = (s: unknown): number => (typeof s === "number" ? s : Number(String(s ?? "").replace(/[$,]/g, "")) || 0);
const usd = (n: number) => `${n < 0 ? "-" : ""}$${Math.abs(n).toFixed(2)}`;
const signed = (n: number) => (Math.abs(n) < 0.005 ? "$0.00" : `${n > 0 ? "+" : "-"}$${Math.abs(n).toFixed(2)}`);

/** Component -> [baseline, usage, total] from a report's cost-by-component section (TOTAL included). */
function costs(report: Pick<PlanReport, "sections">): Map<string, [number, number, number]> {
  const section = report.sections?.find((s) => s.id === "cost-by-component");
  return new Map((section?.rows ?? []).map((r) => [String(r[0]), [money(r[1]), money(r[2]), money(r[3])]]));
}

export function loadEarlierPlan(file: string): PlanReport {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`--compare ${file}: not a readable JSON plan (${(e as Error).message})`);
  }
  const report = parsed as PlanReport;
  if (!report || !Array.isArray(report.resources) || !Array.isArray(report.sections)) {
    throw new Error(`--compare ${file}: not a plan report (npm run plan -- --format json)`);
  }
  return report;
}

export function compareSections(before: PlanReport, after: PlanReport, label: string): ReportSection[] {
  const old = costs(before);
  const now = costs(after);
  const components = [...new Set([...now.keys(), ...old.keys()])].filter((c) => c !== "TOTAL");
  const row = (c: string) => {
    const [ob, , ot] = old.get(c) ?? [0, 0, 0];
    const [nb, , nt] = now.get(c) ?? [0, 0, 0];
    return [c, usd(ob), usd(nb), signed(nb - ob), usd(ot), usd(nt), signed(nt - ot)];
  };
  const changed = components.map(row).filter((r) => r[3] !== "$0.00" || r[6] !== "$0.00");
  const [ob, , ot] = old.get("TOTAL") ?? [0, 0, 0];
  const [nb, , nt] = now.get("TOTAL") ?? [0, 0, 0];

  const beforeUrns = new Set(before.resources.map((r) => r.urn));
  const afterUrns = new Set(after.resources.map((r) => r.urn));
  const added = after.resources.filter((r) => !beforeUrns.has(r.urn));
  const removed = before.resources.filter((r) => !afterUrns.has(r.urn));

  return [
    {
      id: "compare-cost",
      title: `Cost change against ${label} (stack "${before.stack}")`,
      columns: ["COMPONENT", "BASELINE BEFORE", "BASELINE AFTER", "CHANGE", "TOTAL BEFORE", "TOTAL AFTER", "CHANGE"],
      rows: [...changed, ["TOTAL", usd(ob), usd(nb), signed(nb - ob), usd(ot), usd(nt), signed(nt - ot)]],
      summary: `Baseline ${usd(ob)} -> ${usd(nb)} (${signed(nb - ob)}/month); total ${usd(ot)} -> ${usd(nt)} (${signed(nt - ot)}/month)`,
    },
    {
      id: "compare-resources",
      title: `Resources added and removed against ${label}`,
      columns: ["CHANGE", "TYPE", "NAME"],
      rows: [...added.map((r) => ["+ add", r.type, r.name]), ...removed.map((r) => ["- remove", r.type, r.name])],
      summary: `${added.length} added, ${removed.length} removed, ${after.resources.length - added.length} unchanged by URN`,
    },
  ];
}
