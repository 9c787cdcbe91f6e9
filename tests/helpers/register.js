"use strict";
/**
 * Mocha's TypeScript loader (.mocharc.cjs requires it before anything else): each .ts file transpiled with the
 * project's own `typescript` and tsconfig.json's compiler options, without type checking (`npm run lint` type checks),
 * and cached on disk by content hash (tools/lib/transpile-cache.js, as the offline plan loads TypeScript), so the two
 * mocha workers and the next `npm test` reuse each other's output instead of transpiling every file again, as
 * ts-node/register did in each worker. Stack traces point at the TypeScript lines (inline source maps, Node's own
 * source-map support).
 */
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..", "..");
// No outDir: the source map's paths are then the source file's own, and a stack trace names the test file.
const { outDir: _outDir, ...compilerOptions } = JSON.parse(fs.readFileSync(path.join(root, "tsconfig.json"), "utf8")).compilerOptions;

// The SDK's Automation API and function serialisation load only if a test uses them (tools/lib/defer-modules.js).
require("../../tools/lib/defer-modules").deferSdkOnlyModules(root);
require("../../tools/lib/transpile-cache").registerCachedTranspile({
  root,
  cacheDir: path.join(root, "node_modules", ".cache", "credlink-tests-ts"),
  rawOptions: { ...compilerOptions, sourceMap: false, inlineSourceMap: true, inlineSources: false, declaration: false, noEmit: false },
  caller: __filename,
});
process.setSourceMapsEnabled(true);
