/**
 * The whole dev and prod programs under mocks, analysed by every policy with the environment's policy config:
 * what `pulumi preview --policy-pack policy --policy-pack-config policy/config/<env>.json` would report.
 */
import * as assert from "node:assert/strict";
import { analyzeProgram, show } from "./harness";

describe("policy pack on the whole program", function () {
  for (const stack of ["dev", "prod"]) {
    it(`GIVEN the committed ${stack} stack WHEN every policy runs with policy/config/${stack}.json THEN no mandatory violation`, async () => {
      const { mandatory } = await analyzeProgram(stack);
      assert.equal(mandatory.length, 0, show(mandatory));
    });
  }
});
