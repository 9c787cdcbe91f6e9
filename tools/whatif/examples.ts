/**
 * The what-if examples this repository generates: each is a committed stack file (examples/<file>) made from a base
 * stack file (Pulumi.<base>.yaml, comments kept) with a few keys set, so it follows every later change to the base.
 * `npm run whatif` writes them, plans each, and rewrites the README's what-if table and cost curve.
 *
 * Add a row per optional feature that has a switch. A hand-written stack file in examples/ (not listed here) gets a
 * row too: its first line may name it, as `# what-if: <label>`.
 */
export interface ExampleSpec {
  /** The file under examples/. */
  readonly file: string;
  /** The stack file it starts from: Pulumi.<base>.yaml (and the stack it is planned as). */
  readonly base: "dev" | "prod";
  /** The README row's label. */
  readonly label: string;
  /** Full config keys (a dotted path below the namespace key) and the value each is set to. */
  readonly set: Readonly<Record<string, unknown>>;
}

export const EXAMPLES: readonly ExampleSpec[] = [
  {
    file: "prod-no-tracing.yaml",
    base: "prod",
    label: "prod without tracing (`credlink:service.tracing: false`)",
    set: { "credlink:service.tracing": false },
  },
];
