/**
 * `node --require` hook for the offline engine's fast mode: transpiles the program's .ts files (no type check) with the
 * project's own `typescript`, caching each output by content hash, and turns on Node's compile cache. It stands in for
 * the ts-node registration @pulumi/pulumi/cmd/run performs when PULUMI_NODEJS_TYPESCRIPT=true (the language host
 * passes node arguments the same way, from Pulumi.yaml's `runtime.options.nodeargs`).
 *
 * The compiler options are those cmd/run gives ts-node: its defaults (target ES2020, module/moduleResolution nodenext
 * for TypeScript >= 4.7, source maps) under tsconfig.json's compilerOptions. `npm run verify:engine` also runs the
 * program with the real ts-node registration, so the two paths are compared there.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { registerCachedTranspile } = require("../lib/transpile-cache");

const root = path.resolve(__dirname, "..", "..");
const tsConfigPath = path.join(root, process.env.PULUMI_NODEJS_TSCONFIG_PATH ?? "tsconfig.json");
const fromTsconfig = fs.existsSync(tsConfigPath) ? require("@pulumi/pulumi/tsutils").loadTypeScriptCompilerOptions(tsConfigPath) : {};
registerCachedTranspile({
  root,
  cacheDir: path.join(root, "node_modules", ".cache", "credlink-engine"),
  rawOptions: {
    target: "ES2020",
    module: "nodenext",
    moduleResolution: "nodenext",
    ...fromTsconfig,
    sourceMap: false,
    // No source maps: cmd/run installs source-map-support, and Pulumi captures a stack trace for every resource and
    // promise; mapping them doubled the child's CPU time. To debug, run ts-node mode (the default) instead.
    inlineSourceMap: false,
    declaration: false,
    noEmit: false,
  },
  caller: __filename,
});
