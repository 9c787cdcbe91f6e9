/**
 * The stack-wide key's protection (credlink:security:SharedKey, `protect`). No committed stack can show it: prod must
 * keep a key per store, and dev's shared key is unprotected. So the component, built on its own: asked to, it protects
 * and retains the key (the data it encrypts outlives the stack), never its alias; by default neither.
 */
import { expect } from "chai";
import { SharedKey } from "../components/security/shared-key";
import type { Recorder } from "../tools/offline/mocks";
import { runComponent } from "../tools/offline/program";

const KEY = "aws:kms/key:Key";
const ALIAS = "aws:kms/alias:Alias";
const options = (rec: Recorder, type: string) => rec.ofType(type).map((r) => ({ name: r.name, protect: r.protect, retainOnDelete: r.retainOnDelete }));

describe("SharedKey protection", () => {
  it("GIVEN protect true WHEN built THEN the key is protected and retained, and its alias is neither", async () => {
    const { recorder } = await runComponent(() => new SharedKey("credlink-x-key", { logGroupNames: ["/credlink/x"], alertingName: "credlink-x", protect: true }));
    expect({ key: options(recorder, KEY), alias: options(recorder, ALIAS) }).to.deep.equal({
      key: [{ name: "credlink-x-key", protect: true, retainOnDelete: true }],
      alias: [{ name: "credlink-x-key", protect: false, retainOnDelete: false }],
    });
  });

  it("GIVEN no protect WHEN built THEN the key is neither protected nor retained", async () => {
    const { recorder } = await runComponent(() => new SharedKey("credlink-x-key", { logGroupNames: ["/credlink/x"], alertingName: "credlink-x" }));
    expect(options(recorder, KEY)).to.deep.equal([{ name: "credlink-x-key", protect: false, retainOnDelete: false }]);
  });
});
