/**
 * The plan report: what a stack will create, as data. Renderers (render.ts) turn it into a table, JSON or Markdown.
 *
 * Extension point: `sections`. Each later capability (cost, policy verdicts, availability) adds a ReportSection:
 * a titled table with named columns, plus optional notes and a summary line. Renderers print every section the same
 * way, so a new section needs no renderer change.
 */

/** A property worth showing for a resource: sizes, AZs, encryption, retention. */
export type PropValue = string | number | boolean;

export interface PlanResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** URN of the nearest enclosing component, or "" for top-level resources. */
  readonly component: string;
  /** URN of the direct parent, or "" for the stack. */
  readonly parent: string;
  /** "resource" (provider-backed), "component" (ours, local), "remote-component" (e.g. awsx), or "provider". */
  readonly kind: "resource" | "component" | "remote-component" | "provider";
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  /** The few properties that matter, already formatted for display. */
  readonly props: Readonly<Record<string, PropValue>>;
}

export interface ReportSection {
  readonly id: string;
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly PropValue[])[];
  /** Lines printed under the table (assumptions, sources). */
  readonly notes?: readonly string[];
  /** One line that sums the section up (e.g. a total). */
  readonly summary?: string;
  /** A long, detailed table: the Markdown report collapses it under <details> to keep PR comments short. */
  readonly detail?: boolean;
}

export interface PlanReport {
  readonly project: string;
  readonly stack: string;
  readonly region: string;
  /** Always true: nothing here talked to AWS. */
  readonly offline: true;
  readonly resources: readonly PlanResource[];
  readonly counts: {
    readonly total: number;
    readonly byKind: Readonly<Record<string, number>>;
    readonly byType: Readonly<Record<string, number>>;
  };
  /** The program's exported stack outputs. */
  readonly outputs: Readonly<Record<string, unknown>>;
  /** Warnings the program logged (e.g. a dev stack without a domain serving HTTP only), and the plan's own. */
  readonly warnings: readonly string[];
  readonly sections: readonly ReportSection[];
}

/** Counts by kind and by type. */
export function countResources(resources: readonly PlanResource[]): PlanReport["counts"] {
  const byKind: Record<string, number> = {};
  const byType: Record<string, number> = {};
  for (const r of resources) {
    byKind[r.kind] = (byKind[r.kind] ?? 0) + 1;
    byType[r.type] = (byType[r.type] ?? 0) + 1;
  }
  const sortedByType = Object.fromEntries(Object.entries(byType).sort(([a], [b]) => a.localeCompare(b)));
  return { total: resources.length, byKind, byType: sortedByType };
}
