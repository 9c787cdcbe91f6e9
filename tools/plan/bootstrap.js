#!/usr/bin/env node
/**
 * Entry point of `npm run plan`.
 *
 * 1. The command line is checked first, before TypeScript or the Pulumi SDK load: `--help` and usage errors answer
 *    in a fraction of a second.
 * 2. TypeScript is transpiled, not type checked: `npm test` owns type checking (`npm run lint`, tsc --noEmit), so the
 *    plan doesn't pay ~7 s for it on every call. Each .ts file is transpiled with the project's own `typescript`, the
 *    tsconfig.json compiler options over the language host's defaults (as @pulumi/pulumi/cmd/run/run.js merges them),
 *    and cached by content hash in node_modules/.cache/credlink-plan; Node's compile cache keeps the bytecode.
 *    `--typecheck` (or PULUMI_NODEJS_TRANSPILE_ONLY=false) instead registers ts-node exactly as the language host does,
 *    type checking included.
 * 3. Then it runs the plan (tools/plan/cli.ts), which requires Pulumi.yaml's `main` under the mocks.
 *
 * It never calls process.exit: the report may still be draining into a pipe. It sets process.exitCode and returns.
 */
"use strict";
const path = require("node:path");
const fs = require("node:fs");
const { parseCommandLine, UsageError, USAGE } = require("./args");

const root = path.resolve(__dirname, "..", "..");
const EXIT_USAGE = 2;
const EXIT_FAILED = 1;

// A reader that stops early (`| head`) closes the pipe: that is not an error of the plan.
process.stdout.on("error", (err) => {
  if (err.code !== "EPIPE") throw err;
});

function start(argv) {
  let options;
  try {
    options = parseCommandLine(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`plan: ${e.message}\n${USAGE}\n`);
    process.exitCode = EXIT_USAGE;
    return;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  // A missing stack file is known before anything loads.
  if (!options.configFile && !fs.existsSync(path.join(root, `Pulumi.${options.stack}.yaml`))) {
    const stacks = fs.readdirSync(root).map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1]).filter(Boolean).sort();
    process.stderr.write(`plan: no stack file Pulumi.${options.stack}.yaml; stacks here: ${stacks.join(", ") || "none"}\n`);
    process.exitCode = EXIT_FAILED;
    return;
  }
  // Paths are relative to where the user ran the command: under `npm run plan` npm runs the script in the package root
  // and passes the user's directory as INIT_CWD; run directly, that is the current directory.
  const invokedFrom = process.env.npm_lifecycle_event === "plan" && process.env.INIT_CWD ? process.env.INIT_CWD : process.cwd();
  const resolved = {
    ...options,
    configFile: options.configFile && path.resolve(invokedFrom, options.configFile),
    compare: options.compare && path.resolve(invokedFrom, options.compare),
    out: options.out && path.resolve(invokedFrom, options.out),
  };
  // --out into a directory that doesn't exist fails now, in one line, not after the plan has run.
  if (resolved.out) {
    const dir = path.dirname(resolved.out);
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
      const shown = path.dirname(options.out);
      process.stderr.write(`plan: --out ${options.out}: there is no directory ${shown} (create it first: mkdir -p ${shown})\n`);
      process.exitCode = EXIT_USAGE;
      return;
    }
  }
  process.chdir(root);

  // The SDK's Automation API and function serialisation load only if used (tools/lib/defer-modules.js).
  require("../lib/defer-modules").deferSdkOnlyModules(root);
  const envTranspileOnly = process.env.PULUMI_NODEJS_TRANSPILE_ONLY;
  const typecheck = options.typecheck || envTranspileOnly === "false";
  if (typecheck) registerTsNodeLikeTheHost();
  else registerCachedTranspile();

  // Until the plan settles, the exit code says it failed: a run never exits 0 without its report (cli.ts explains a
  // program that stalls).
  process.exitCode = EXIT_FAILED;
  require("./cli")
    .main(resolved)
    .then(
      (code) => {
        process.exitCode = code;
      },
      (err) => {
        process.stderr.write(`plan: internal error: ${err && err.stack ? err.stack : err}\n`);
        process.exitCode = 70;
      },
    );
}

/** The language host's registration (@pulumi/pulumi/cmd/run/run.js), type checking included. */
function registerTsNodeLikeTheHost() {
  const tsutils = require("@pulumi/pulumi/tsutils");
  const tsConfigPath = process.env.PULUMI_NODEJS_TSCONFIG_PATH ?? "tsconfig.json";
  const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
  require(tsnodeRequire).register({
    compiler: typescriptRequire,
    transpileOnly: false,
    project: tsConfigPath,
    skipProject: !fs.existsSync(tsConfigPath),
    compilerOptions: { target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: "true", ...hostCompilerOptions(tsConfigPath) },
  });
}

/** tsconfig.json's compilerOptions as raw JSON, the way tsutils.loadTypeScriptCompilerOptions returns them. */
function hostCompilerOptions(tsConfigPath) {
  const text = fs.readFileSync(tsConfigPath, "utf8");
  try {
    return JSON.parse(text).compilerOptions ?? {};
  } catch {
    // Comments or trailing commas: let the host's helper (TypeScript's tolerant parser) read it.
    return require("@pulumi/pulumi/tsutils").loadTypeScriptCompilerOptions(tsConfigPath);
  }
}

/** Transpiles .ts files on require, caching each output by the hash of its source, options and compiler version. */
function registerCachedTranspile() {
  // The cached output carries an inline source map, but Node's source-map support stays off: Pulumi captures a stack
  // trace for every resource and promise, and mapping each one costs about a second per plan. To debug, run with
  // NODE_OPTIONS=--enable-source-maps.
  const tsConfigPath = process.env.PULUMI_NODEJS_TSCONFIG_PATH ?? "tsconfig.json";
  const rawOptions = {
    target: "ES2020",
    module: "nodenext",
    moduleResolution: "nodenext",
    ...(fs.existsSync(tsConfigPath) ? hostCompilerOptions(tsConfigPath) : {}),
    sourceMap: false,
    inlineSourceMap: true,
    inlineSources: true,
    declaration: false,
    noEmit: false,
  };
  require("../lib/transpile-cache").registerCachedTranspile({
    root,
    cacheDir: path.join(root, "node_modules", ".cache", "credlink-plan"),
    rawOptions,
    caller: __filename,
    rejectNodeModules: true,
  });
}

start(process.argv.slice(2));
