/**
 * The import-cycle check `npm run lint` runs (tools/lint.js): dependency-cruiser fails on any cycle among the
 * repository's own modules, type-only imports included (`import type` cycles are still cycles to a reader, and turn
 * into runtime ones as soon as a value crosses). It resolves the npm workspace package (@credlink/components) to its
 * source through the node_modules symlink, and TypeScript `paths` through the --ts-config tools/lint.js passes.
 * tests/lint-cycles.test.ts proves it bites.
 */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Import cycles: move the shared part (often types) into a module both import, which imports neither.",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|bin)/" },
    tsPreCompilationDeps: true,
  },
};
