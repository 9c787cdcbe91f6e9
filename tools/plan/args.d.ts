/** Types of args.js (plain JavaScript, so the command line is checked before TypeScript loads). */
export declare const FORMATS: readonly ["table", "json", "markdown"];
export type Format = (typeof FORMATS)[number];
export declare const USAGE: string;
export declare class UsageError extends Error {}

export interface PlanOptions {
  readonly stack: string;
  readonly format: Format;
  /** Write the report here instead of stdout. */
  readonly out?: string;
  readonly configFile?: string;
  /** An earlier JSON plan to diff against. */
  readonly compare?: string;
  /** Allow --compare against another stack's plan. */
  readonly compareAnyStack: boolean;
  /** Tables at full width instead of 120 columns. */
  readonly wide: boolean;
  /** usage.yml priced at this many times the traffic (1 = as committed). */
  readonly usageScale: number;
  /** Markdown: at most this many characters (undefined: the default budget). */
  readonly maxChars?: number;
  /** Type check like the language host's default, instead of the cached transpile. */
  readonly typecheck: boolean;
  readonly help: boolean;
}

export declare function parseCommandLine(argv: string[]): PlanOptions;
