/**
 * k6 load test of the proof API: ramp, steady, spike, with the SLO's thresholds.
 *
 * Run by hand (k6 v0.57+ runs TypeScript by default; v0.52-v0.56 need `--compatibility-mode=experimental_enhanced`):
 *   k6 run -e TARGET_URL=https://api.dev.credlink.example loadtest/proofs.ts
 * Every knob is an environment variable (`-e NAME=value`), read once below:
 *   TARGET_URL     the base URL (required): the stack output `url`
 *   STEADY_VUS     virtual users in the steady stage (default 20); the spike goes to SPIKE_VUS (default 100)
 *   STEADY         how long the steady stage lasts (default "5m")
 *   PROOF_SHAPES   JSON array of request shapes, replacing the defaults below (see RequestShape)
 *   AUTH_TOKEN     sent as "Authorization: Bearer <token>" when set
 * Passing: both thresholds hold (k6 exits non-zero otherwise), and the SLO burn stays under the page threshold.
 */
import http from "k6/http";
import { check, sleep } from "k6";
import { Options } from "k6/options";

/** One proof endpoint's request: method, path (with `{id}` for a proof id), body, and its share of the traffic. */
export interface RequestShape {
  readonly name: string;
  readonly method: "GET" | "POST";
  /** Appended to TARGET_URL; `{id}` becomes one of PROOF_IDS. */
  readonly path: string;
  /** A JSON body (POST). */
  readonly body?: Record<string, unknown>;
  /** Relative weight among the shapes. */
  readonly weight: number;
  /** The statuses that count as success. */
  readonly expect: readonly number[];
}

/** The proof endpoints as the app serves them today; override with PROOF_SHAPES when they change. */
export const DEFAULT_SHAPES: readonly RequestShape[] = [
  { name: "health", method: "GET", path: "/healthz", weight: 1, expect: [200] },
  { name: "create proof", method: "POST", path: "/v1/proofs", body: { contentHash: "sha256:0000000000000000000000000000000000000000000000000000000000000000", source: "k6" }, weight: 2, expect: [200, 201] },
  { name: "get proof", method: "GET", path: "/v1/proofs/{id}", weight: 3, expect: [200, 404] },
  { name: "verify proof", method: "POST", path: "/v1/proofs/{id}/verify", body: { contentHash: "sha256:0000000000000000000000000000000000000000000000000000000000000000" }, weight: 4, expect: [200, 404] },
];

const TARGET_URL = (__ENV.TARGET_URL ?? "").replace(/\/$/, "");
if (!/^https?:\/\//.test(TARGET_URL)) throw new Error(`TARGET_URL must be an http(s) URL (the stack output "url"), got "${TARGET_URL}"`);
const STEADY_VUS = Number(__ENV.STEADY_VUS ?? "20");
const SPIKE_VUS = Number(__ENV.SPIKE_VUS ?? "100");
const STEADY = __ENV.STEADY ?? "5m";
const SHAPES: readonly RequestShape[] = __ENV.PROOF_SHAPES ? (JSON.parse(__ENV.PROOF_SHAPES) as RequestShape[]) : DEFAULT_SHAPES;
const PROOF_IDS = (__ENV.PROOF_IDS ?? "k6-missing-proof").split(",");

export const options: Options = {
  scenarios: {
    proofs: {
      executor: "ramping-vus",
      startVUs: 0,
      stages: [
        { duration: "2m", target: STEADY_VUS }, // ramp
        { duration: STEADY, target: STEADY_VUS }, // steady
        { duration: "30s", target: SPIKE_VUS }, // spike
        { duration: "1m", target: SPIKE_VUS },
        { duration: "1m", target: 0 }, // recover
      ],
      gracefulRampDown: "30s",
    },
  },
  // The SLO's latency threshold and a budget well inside the 99.9% target.
  thresholds: {
    http_req_duration: ["p(95)<500"],
    http_req_failed: ["rate<0.001"],
  },
};

const totalWeight = SHAPES.reduce((sum, s) => sum + s.weight, 0);

/** A shape chosen by weight. */
function pick(): RequestShape {
  let r = Math.random() * totalWeight;
  for (const shape of SHAPES) {
    r -= shape.weight;
    if (r <= 0) return shape;
  }
  return SHAPES[SHAPES.length - 1];
}

export default function (): void {
  const shape = pick();
  const id = PROOF_IDS[Math.floor(Math.random() * PROOF_IDS.length)];
  const url = `${TARGET_URL}${shape.path.replace("{id}", encodeURIComponent(id))}`;
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (__ENV.AUTH_TOKEN) headers.Authorization = `Bearer ${__ENV.AUTH_TOKEN}`;
  const params = {
    headers,
    tags: { name: shape.name },
    // Statuses the shape expects are not failures for http_req_failed (a 404 for an unknown id is an answer).
    responseCallback: http.expectedStatuses(...shape.expect),
  };
  const res = shape.method === "POST" ? http.post(url, JSON.stringify(shape.body ?? {}), params) : http.get(url, params);
  check(res, { [`${shape.name}: expected status`]: (r) => shape.expect.includes(r.status) });
  sleep(1);
}
