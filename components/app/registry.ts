import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsContext } from "../lib/aws-context";
import { createKmsKey, KeyAdministrators, viaServiceStatement } from "../lib/kms";

export interface RegistryArgs {
  /**
   * The repository's name, which CI pushes to (`<account>.dkr.ecr.<region>.amazonaws.com/<repositoryName>`).
   * Lowercase letters, digits and `._/-`. @default the component's name
   */
  readonly repositoryName?: string;
  /** How many images the lifecycle policy keeps; older ones expire. Enough to roll back several releases. @default 20 */
  readonly keepImages?: number;
  /** Deletion window of the repository's KMS key, 7–30 days. @default 30 */
  readonly keyDeletionWindowDays?: number;
  /**
   * An existing customer managed key to use instead of creating one (the stack's shared key, `credlink:kms.keyPerStore:
   * false`): its policy must let ECR (kms:ViaService) use it. @default undefined (the component creates its own key)
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /** Delete the repository even when it holds images. For dev stacks that must tear down cleanly. @default false */
  readonly forceDelete?: boolean;
  /**
   * `protect` + `retainOnDelete` on the repository and its key (prod): the images are what a rollback runs, and a
   * deleted key makes every image in the repository unreadable. @default true
   */
  readonly protectData?: boolean;
  /**
   * Who administers the customer managed key(s) this component creates: the break-glass role, and the deploy role
   * for key policies only (lib/kms KeyAdministrators). @default undefined (the account root statement)
   */
  readonly keyAdministrators?: KeyAdministrators;
}

export type ResolvedRegistryArgs = Required<Omit<RegistryArgs, "kmsKeyArn" | "keyAdministrators">>;

/** Applies the documented defaults. The single place they live. */
export function resolveRegistryArgs(name: string, args: RegistryArgs): ResolvedRegistryArgs {
  return {
    repositoryName: args.repositoryName ?? name,
    keepImages: args.keepImages ?? 20,
    keyDeletionWindowDays: args.keyDeletionWindowDays ?? 30,
    forceDelete: args.forceDelete ?? false,
    protectData: args.protectData ?? true,
  };
}

/** Throws an Error naming the argument, the value and what is allowed. */
export function validateRegistryArgs(args: ResolvedRegistryArgs): void {
  if (!/^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/.test(args.repositoryName) || args.repositoryName.length > 256) {
    throw new Error(`repositoryName must be an ECR repository name (lowercase letters, digits, ".", "_", "-", "/"), got "${args.repositoryName}"`);
  }
  if (!Number.isInteger(args.keepImages) || args.keepImages < 1 || args.keepImages > 1000) {
    throw new Error(`keepImages must be an integer from 1 to 1000, got ${args.keepImages}`);
  }
  if (!Number.isInteger(args.keyDeletionWindowDays) || args.keyDeletionWindowDays < 7 || args.keyDeletionWindowDays > 30) {
    throw new Error(`keyDeletionWindowDays must be an integer from 7 to 30, got ${args.keyDeletionWindowDays}`);
  }
}

/** The lifecycle policy document: keep the newest `keepImages` images, expire the rest (tagged or not). */
export function lifecyclePolicyDocument(keepImages: number): string {
  return JSON.stringify({
    rules: [
      {
        rulePriority: 1,
        description: `Keep the newest ${keepImages} images`,
        selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: keepImages },
        action: { type: "expire" },
      },
    ],
  });
}

/**
 * The service's image registry: a private ECR repository with immutable tags (a tag always means the same image,
 * so a rollback really runs the old code), scan on push, encryption with its own customer managed key, and a
 * lifecycle policy that keeps the last N images.
 */
export class Registry extends pulumi.ComponentResource {
  public readonly repositoryName: pulumi.Output<string>;
  public readonly repositoryArn: pulumi.Output<string>;
  /** `<account>.dkr.ecr.<region>.amazonaws.com/<name>`: where CI pushes and what `service.image` starts with. */
  public readonly repositoryUrl: pulumi.Output<string>;
  public readonly keyArn: pulumi.Output<string>;

  constructor(name: string, args: RegistryArgs = {}, opts: pulumi.ComponentResourceOptions = {}) {
    super("credlink:app:Registry", name, {}, opts);
    const resolved = resolveRegistryArgs(name, args);
    validateRegistryArgs(resolved);
    const ctx = awsContext(this);

    // ECR reaches the key through a grant it creates, with the caller's permissions, when the repository is created;
    // pushes and pulls then go through that grant. The account-root statement only administers the key, so this
    // account's principals may use it through ECR only (as the AWS managed aws/ecr key allows).
    const keyArn = args.kmsKeyArn !== undefined ? pulumi.output(args.kmsKeyArn) : createKmsKey(
      `${name}-ecr`,
      {
        description: `CredLink ${name}: encrypts the ECR repository ${resolved.repositoryName}`,
        deletionWindowInDays: resolved.keyDeletionWindowDays,
        statements: [viaServiceStatement("AllowEcrInThisAccount", [pulumi.interpolate`ecr.${ctx.region}.amazonaws.com`], ctx)],
        administrators: args.keyAdministrators,
      },
      ctx,
      this,
      { protect: resolved.protectData },
    ).key.arn;

    const repository = new aws.ecr.Repository(
      name,
      {
        name: resolved.repositoryName,
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: keyArn }],
        forceDelete: resolved.forceDelete,
      },
      { parent: this, protect: resolved.protectData, retainOnDelete: resolved.protectData },
    );
    new aws.ecr.LifecyclePolicy(
      name,
      { repository: repository.name, policy: lifecyclePolicyDocument(resolved.keepImages) },
      { parent: this },
    );

    this.repositoryName = repository.name;
    this.repositoryArn = repository.arn;
    this.repositoryUrl = repository.repositoryUrl;
    this.keyArn = keyArn;
    this.registerOutputs({
      repositoryName: this.repositoryName,
      repositoryArn: this.repositoryArn,
      repositoryUrl: this.repositoryUrl,
      keyArn: this.keyArn,
    });
  }
}
