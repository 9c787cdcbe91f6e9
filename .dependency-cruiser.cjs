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
      // The components package is published on its own (components/package.json): its modules import each other,
      // packages and Node's built-ins, nothing else of the repository. tools/lint.js type checks it inside the root
      // program (declarations included), so this rule keeps what a separate `tsc -p components` with its rootDir did.
      name: "components-self-contained",
      severity: "error",
      comment: "A component imports only components/ modules, npm packages and Node built-ins: move the shared code into components/.",
      from: { path: "^components/" },
      to: { pathNot: "^(components/|node_modules/)", dependencyTypesNot: ["core"] },
    },
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
