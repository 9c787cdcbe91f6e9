/**
 * The what-if examples this repository generates: each is a committed stack file (examples/<file>) made from a base
 * stack file (Pulumi.<base>.yaml, comments kept) with a few keys set, so it follows every later change to the base.
 * `npm run docs` writes them, plans each, and rewrites the what-if tables and the cost curve in docs/COST.md.
 *
 * Add a row per optional feature that has a switch. A hand-written stack file in examples/ (not listed here) gets a
 * row too: its first line may name it, as `# what-if: <label>`.
 */
import { COMMITTED_SECRET_PLACEHOLDER } from "../project";
import { DEV_LEVERS } from "./levers";

export interface ExampleSpec {
  /** The file under examples/. */
  readonly file: string;
  /** The stack file it starts from: Pulumi.<base>.yaml (and the stack it is planned as). */
  readonly base: string;
  /** The what-if table's label for the row. */
  readonly label: string;
  /** Full config keys (a dotted path below the namespace key) and the value each is set to. */
  readonly set: Readonly<Record<string, unknown>>;
  /**
   * Flat config keys set as they are, not as a path (secrets such as `credlink:cloudflare.apiToken`, which Pulumi keeps
   * as one key with a `secure:` value). @default {}
   */
  readonly setFlat?: Readonly<Record<string, unknown>>;
}

/** What a secret looks like in a committed example: a placeholder the offline plan replaces with a stand-in. */
const SECRET_PLACEHOLDER = { secure: COMMITTED_SECRET_PLACEHOLDER };

export const EXAMPLES: readonly ExampleSpec[] = [
  {
    file: "prod-no-tracing.yaml",
    base: "prod",
    label: "prod without tracing (`credlink:service.tracing: false`)",
    set: { "credlink:service.tracing": false },
  },
  {
    file: "prod-nat-gateways.yaml",
    base: "prod",
    label: "prod with a NAT gateway per AZ instead of a NAT instance per AZ (`credlink:network.natGateways: onePerAz`)",
    set: { "credlink:network.natGateways": "onePerAz" },
  },
  {
    // Cloudflare in front of the ALB (its managed WAF replaces the AWS one) and the R2 third copy. The zone id and the
    // two secrets are placeholders: docs/CLOUDFLARE.md.
    file: "prod-cloudflare.yaml",
    base: "prod",
    label: "prod behind Cloudflare Pro with the R2 copy (`credlink:edge.provider: cloudflare`, `credlink:proofs.r2Copy: true`)",
    set: {
      "credlink:edge.provider": "cloudflare",
      "credlink:proofs.r2Copy": true,
      "credlink:domain.hostedZoneId": undefined,
      "credlink:cloudflare": {
        zoneId: "0123456789abcdef0123456789abcdef",
        plan: "Pro",
        rateLimits: [
          { name: "api", pathPrefix: "/", requestsPerPeriod: 600, periodSeconds: 60, mitigationTimeoutSeconds: 60 },
          { name: "verify", pathPrefix: "/v1/verify", requestsPerPeriod: 100, periodSeconds: 10, mitigationTimeoutSeconds: 60 },
        ],
        r2Location: "enam",
      },
    },
    setFlat: { "credlink:cloudflare.apiToken": SECRET_PLACEHOLDER, "credlink:cloudflare.accountId": SECRET_PLACEHOLDER },
  },
  {
    // What stands in us-west-2 ahead of time so that a failover meets its hour: `pulumi up --stack prod-dr
    // --config-file examples/prod-dr-pilot-light.yaml` (docs/DISASTER-RECOVERY.md).
    file: "prod-dr-pilot-light.yaml",
    base: "prod-dr",
    label: "prod-dr's pilot light, standing in us-west-2 ahead of time (`credlink:dr.standby: true`)",
    set: { "credlink:dr.standby": true },
  },
  {
    // The failover with nothing standing ahead of time: every resource is created on the day.
    file: "prod-dr-cold.yaml",
    base: "prod-dr",
    label: "prod-dr started cold, with no pilot light (`credlink:dr.pilotLight: false`)",
    set: { "credlink:dr.pilotLight": false },
  },
  {
    // Dev with every cost lever undone (tools/whatif/levers.ts): what dev would cost if it made prod's choices.
    file: "dev-without-levers.yaml",
    base: "dev",
    label: "dev without its cost levers (NAT gateway, on-demand Fargate, WAF, a key per store, full operations, runtime monitoring, tamper alerts)",
    set: Object.assign({}, ...DEV_LEVERS.map((l) => l.without)),
  },
];
