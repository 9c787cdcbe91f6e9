#!/usr/bin/env node
/**
 * Entry point of `npm run plan`. It registers ts-node the way Pulumi's nodejs language host does
 * (@pulumi/pulumi/cmd/run/run.js): the project's tsconfig.json, the host's compiler-option defaults under the
 * tsconfig's own options, and type checking unless tsconfig sets `noCheck` or PULUMI_NODEJS_TRANSPILE_ONLY=true.
 * Then it runs the plan (tools/plan/cli.ts), which requires Pulumi.yaml's `main` under the mocks.
 */
"use strict";
const path = require("node:path");
const fs = require("node:fs");

const root = path.resolve(__dirname, "..", "..");
process.chdir(root);

// The host's own helpers: how it reads tsconfig compiler options and which typescript/ts-node it loads.
const tsutils = require("@pulumi/pulumi/tsutils");
const tsConfigPath = process.env.PULUMI_NODEJS_TSCONFIG_PATH ?? "tsconfig.json";
const skipProject = !fs.existsSync(tsConfigPath);
const compilerOptions = tsutils.loadTypeScriptCompilerOptions(tsConfigPath);
const transpileOnlyEnv = process.env.PULUMI_NODEJS_TRANSPILE_ONLY;
const transpileOnly = transpileOnlyEnv ? transpileOnlyEnv === "true" : compilerOptions.noCheck;
const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();

require(tsnodeRequire).register({
  compiler: typescriptRequire,
  transpileOnly,
  project: tsConfigPath,
  skipProject,
  compilerOptions: {
    target: "ES2020",
    module: "nodenext",
    moduleResolution: "nodenext",
    sourceMap: "true",
    ...compilerOptions,
  },
});

require("./cli").main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`plan: internal error: ${err && err.stack ? err.stack : err}`);
    process.exit(70);
  },
);
