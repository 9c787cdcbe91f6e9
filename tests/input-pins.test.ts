/**
 * The reviewed snapshots of the committed stacks and of examples/prod-cloudflare.yaml (tests/fixtures/inputs/,
 * `npm run pin:inputs`): every alarm's whole
 * input object, and every resource's settings (numbers, booleans, schedules, windows, durations, resource options).
 * A test that names a few keys lets the others drift; these fail on any of them, naming the resource, the setting,
 * the pinned value and the new one. A change that is meant: run the command and review the diff like code.
 */
import { expect } from "chai";
import { alarmPins, ALARM_TYPES, pinDifferences, PIN_COMMAND, PINNED, pinFile, readPins, settingPins } from "../tools/input-pins";
import type { Recorder } from "../tools/offline/mocks";
import { exampleProgram } from "./helpers/examples";
import { committedProgram } from "./helpers/programs";

for (const { name: stack } of PINNED) {
  describe(`input pins: ${stack === "prod-cloudflare" ? "examples/prod-cloudflare.yaml" : `the committed ${stack} stack`}`, () => {
    let recorder: Recorder;
    before(async () => {
      ({ recorder } = await (stack === "prod-cloudflare" ? exampleProgram(stack) : committedProgram(stack)));
    });

    it(`GIVEN ${pinFile(stack, "alarms")} WHEN the program runs THEN every metric and composite alarm has exactly its pinned inputs`, () => {
      const differences = pinDifferences(readPins(stack, "alarms"), alarmPins(recorder));
      expect(differences, `alarms moved: review, then ${PIN_COMMAND}`).to.deep.equal([]);
    });

    it(`GIVEN ${pinFile(stack, "settings")} WHEN the program runs THEN every resource's settings and options are the pinned ones`, () => {
      const differences = pinDifferences(readPins(stack, "settings"), settingPins(recorder));
      expect(differences, `settings moved: review, then ${PIN_COMMAND}`).to.deep.equal([]);
    });

    it("WHEN the program runs THEN the alarm pins hold an entry for every alarm it registers, none twice", () => {
      const registered = recorder.all.filter((r) => (ALARM_TYPES as readonly string[]).includes(r.type)).map((r) => `${r.type}::${r.name}`);
      expect(Object.keys(readPins(stack, "alarms")).sort()).to.deep.equal([...registered].sort());
    });
  });
}

describe("input pins: the comparison", () => {
  const pinned = { "aws:x/y:Y::a": { period: 300, treatMissingData: "notBreaching" }, "aws:x/y:Y::b": { n: 1 } };

  it("GIVEN one setting changed, one added and one resource gone WHEN compared THEN each is one line naming the resource, the setting and both values", () => {
    const now = { "aws:x/y:Y::a": { period: 60, treatMissingData: "notBreaching", datapointsToAlarm: 2 }, "aws:x/y:Y::c": { n: 1 } };
    expect(pinDifferences(pinned, now)).to.deep.equal([
      "aws:x/y:Y::a datapointsToAlarm: pinned nothing, now 2",
      "aws:x/y:Y::a period: pinned 300, now 60",
      "aws:x/y:Y::b: pinned, gone now",
      "aws:x/y:Y::c: added (not pinned)",
    ]);
  });

  it("GIVEN the same pins WHEN compared THEN there is no difference", () => {
    expect(pinDifferences(pinned, JSON.parse(JSON.stringify(pinned)))).to.deep.equal([]);
  });
});
