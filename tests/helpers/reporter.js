"use strict";
/**
 * Mocha's spec reporter, closing with the plain summary line CI reads in any language:
 * "N passed, N failed" (", N skipped" when any were skipped), alone on its own line.
 */
const Mocha = require("mocha");

class SpecWithSummary extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const { passes, failures, pending } = runner.stats;
      process.stdout.write(`\n${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ""}\n`);
    });
  }
}

module.exports = SpecWithSummary;
