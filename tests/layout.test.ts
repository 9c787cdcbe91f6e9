/**
 * The component layout: a reader finds credlink:<module>:<Name> in components/<module>/, each module folder's index.ts
 * is its public face, and components/index.ts lists modules, not files. Derived from the source (every
 * `super("credlink:...")`), so a component added at the top of components/ or in another module's folder fails here.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { REPO_ROOT } from "../tools/project";

const COMPONENTS = path.join(REPO_ROOT, "components");
/** Folders of components/ that are not type-token modules: the helpers several components share, and build output. */
const NOT_MODULES = new Set(["lib", "node_modules", "bin"]);
/** Folders the scan skips: build output and dependencies, not source. */
const NOT_SOURCE = new Set(["node_modules", "bin"]);

interface SourceFile {
  /** Path from components/, with forward slashes: "data/database.ts". */
  readonly rel: string;
  readonly text: string;
}

function componentSources(): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!NOT_SOURCE.has(entry.name)) walk(full);
      } else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) {
        out.push({ rel: path.relative(COMPONENTS, full).split(path.sep).join("/"), text: fs.readFileSync(full, "utf8") });
      }
    }
  };
  walk(COMPONENTS);
  return out;
}

/** Every component type token registered in `files`, with the file that registers it. */
export function typeTokens(files: readonly SourceFile[]): { token: string; module: string; rel: string }[] {
  return files.flatMap((f) =>
    [...f.text.matchAll(/super\(\s*"(credlink:([a-z][a-zA-Z0-9]*):[A-Z][A-Za-z0-9]*)"/g)].map((m) => ({ token: m[1], module: m[2], rel: f.rel })),
  );
}

/** The tokens whose file is not directly in components/<module>/, as "token in rel". */
export function misplacedTokens(files: readonly SourceFile[]): string[] {
  return typeTokens(files)
    .filter((t) => path.posix.dirname(t.rel) !== t.module)
    .map((t) => `${t.token} in components/${t.rel}`);
}

describe("component layout: credlink:<module>:<Name> lives in components/<module>/", () => {
  const files = componentSources();
  const tokens = typeTokens(files);
  const modules = fs
    .readdirSync(COMPONENTS, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !NOT_MODULES.has(e.name))
    .map((e) => e.name)
    .sort();

  it("GIVEN every super(\"credlink:...\") in components/ THEN its file sits in the folder its token's module names", () => {
    expect(tokens.length).to.be.greaterThan(0);
    expect(misplacedTokens(files)).to.deep.equal([]);
  });

  it("GIVEN every class extending pulumi.ComponentResource THEN the scan found its token (no token is built at run time, out of sight)", () => {
    const classes = (text: string) => [...text.matchAll(/extends pulumi\.ComponentResource\b/g)].length;
    const perFile = files.filter((f) => classes(f.text) > 0).map((f) => [f.rel, classes(f.text)]);
    expect(perFile).to.deep.equal(files.filter((f) => classes(f.text) > 0).map((f) => [f.rel, tokens.filter((t) => t.rel === f.rel).length]));
  });

  it("GIVEN the top of components/ THEN it holds only index.ts (no component left as a loose file)", () => {
    expect(files.filter((f) => !f.rel.includes("/")).map((f) => f.rel)).to.deep.equal(["index.ts"]);
  });

  it("GIVEN the module folders THEN they are exactly the modules the tokens name, and lib/ registers no component", () => {
    expect(modules).to.deep.equal([...new Set(tokens.map((t) => t.module))].sort());
    expect(tokens.filter((t) => t.rel.startsWith("lib/"))).to.deep.equal([]);
  });

  it("GIVEN each module folder THEN its index.ts re-exports every file of the module that registers a component", () => {
    const missing = modules.flatMap((module) => {
      const index = path.join(COMPONENTS, module, "index.ts");
      if (!fs.existsSync(index)) return [`components/${module}/index.ts is missing`];
      const text = fs.readFileSync(index, "utf8");
      const componentFiles = [...new Set(tokens.filter((t) => t.module === module).map((t) => path.posix.basename(t.rel, ".ts")))];
      return componentFiles.filter((file) => !text.includes(`export * from "./${file}";`)).map((file) => `components/${module}/index.ts does not export ./${file}`);
    });
    expect(missing).to.deep.equal([]);
  });

  it("GIVEN components/index.ts THEN it re-exports every module by its folder, and no module's file directly", () => {
    const text = fs.readFileSync(path.join(COMPONENTS, "index.ts"), "utf8");
    const fromModules = [...text.matchAll(/export \* from "\.\/([^"]+)";/g)].map((m) => m[1]).sort();
    expect(fromModules).to.deep.equal(modules);
    const direct = [...text.matchAll(/from "\.\/([^"]+)"/g)].map((m) => m[1]).filter((p) => !p.startsWith("lib/") && p.includes("/"));
    expect(direct).to.deep.equal([]);
  });

  it("GIVEN a component whose token names another module's folder, or one left at the top THEN the check names each", () => {
    const wrong: SourceFile[] = [
      { rel: "app/cache.ts", text: 'super("credlink:data:Cache", name, {}, opts);' },
      { rel: "network.ts", text: 'super(\n      "credlink:network:Network",\n      name, {}, opts);' },
      { rel: "data/database.ts", text: 'super("credlink:data:Database", name, {}, opts);' },
    ];
    expect(misplacedTokens(wrong)).to.deep.equal(["credlink:data:Cache in components/app/cache.ts", "credlink:network:Network in components/network.ts"]);
  });
});
