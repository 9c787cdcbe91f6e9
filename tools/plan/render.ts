/** Renders a PlanReport as a terminal table, JSON, or compact Markdown for a PR comment. */
import { PlanReport, PlanResource, PropValue, ReportSection } from "./report";

import { Format } from "./args";

export type { Format } from "./args";

export interface RenderOptions {
  /** Full-width tables instead of fitting 120 columns. */
  readonly wide?: boolean;
}

export function render(report: PlanReport, format: Format, _options: RenderOptions = {}): string {
  switch (format) {
    case "json":
      return JSON.stringify(report, null, 2) + "\n";
    case "markdown":
      return renderMarkdown(report);
    case "table":
      return renderTable(report);
  }
}

function formatProps(props: Readonly<Record<string, PropValue>>): string {
  return Object.entries(props)
    .map(([k, v]) => `${k}=${v}`)
    .join("  ");
}

function flags(r: PlanResource): string {
  return [r.protect ? "protect" : "", r.retainOnDelete ? "retain" : ""].filter(Boolean).join(",");
}

/** Components with their children, depth-first, in registration order. */
function tree(report: PlanReport): { resource: PlanResource; depth: number }[] {
  const out: { resource: PlanResource; depth: number }[] = [];
  const visit = (parent: string, depth: number) => {
    for (const r of report.resources.filter((x) => x.parent === parent)) {
      out.push({ resource: r, depth });
      if (r.kind === "component") visit(r.urn, depth + 1);
    }
  };
  visit("", 0);
  return out;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + " ".repeat(width - text.length);
}

/** A plain fixed-width table. */
export function textTable(columns: readonly string[], rows: readonly (readonly PropValue[])[]): string {
  const cells = [columns, ...rows].map((row) => row.map((c) => String(c)));
  const widths = columns.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? "").length)));
  const line = (row: string[]) => row.map((c, i) => (i === row.length - 1 ? c : pad(c, widths[i]))).join("  ").trimEnd();
  return [line(cells[0]), line(widths.map((w) => "-".repeat(w))), ...cells.slice(1).map(line)].join("\n");
}

function renderSectionText(section: ReportSection): string {
  const parts = [`${section.title}`, textTable(section.columns, section.rows)];
  if (section.summary) parts.push(section.summary);
  for (const note of section.notes ?? []) parts.push(`  note: ${note}`);
  return parts.join("\n");
}

function header(report: PlanReport): string {
  return `CredLink plan: stack "${report.stack}" of project "${report.project}" in ${report.region} (offline: mocks, no AWS calls)`;
}

function renderTable(report: PlanReport): string {
  const lines: string[] = [header(report), ""];
  for (const w of report.warnings) lines.push(`WARNING: ${w}`);
  if (report.warnings.length > 0) lines.push("");

  const rows = tree(report).map(({ resource: r, depth }) => [
    `${"  ".repeat(depth)}${r.kind === "component" ? "+ " : ""}${r.type}`,
    r.name,
    flags(r),
    formatProps(r.props),
  ]);
  lines.push(textTable(["TYPE", "NAME", "OPTS", "PROPERTIES"], rows), "");

  const kinds = Object.entries(report.counts.byKind).map(([k, n]) => `${n} ${k}${n === 1 ? "" : "s"}`).join(", ");
  lines.push(`Resources: ${report.counts.total} (${kinds})`);
  lines.push(textTable(["TYPE", "COUNT"], Object.entries(report.counts.byType)), "");

  for (const section of report.sections) lines.push(renderSectionText(section), "");
  return lines.join("\n");
}

function mdEscape(value: PropValue): string {
  return String(value).replace(/\|/g, "\\|");
}

function mdTable(columns: readonly string[], rows: readonly (readonly PropValue[])[]): string {
  return [
    `| ${columns.join(" | ")} |`,
    `| ${columns.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.map(mdEscape).join(" | ")} |`),
  ].join("\n");
}

function renderMarkdown(report: PlanReport): string {
  const lines: string[] = [`### CredLink plan: \`${report.stack}\` (${report.region})`, ""];
  for (const w of report.warnings) lines.push(`> **Warning:** ${w}`);
  if (report.warnings.length > 0) lines.push("");
  lines.push(`**${report.counts.total} resources**, offline under mocks.`, "");
  for (const section of report.sections) {
    if (section.detail) {
      // Long tables stay out of the way of a PR comment's first screen.
      lines.push(`<details><summary>${section.title}</summary>`, "", mdTable(section.columns, section.rows), "");
    } else {
      lines.push(`#### ${section.title}`, "", mdTable(section.columns, section.rows), "");
    }
    if (section.summary) lines.push(`**${section.summary}**`, "");
    for (const note of section.notes ?? []) lines.push(`- ${note}`);
    if (section.notes?.length) lines.push("");
    if (section.detail) lines.push("</details>", "");
  }
  const rows = tree(report).map(({ resource: r, depth }) => [
    `${"&nbsp;&nbsp;".repeat(depth)}\`${r.type}\``,
    r.name,
    flags(r),
    formatProps(r.props),
  ]);
  lines.push("<details><summary>Resources</summary>", "", mdTable(["Type", "Name", "Opts", "Properties"], rows), "", "</details>", "");
  return lines.join("\n");
}
