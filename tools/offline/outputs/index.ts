/**
 * Per-type mock outputs, one module per area so each phase adds its own without touching the others.
 * A type not listed gets the generic outputs: its inputs, a physical name, an ARN and an id.
 */
import { dataOutputs } from "./data";
import { appOutputs } from "./app";
import { foundationOutputs } from "./foundation";
import { opsOutputs } from "./ops";
import { costOutputs } from "./cost";
import { recoveryOutputs } from "./recovery";
import { natOutputs } from "./nat";
import { TypeOutputs } from "./types";
import { cicdOutputs } from "./cicd";
import { edgeOutputs } from "./edge";
import { cloudflareInvoke, cloudflareOutputs } from "./cloudflare";

export type { MockContext, TypeOutputs } from "./types";

export const TYPE_OUTPUTS: TypeOutputs = {
  ...foundationOutputs,
  ...dataOutputs,
  ...appOutputs,
  ...opsOutputs,
  ...costOutputs,
  ...cicdOutputs,
  ...recoveryOutputs,
  ...natOutputs,
  ...edgeOutputs,
  ...cloudflareOutputs,
};

/** Invoke answers kept beside the type outputs (each returns undefined for a token it does not answer). */
export const INVOKE_ANSWERS: readonly ((token: string, inputs: Record<string, any>) => Record<string, any> | undefined)[] = [cloudflareInvoke];
