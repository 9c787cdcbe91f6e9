/**
 * The Cloudflare hop of the request path, when Cloudflare is the edge: the proxied record, the WAF at the
 * edge (managed ruleset, rate limits), and what the ALB admits (Cloudflare's ranges only, and mTLS with the origin-pull
 * certificate only).
 */
import { Recorder, Registration } from "../../offline/mocks";

export interface EdgeHop {
  /** Rows before the load balancer's hop. */
  readonly rows: string[][];
  /** What the ALB hop adds: "mTLS from Cloudflare only" etc. */
  readonly albNote: string;
  /** The section title's path. */
  readonly title: string;
}

const DEFAULT_TITLE = "Request path: internet -> ALB -> service -> data tier";

export function cloudflareEdgeHop(recorder: Recorder): EdgeHop {
  const edge = recorder.ofType("credlink:edge:Cloudflare")[0];
  if (!edge) return { rows: [], albNote: "", title: DEFAULT_TITLE };
  const record = recorder.ofType("cloudflare:index/dnsRecord:DnsRecord").find((r) => r.inputs.proxied === true);
  const rulesets = recorder.ofType("cloudflare:index/ruleset:Ruleset");
  const managed = rulesets.find((r) => r.inputs.phase === "http_request_firewall_managed");
  const limits: any[] = rulesets.find((r) => r.inputs.phase === "http_ratelimit")?.inputs.rules ?? [];
  const settings = Object.fromEntries(recorder.ofType("cloudflare:index/zoneSetting:ZoneSetting").map((s: Registration) => [s.inputs.settingId, s.inputs.value]));
  const rows = [
    [
      "0",
      "internet -> Cloudflare",
      record?.name ?? edge.name,
      [
        `${record?.inputs.name ?? "?"} proxied (${edge.inputs.plan} plan)`,
        `SSL ${settings.ssl ?? "?"}, min TLS ${settings.min_tls_version ?? "?"}, Always Use HTTPS ${settings.always_use_https ?? "?"}, HSTS ${settings.security_header ? "on" : "off"}`,
        `WAF: ${managed?.inputs.description ?? "no managed ruleset"}`,
        `rate limits: ${limits.length ? limits.map((l) => `${l.ratelimit?.requestsPerPeriod}/${l.ratelimit?.period}s ${l.expression}`).join(", ") : "none"}`,
      ].join("; "),
    ],
  ];
  const listener = recorder.ofType("aws:lb/listener:Listener").find((l) => l.inputs.mutualAuthentication);
  const prefixIngress = recorder.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").some((r) => r.inputs.prefixListId);
  const notes = [prefixIngress ? "ingress from Cloudflare's ranges only (prefix list)" : "", listener ? `mTLS ${listener.inputs.mutualAuthentication.mode}: Cloudflare's origin-pull certificate only` : ""].filter(Boolean);
  return { rows, albNote: notes.join("; "), title: "Request path: internet -> Cloudflare (WAF, rate limit) -> ALB (mTLS from Cloudflare only) -> service -> data tier" };
}
