/**
 * The deploy identity's generated documents, for the permission-table tests: each committed stack's and example's
 * program run, and the DeployIdentity built with that run's settings (the stack's regions, zone, environment and
 * whether it owns the account baseline), its policies read back from the mock registrations.
 */
import * as path from "node:path";
import { DeployIdentity, DeployIdentityArgs } from "../../components/cicd/deploy-identity";
import { Recorder } from "../../tools/offline/mocks";
import { ProgramRun, runComponent, stackConfig } from "../../tools/offline/program";
import { listStacks, loadStackConfig, REPO_ROOT } from "../../tools/project";
import { EXAMPLES } from "../../tools/whatif/examples";
import type { PolicyDocument } from "./iam-eval";
import { committedProgram, exampleProgram } from "./programs";
import { parseStackConfig } from "../../stacks/config";
import { readOtherStacks } from "../../stacks/config/account";
import { deployScopeNames } from "../../stacks/parts/cicd";

export interface LabelledRun extends ProgramRun {
  readonly label: string;
  readonly stack: string;
  readonly config: Record<string, string>;
}

/** The committed stacks (every Pulumi.<stack>.yaml) and every example stack file, one run each. */
export async function allRuns(): Promise<LabelledRun[]> {
  const runs: LabelledRun[] = [];
  for (const stack of listStacks()) runs.push({ label: stack, stack, config: stackConfig(stack), ...(await committedProgram(stack)) });
  for (const e of EXAMPLES) {
    const config = loadStackConfig(e.base, REPO_ROOT, path.join(REPO_ROOT, "examples", e.file)).config;
    runs.push({ label: `examples/${e.file}`, stack: e.base, config, ...(await exampleProgram(e.base, `examples/${e.file}`)) });
  }
  return runs;
}

const json = (config: Record<string, string>, key: string): any => (config[key] ? JSON.parse(config[key]) : undefined);

/** The DeployIdentity arguments a run's stack config and outputs call for. */
export function identityArgsFor(run: LabelledRun): DeployIdentityArgs {
  const cicd = json(run.config, "credlink:cicd");
  const drRegion: string | undefined = run.outputs.recovery?.drRegion;
  return {
    githubOwner: cicd.github.owner,
    githubRepo: cicd.github.repo,
    githubOwnerId: "1000001",
    githubRepoId: "2000002",
    environment: run.outputs.environment,
    resourcePrefix: `credlink-${run.stack}`,
    regions: drRegion ? [run.outputs.region, drRegion] : [run.outputs.region],
    hostedZoneId: json(run.config, "credlink:domain")?.hostedZoneId,
    ownsAccountBaseline: run.outputs.accountBaselineOwner === true,
    createOidcProvider: cicd.createOidcProvider,
    breakGlassRoleArn: "arn:aws:iam::123456789012:role/credlink-break-glass",
    project: "credlink",
    stack: run.stack,
    // What the program passes beside the scope: the account's nested stacks, a failover stack's adopted replica.
    ...deployScopeNames(parseStackConfig(run.config, "credlink", run.stack, undefined, readOtherStacks(run.stack))),
  };
}

export interface IdentityDocuments {
  readonly recorder: Recorder;
  readonly deploy: { name: string; doc: PolicyDocument; text: string }[];
  readonly preview: { name: string; doc: PolicyDocument; text: string }[];
  readonly boundary: PolicyDocument;
}

/** Builds the DeployIdentity alone and reads its policy documents back. */
export async function identityDocuments(args: DeployIdentityArgs, name = `${args.resourcePrefix}-cicd`): Promise<IdentityDocuments> {
  const { recorder } = await runComponent(() => new DeployIdentity(name, args), { region: args.regions[0] });
  const policies = recorder.ofType("aws:iam/policy:Policy").map((r) => ({ name: r.inputs.name as string, text: r.inputs.policy as string, doc: JSON.parse(r.inputs.policy) as PolicyDocument }));
  return {
    recorder,
    deploy: policies.filter((p) => p.name.startsWith(`${args.resourcePrefix}-deploy-`)),
    preview: policies.filter((p) => p.name.startsWith(`${args.resourcePrefix}-preview-`)),
    boundary: policies.find((p) => p.name === `${args.resourcePrefix}-boundary`)!.doc,
  };
}
