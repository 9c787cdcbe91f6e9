/** Helpers for the stack-config tests. */
import { expect } from "chai";
import { ConfigError, parseStackConfig } from "../../stacks/config";
import { stackConfig } from "../../tools/offline/program";

/** The problems parseStackConfig reports for `stack`'s committed config with `patch` applied; fails if it parses. */
export function problemsFor(stack: string, patch: Record<string, unknown>): readonly string[] {
  try {
    parseStackConfig(stackConfig(stack, patch), "credlink", stack);
  } catch (e) {
    expect(e).to.be.instanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error(`expected the ${stack} config patched with ${JSON.stringify(patch)} to be rejected`);
}

/** The warnings parseStackConfig gives for `stack`'s committed config with `patch` applied; fails if it is rejected. */
export function warningsFor(stack: string, patch: Record<string, unknown>): readonly string[] {
  return parseStackConfig(stackConfig(stack, patch), "credlink", stack).warnings;
}
