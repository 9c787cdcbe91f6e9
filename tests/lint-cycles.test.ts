/**
 * The import-cycle check `npm run lint` runs (tools/lint.js, dependency-cruiser with .dependency-cruiser.cjs) bites:
 * run on a scratch project with deliberate cycles, it fails and names them, through a type-only import, the npm
 * workspace symlink and a tsconfig `paths` alias alike; with the back edges removed, it passes.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { cycleCheck, run } from "../tools/lint";
import { tempDir } from "./helpers/plan";

function write(dir: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
}

describe("npm run lint: the import-cycle check", () => {
  const tmp = tempDir("credlink-cycles-");
  let cyclic: { code: number | null; out: string };
  let acyclic: { code: number | null; out: string };
  before(async () => {
    write(tmp.dir, {
      "tsconfig.json": JSON.stringify({ compilerOptions: { module: "commonjs", baseUrl: ".", paths: { "@lib/*": ["lib/*"] } } }),
      "package.json": JSON.stringify({ name: "scratch", private: true, workspaces: ["pkg"] }),
      "pkg/package.json": JSON.stringify({ name: "@scratch/pkg", main: "index.ts" }),
      // A type-only cycle, as the cost model's pricers had with estimate.ts.
      "a.ts": 'import type { B } from "./b";\nexport interface A { readonly b?: B }\n',
      "b.ts": 'import type { A } from "./a";\nexport interface B { readonly a?: A }\n',
      // app -> the workspace package -> a paths alias -> app.
      "app.ts": 'import { x } from "@scratch/pkg";\nexport const y = x + 1;\n',
      "pkg/index.ts": 'import { z } from "@lib/z";\nexport const x = z;\n',
      "lib/z.ts": 'import { y } from "../app";\nexport const z = () => y;\n',
    });
    fs.mkdirSync(path.join(tmp.dir, "node_modules/@scratch"), { recursive: true });
    fs.symlinkSync("../../pkg", path.join(tmp.dir, "node_modules/@scratch/pkg"), "dir");
    cyclic = await run(cycleCheck(), tmp.dir);
    write(tmp.dir, { "b.ts": "export interface B { readonly name?: string }\n", "lib/z.ts": "export const z = () => 1;\n" });
    acyclic = await run(cycleCheck(), tmp.dir);
  });
  after(() => tmp.cleanup());

  /** The check's report with each cycle on one line. */
  const flat = () => cyclic.out.replace(/\s+/g, " ");

  it("GIVEN a type-only import cycle THEN the check fails, naming both modules", () => {
    expect(cyclic.code, cyclic.out).to.not.equal(0);
    expect(flat()).to.include("error no-circular: a.ts → b.ts → a.ts");
  });

  it("GIVEN a cycle through the workspace package's symlink and a tsconfig paths alias THEN the check follows both and names the cycle", () => {
    expect(flat()).to.include("error no-circular: app.ts → pkg/index.ts → lib/z.ts → app.ts");
    expect(flat()).to.include("x 2 dependency violations (2 errors, 0 warnings)");
  });

  it("GIVEN the same project with the back edges removed THEN the check passes", () => {
    expect([acyclic.code, acyclic.out]).to.deep.equal([0, acyclic.out]);
    expect(acyclic.out).to.include("no dependency violations found");
  });
});
