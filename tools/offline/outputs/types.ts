import * as pulumi from "@pulumi/pulumi";

/** What a type's mock adds over the generic outputs (inputs + name + arn + id). */
export interface MockContext {
  readonly region: string;
  readonly accountId: string;
  /** The generic physical name: inputs.name, or `<logical name>-<7 hex>` as Pulumi autonaming would make. */
  readonly physicalName: string;
  /** Deterministic hex from a seed, for realistic ids. */
  hex(seed: string, length: number): string;
}

export type TypeOutputs = Record<string, (args: pulumi.runtime.MockResourceArgs, ctx: MockContext) => Record<string, any>>;
