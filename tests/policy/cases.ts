/**
 * Table-driven policy tests: each policy gets passing and failing synthetic resources, run through the harness the
 * way the analyzer server would. `TESTED` records which policies have both, so pack.test.ts can require it of all.
 */
import * as assert from "node:assert/strict";
import type { CredlinkPolicy } from "../../policy/lib/rules";
import { awsProvider, runResourcePolicy, runStack, show, StackResourceSpec, SyntheticResource } from "../../tools/offline/policy";

export const TESTED = new Map<string, { pass: number; fail: number }>();

export interface ResourceCase {
  readonly title: string;
  readonly resource: SyntheticResource;
  readonly config?: Record<string, any>;
  /** For failing cases: a pattern every... at least one violation message must match. */
  readonly expect?: RegExp;
}

export interface StackCase {
  readonly title: string;
  readonly stack: readonly StackResourceSpec[];
  readonly config?: Record<string, any>;
  readonly expect?: RegExp;
}

const withProvider = (r: SyntheticResource): SyntheticResource => ({ provider: awsProvider(), ...r });

/** GIVEN each resource WHEN the policy runs THEN passes have no violation and fails have the expected one. */
export function resourceCases(policy: CredlinkPolicy, cases: { pass: ResourceCase[]; fail: ResourceCase[] }): void {
  TESTED.set(policy.name, { pass: cases.pass.length, fail: cases.fail.length });
  describe(policy.name, () => {
    for (const c of cases.pass) {
      it(`GIVEN ${c.title} THEN it passes`, async () => {
        const { violations } = await runResourcePolicy(policy, withProvider(c.resource), c.config);
        assert.equal(violations.length, 0, show(violations));
      });
    }
    for (const c of cases.fail) {
      it(`GIVEN ${c.title} THEN it reports a violation`, async () => {
        const { applicable, violations } = await runResourcePolicy(policy, withProvider(c.resource), c.config);
        assert.ok(applicable, "the policy said it does not apply");
        assert.ok(violations.length > 0, "no violation reported");
        assert.ok(violations.every((v) => !v.preview), show(violations));
        if (c.expect) assert.ok(violations.some((v) => c.expect!.test(v.message)), `no message matches ${c.expect}:\n${show(violations)}`);
      });
    }
  });
}

export function stackCases(policy: CredlinkPolicy, cases: { pass: StackCase[]; fail: StackCase[] }): void {
  TESTED.set(policy.name, { pass: cases.pass.length, fail: cases.fail.length });
  describe(policy.name, () => {
    for (const c of cases.pass) {
      it(`GIVEN ${c.title} THEN it passes`, async () => {
        const { violations } = await runStack(policy, c.stack, c.config);
        assert.equal(violations.length, 0, show(violations));
      });
    }
    for (const c of cases.fail) {
      it(`GIVEN ${c.title} THEN it reports a violation`, async () => {
        const { violations } = await runStack(policy, c.stack, c.config);
        assert.ok(violations.length > 0, "no violation reported");
        assert.ok(violations.every((v) => !v.preview), show(violations));
        if (c.expect) assert.ok(violations.some((v) => c.expect!.test(v.message)), `no message matches ${c.expect}:\n${show(violations)}`);
      });
    }
  });
}
