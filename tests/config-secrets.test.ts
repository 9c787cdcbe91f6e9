/**
 * The secret keys (the PagerDuty URL, the Cloudflare API token and account id) must be set with
 * `pulumi config set --secret`: a plain value would sit in Pulumi.<stack>.yaml and in the state in clear. The check
 * runs on the keys the CLI marks secret (PULUMI_CONFIG_SECRET_KEYS), read through the SDK in readStackConfig.
 */
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { ConfigError, parseStackConfig, plainSecretProblems, readStackConfig } from "../stacks/config";
import { stackConfig } from "../tools/offline/program";

const PD_KEY = "credlink:alerts.pagerdutyUrl";
const PD_URL = "https://events.pagerduty.com/integration/0ddba11c0ddba11c0ddba11c0ddba11c/enqueue";
/** Prod's committed secrets (Pulumi.prod.yaml holds them as `secure:` placeholders): the heartbeat URLs. */
const PROD_SECRETS = ["credlink:alerts.heartbeatUrl", "credlink:alerts.drHeartbeatUrl"];
const plain = (key: string, stack = "prod") =>
  `${key} must be set as a secret (pulumi config set --secret ${key} <value>): as plain text it sits in Pulumi.${stack}.yaml and in the state in clear (the value is not shown)`;

describe("secret config keys are refused as plain text", () => {
  it("GIVEN the PagerDuty URL as a plain flat key THEN it is refused, naming the key and the command, never the value", () => {
    const raw = stackConfig("prod", { [PD_KEY]: PD_URL });
    const problems = plainSecretProblems(raw, PROD_SECRETS, "prod");
    expect(problems).to.deep.equal([plain(PD_KEY)]);
    expect(problems.join("\n")).to.not.include("0ddba11c");
  });

  it("GIVEN the PagerDuty URL marked secret THEN nothing is reported, and the config parses", () => {
    const raw = stackConfig("prod", { [PD_KEY]: PD_URL });
    expect(plainSecretProblems(raw, [PD_KEY, ...PROD_SECRETS], "prod")).to.deep.equal([]);
    expect(() => parseStackConfig(raw, "credlink", "prod", [PD_KEY, ...PROD_SECRETS])).to.not.throw();
  });

  it("GIVEN the PagerDuty URL inside credlink:alerts (--path) THEN it is refused unless that map is secret", () => {
    const raw = stackConfig("prod", { "credlink:alerts": { pagerdutyUrl: PD_URL } });
    expect(plainSecretProblems(raw, PROD_SECRETS, "prod")).to.deep.equal([plain(PD_KEY)]);
    expect(plainSecretProblems(raw, ["credlink:alerts", ...PROD_SECRETS], "prod")).to.deep.equal([]);
  });

  it("GIVEN prod's heartbeat URLs as plain flat keys THEN each is refused, never showing the value; marked secret, neither is", () => {
    const raw = stackConfig("prod", { "credlink:alerts.heartbeatUrl": "https://hc-ping.com/5e1f0c1e-0000-4000-8000-00000000beef" });
    const problems = plainSecretProblems(raw, [], "prod");
    expect(problems).to.deep.equal(PROD_SECRETS.map((key) => plain(key)));
    expect(problems.join("\n")).to.not.include("beef");
    expect(plainSecretProblems(raw, PROD_SECRETS, "prod")).to.deep.equal([]);
  });

  it("GIVEN the Cloudflare token and account id as plain keys THEN each is refused", () => {
    const raw = stackConfig("dev", { "credlink:cloudflare.apiToken": "t", "credlink:cloudflare.accountId": "0123456789abcdef0123456789abcdef" });
    expect(plainSecretProblems(raw, ["credlink:cloudflare.accountId"], "dev")).to.deep.equal([plain("credlink:cloudflare.apiToken", "dev")]);
  });

  it("GIVEN a plain PagerDuty URL in the running stack's config THEN readStackConfig refuses it; marked secret, it reads it", () => {
    // dev's own file, as stack dev (readStackConfig compares its account with the other stack files'): alone in a
    // worker the SDK's stack is otherwise its placeholder, whose account would be dev's.
    const raw = stackConfig("dev", { [PD_KEY]: PD_URL });
    const previousStack = pulumi.getStack();
    // The SDK's own setter (runtime/settings, exported but not typed): the stack a Pulumi run would name.
    const { _setStack: setStack } = require("@pulumi/pulumi/runtime/settings") as { _setStack: (stack: string) => string };
    setStack("dev");
    try {
      pulumi.runtime.setAllConfig(raw, []);
      let problems: readonly string[] = [];
      try {
        readStackConfig();
      } catch (e) {
        expect(e).to.be.instanceOf(ConfigError);
        problems = (e as ConfigError).problems;
      }
      expect(problems).to.deep.equal([plain(PD_KEY, "dev")]);
      pulumi.runtime.setAllConfig(raw, [PD_KEY]);
      expect(readStackConfig().alerts.pagerdutyUrl).to.not.equal(undefined);
    } finally {
      pulumi.runtime.setAllConfig({}, []);
      setStack(previousStack);
    }
  });
});
