"use strict";
/**
 * Loads on first use the modules the Pulumi SDK requires at start for what neither the offline plan nor the tests do:
 * the Automation API (`@pulumi/pulumi/automation`), and what function serialisation uses (`@npmcli/arborist` with the
 * npm registry client it pulls in, and `typescript` through the SDK's typescript-shim). Measured on this repository:
 * `require("@pulumi/pulumi")` took 650 ms of CPU, 170 ms with these deferred; every plan run and every mocha worker
 * pays it.
 *
 * Each is put in Node's module cache as a stand-in whose first property access (or key listing) loads the real module
 * and replaces the stand-in in the cache: code that uses one of them still gets it, only later. Nothing else changes.
 * Call it before anything requires @pulumi/pulumi; it does nothing for a module already loaded or not installed.
 */
const Module = require("node:module");
const path = require("node:path");

const DEFERRED = ["@pulumi/pulumi/automation", "@npmcli/arborist", "typescript"];

/** Puts a stand-in for `request` (as resolved from `fromDir`) in the module cache. */
function defer(request, fromDir) {
  let file;
  try {
    file = require.resolve(request, { paths: [fromDir] });
  } catch {
    return;
  }
  if (require.cache[file]) return;
  let real;
  const load = () => {
    if (!real) {
      const module = new Module(file, null);
      module.filename = file;
      module.paths = Module._nodeModulePaths(path.dirname(file));
      require.cache[file] = module;
      try {
        module.load(file);
      } catch (e) {
        delete require.cache[file];
        throw e;
      }
      real = module.exports;
    }
    return real;
  };
  const standIn = new Module(file, null);
  standIn.filename = file;
  standIn.loaded = true;
  // Marked as an ES module, so TypeScript's __importStar hands the stand-in on as it is instead of copying its keys.
  standIn.exports = new Proxy(
    { __esModule: true },
    {
      get: (_, key) => (key === "__esModule" ? true : load()[key]),
      has: (_, key) => key === "__esModule" || key in load(),
      ownKeys: () => [...new Set(["__esModule", ...Reflect.ownKeys(load())])],
      getOwnPropertyDescriptor: (_, key) => {
        if (key === "__esModule") return { value: true, writable: false, enumerable: false, configurable: true };
        const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
        return descriptor && { ...descriptor, configurable: true };
      },
    },
  );
  require.cache[file] = standIn;
}

/** Defers the SDK-only modules, resolved from the repository at `root` (where @pulumi/pulumi is installed). */
function deferSdkOnlyModules(root) {
  let from;
  try {
    from = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [root] }));
  } catch {
    return;
  }
  for (const request of DEFERRED) defer(request, from);
}

module.exports = { deferSdkOnlyModules, DEFERRED };
