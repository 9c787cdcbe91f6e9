/**
 * Per-type mock outputs, one module per area so each phase adds its own without touching the others.
 * A type not listed gets the generic outputs: its inputs, a physical name, an ARN and an id.
 */
import { dataOutputs } from "./data";
import { appOutputs } from "./app";
import { foundationOutputs } from "./foundation";
import { opsOutputs } from "./ops";
import { TypeOutputs } from "./types";
import { edgeOutputs } from "./edge";

export type { MockContext, TypeOutputs } from "./types";

export const TYPE_OUTPUTS: TypeOutputs = {
  ...foundationOutputs,
  ...dataOutputs,
  ...appOutputs,
  ...opsOutputs,
  ...edgeOutputs,
};
