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
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const Module = require("node:module");

const root = path.resolve(__dirname, "..", "..");
const cacheDir = path.join(root, "node_modules", ".cache", "credlink-engine");
if (typeof Module.enableCompileCache === "function") Module.enableCompileCache(path.join(cacheDir, "v8"));

const tsConfigPath = path.join(root, process.env.PULUMI_NODEJS_TSCONFIG_PATH ?? "tsconfig.json");
const fromTsconfig = fs.existsSync(tsConfigPath) ? require("@pulumi/pulumi/tsutils").loadTypeScriptCompilerOptions(tsConfigPath) : {};
const rawOptions = {
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
};
const tsVersion = JSON.parse(fs.readFileSync(require.resolve("typescript/package.json"), "utf8")).version;
const salt = `${tsVersion}\0${JSON.stringify(rawOptions)}\0${crypto.createHash("sha256").update(fs.readFileSync(__filename)).digest("hex")}`;

let ts;
let compilerOptions;
function transpile(source, filename) {
  if (!ts) {
    ts = require("typescript");
    const converted = ts.convertCompilerOptionsFromJson(rawOptions, root);
    if (converted.errors.length) throw new Error(`tsconfig: ${converted.errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")).join("; ")}`);
    compilerOptions = converted.options;
  }
  const out = ts.transpileModule(source, { compilerOptions, fileName: filename, reportDiagnostics: true });
  const errors = (out.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length) throw new Error(`${filename}: ${errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")).join("; ")}`);
  return out.outputText;
}

Module._extensions[".ts"] = function (module, filename) {
  const source = fs.readFileSync(filename, "utf8");
  const key = crypto.createHash("sha256").update(salt).update("\0").update(filename).update("\0").update(source).digest("hex");
  const cached = path.join(cacheDir, `${key}.js`);
  let output;
  try {
    output = fs.readFileSync(cached, "utf8");
  } catch {
    output = transpile(source, filename);
    try {
      fs.mkdirSync(cacheDir, { recursive: true });
      const tmp = `${cached}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, output);
      fs.renameSync(tmp, cached);
    } catch {
      // A read-only tree only loses the cache.
    }
  }
  module._compile(output, filename);
};
