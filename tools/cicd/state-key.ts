/**
 * `npm run -s state-key -- --stack <stack>`: what an administrator needs to create a stack's secrets-provider key by
 * hand, once, before `pulumi stack init` (README, "Deploying for real"): the key policy (the CI roles by their name
 * patterns, the account administering it through IAM, the break-glass role using it), the alias, and the commands. It
 * reads only the committed stack file (its account, region and break-glass role), offline.
 */
import { secretsProviderUrl, stateKeyAlias, stateKeyPolicy } from "../../components/cicd/deploy-identity";
import { loadStackConfig, REPO_ROOT } from "../project";

export interface StateKeyPlan {
  readonly alias: string;
  readonly secretsProvider: string;
  readonly policy: object;
  readonly commands: readonly string[];
}

/** The key policy, alias, secrets provider and commands for `stack`, from its committed file. */
export function stateKeyPlan(stack: string, root = REPO_ROOT): StateKeyPlan {
  const { config } = loadStackConfig(stack, root);
  const account = JSON.parse(config["credlink:account"] ?? "{}") as { id?: string; breakGlassRoleArn?: string };
  const region = config["aws:region"];
  if (account.id === undefined || region === undefined) throw new Error(`Pulumi.${stack}.yaml must set credlink:account.id and aws:region`);
  const prefix = `credlink-${stack}`;
  const alias = stateKeyAlias(prefix);
  const secretsProvider = secretsProviderUrl(prefix, region);
  return {
    alias,
    secretsProvider,
    policy: stateKeyPolicy("aws", account.id, prefix, account.breakGlassRoleArn),
    commands: [
      `aws kms create-key --region ${region} --description "CredLink ${stack}: the Pulumi secrets provider" --policy file://state-key-policy.json --query KeyMetadata.KeyId --output text`,
      `aws kms enable-key-rotation --region ${region} --key-id <key id>`,
      `aws kms create-alias --region ${region} --alias-name ${alias} --target-key-id <key id>`,
      `pulumi stack init ${stack} --secrets-provider "${secretsProvider}"`,
    ],
  };
}

if (require.main === module) {
  const i = process.argv.indexOf("--stack");
  const stack = i >= 0 ? process.argv[i + 1] : undefined;
  if (!stack) {
    process.stderr.write("usage: npm run -s state-key -- --stack <stack>\n");
    process.exitCode = 2;
  } else {
    const plan = stateKeyPlan(stack);
    process.stdout.write(
      [
        `# ${stack}: save the policy below as state-key-policy.json, then run the commands (as an administrator of the stack's account).`,
        JSON.stringify(plan.policy, null, 2),
        "",
        ...plan.commands,
        "",
      ].join("\n"),
    );
  }
}
