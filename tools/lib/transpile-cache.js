"use strict";
/**
 * Transpiles TypeScript on `require` (no type check) with the project's own `typescript`, caching each output on disk
 * by the hash of its source, file name, compiler version, options and the calling script. Shared by the offline plan's
 * bootstrap (tools/plan/bootstrap.js) and the offline engine's require hook (tools/engine/transpile-hook.js), which
 * differ only in their compiler options and cache folder. Node's own compile cache is turned on beside it.
 */
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const Module = require("node:module");

const sha256 = (text) => crypto.createHash("sha256").update(text).digest("hex");

/**
 * Registers the `.ts` loader.
 * @param {{ root: string, cacheDir: string, rawOptions: Record<string, unknown>, caller: string, rejectNodeModules?: boolean }} options
 *   rawOptions: compilerOptions as tsconfig JSON; caller: the calling script's path (a change to it invalidates the
 *   cache); rejectNodeModules: refuse TypeScript inside node_modules instead of transpiling it.
 */
function registerCachedTranspile({ root, cacheDir, rawOptions, caller, rejectNodeModules = false }) {
  if (typeof Module.enableCompileCache === "function") Module.enableCompileCache(path.join(cacheDir, "v8"));
  const tsVersion = JSON.parse(fs.readFileSync(require.resolve("typescript/package.json"), "utf8")).version;
  const salt = `${tsVersion}\0${JSON.stringify(rawOptions)}\0${sha256(fs.readFileSync(caller))}\0${sha256(fs.readFileSync(__filename))}`;
  let ts;
  let compilerOptions;
  const transpile = (source, filename) => {
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
  };

  const nodeModules = `${path.sep}node_modules${path.sep}`;
  Module._extensions[".ts"] = function (module, filename) {
    const source = fs.readFileSync(filename, "utf8");
    if (rejectNodeModules && filename.includes(nodeModules)) throw new Error(`${filename}: TypeScript inside node_modules is not transpiled`);
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
}

module.exports = { registerCachedTranspile };
