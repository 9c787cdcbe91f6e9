/**
 * The CredLink program: stack config -> components -> exported outputs. It holds no resource logic of its own: each
 * line below is one part of the program, a function in stacks/parts/ that passes config to one component.
 *
 * It is exported as a function: Pulumi's nodejs language host calls it and exports what it returns, and the tests and
 * the offline plan can run it again under fresh mocks (module-level resources would register only once per process).
 *
 * Order: the CI identity and the stack's permissions boundary (every role after it carries the boundary; every key
 * policy names its deploy role) -> network -> the app tier's security groups (and CI's runner ingress to the load
 * balancer's) -> data tier (admits the task group) -> registry and load balancer -> the service (gets the data tier's
 * endpoints) -> operations, cost, recovery, edge, account and audit. The security groups come before the data tier so
 * that neither side waits on a placeholder. The proofs' object allowlist names roles made after the proof store (the
 * task role, the R2 copy's, Backup's): it takes promises, settled once they exist.
 */
import * as pulumi from "@pulumi/pulumi";
import { readStackConfig } from "./config";
import * as part from "./parts";
import { createProviders } from "./providers";

export = async () => {
  const cfg = readStackConfig();
  for (const warning of cfg.warnings) pulumi.log.warn(warning);
  const base = part.stackContext(cfg, createProviders(cfg));
  // The CI identity first: its permissions boundary goes on every role below, which waits for it, and every key policy
  // names its deploy role (it depends on no key, so no cycle).
  const deployIdentity = part.deployIdentity(base);
  const context: part.StackContext = { ...base, keyAdministrators: part.keyAdministrators(base, { deployIdentity }) };
  const sharedKey = part.sharedKey(context);
  const stack: part.Stack = { ...context, kmsKeyArn: sharedKey?.keyArn, permissionsBoundary: deployIdentity.permissionsBoundaryArn };

  // Network, the edge's origin side, the app tier's security groups.
  const network = part.network(stack);
  const cloudflareOrigin = part.cloudflareOrigin(stack);
  const appSecurityGroups = part.appSecurityGroups(stack, { network, cloudflareOrigin });
  const runnerIngress = part.runnerIngress(stack, { deployIdentity, appSecurityGroups });
  // A failover stack's standby (its pilot light) stops here: the load balancer, its DNS record and its WAF (an
  // internet-facing load balancer in prod always has one), where alarms go and the budget; no data, no service.
  if (part.standby(stack.cfg)) {
    const loadBalancer = part.loadBalancer(stack, { network, appSecurityGroups, cloudflareOrigin });
    const alerting = part.alerting(stack);
    const firewall = part.firewall(stack, { loadBalancer, alerting });
    const costControls = part.costControls(stack, { alerting });
    return part.standbyOutputs(stack, { network, appSecurityGroups, loadBalancer, alerting, firewall, costControls });
  }

  // Data tier.
  const databaseArgs = part.databaseArgs(stack, { network, appSecurityGroups });
  const database = part.database(stack, databaseArgs);
  const cache = part.cache(stack, { network, appSecurityGroups });
  const proofAccess = part.proofObjectAccess(stack);
  const proofs = part.proofStore(stack, proofAccess.access);

  // Application tier, the edge's zone side, where alarms go, the R2 copy.
  const registry = part.registry(stack);
  const loadBalancer = part.loadBalancer(stack, { network, appSecurityGroups, cloudflareOrigin });
  const cloudflareEdge = part.cloudflareEdge(stack, { cloudflareOrigin, loadBalancer });
  const alerting = part.alerting(stack);
  const r2Copy = part.r2Copy(stack, { proofs, network, alerting });
  // The tasks wait for the GuardDuty agent's policy, which goes on the execution role the service creates.
  const guardDutyAgentReady = later<pulumi.Resource[]>();
  const service = part.service(stack, { network, appSecurityGroups, loadBalancer, registry, database, cache, proofs, alerting, deployAfter: guardDutyAgentReady.promise });
  const guardDutyAgent = part.guardDutyAgent(stack, { service });
  guardDutyAgentReady.set([guardDutyAgent]);

  // Operations.
  const dashboard = part.dashboard(stack, { loadBalancer, service, database, cache });
  const alarms = part.alarms(stack, { alerting, loadBalancer, service, database, databaseArgs, cache, proofs, cloudflareOrigin });
  const { uptime, probe: uptimeProbe, warnings: uptimeWarnings } = part.uptime(stack, { alerting, network, loadBalancer });
  const slo = part.slo(stack, { loadBalancer, alerting, service, alarms, uptime });

  // Cost controls.
  const costControls = part.costControls(stack, { alerting });

  // Recovery.
  const backup = part.backup(stack, { database, proofs });
  // Every role allowed on the proofs' objects exists now.
  proofAccess.settle({ service, r2Copy, backup });
  const restoreTesting = part.restoreTesting(stack, { backup, database, network, proofs, alerting });
  // The DR region's alert topics: its restore tests' results, its findings and its tamper alerts.
  const drAlerting = part.drAlerting(stack);
  const drRestoreTesting = part.drRestoreTesting(stack, { backup, drAlerting });
  const copyFreshness = part.copyFreshness(stack, { network, database, registry, alerting, service });
  const chaos = part.chaos(stack, { service, database, cache, slo, backup });

  // Edge security and the account.
  const firewall = part.firewall(stack, { loadBalancer, alerting });
  const baseline = part.accountBaseline(stack, { alerting, drAlerting });
  // The account's trail and the alerts that page on tampering (the baseline's owner only).
  const audit = part.audit(stack, { proofs, alerting, drAlerting, deployIdentity });

  return part.outputs(stack, {
    network,
    appSecurityGroups,
    database,
    cache,
    proofs,
    registry,
    loadBalancer,
    cloudflareEdge,
    alerting,
    r2Copy,
    service,
    dashboard,
    alarms,
    uptime,
    uptimeProbe,
    uptimeWarnings,
    slo,
    deployIdentity,
    runnerIngress,
    costControls,
    backup,
    restoreTesting,
    drRestoreTesting,
    copyFreshness,
    chaos,
    firewall,
    baseline,
    guardDutyAgent,
    audit,
  });
};

/**
 * A value made later in the program, as a promise now: `set` resolves it. For a dependency that can only exist after the
 * resource that must wait for it has been declared (a policy on a role the waiting component creates). `set` follows
 * its `later` within a few lines, with nothing that can throw between them, so the promise never stays pending.
 */
function later<T>(): { promise: Promise<T>; set: (value: T) => void } {
  let set!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (set = resolve));
  return { promise, set };
}
