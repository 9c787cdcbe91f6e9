import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext, awsContext } from "../lib/aws-context";
import { createKmsKey, KeyAdministrators, viaServiceStatement } from "../lib/kms";

/** Where the repository's images are replicated: another region of this account's registry. */
export interface RegistryReplicationArgs {
  /** The DR region; never the repository's own. */
  readonly region: string;
  /** An aws provider for `region`: the replica repository and its key are created there. */
  readonly provider: pulumi.ProviderResource;
}

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
   * Replicate the repository's images to another region (ECR private registry replication), into a repository of the
   * same name the component creates there with the same tag immutability, scanning and lifecycle, encrypted with a key
   * of its own in that region. The replication configuration is a registry-wide singleton (one per account and region):
   * pass this in the one stack that owns the account's registry settings. @default undefined (no replication)
   */
  readonly replication?: RegistryReplicationArgs;
  /**
   * Use this existing repository, in the component's region, instead of creating one: a failover stack runs the
   * images the primary's replication copied into `<project>-<primary stack>` there. Nothing is created; the outputs
   * name it. @default undefined (create the repository)
   */
  readonly existingRepositoryName?: string;
  /** The stack's permissions boundary, on every role this component creates (none today). @default undefined (none) */
  readonly permissionsBoundary?: pulumi.Input<string>;
  /**
   * Who administers the customer managed key(s) this component creates: the break-glass role, and the deploy role
   * for key policies only (lib/kms KeyAdministrators). @default undefined (the account root statement)
   */
  readonly keyAdministrators?: KeyAdministrators;
}

export type ResolvedRegistryArgs = Required<Omit<RegistryArgs, "kmsKeyArn" | "replication" | "existingRepositoryName" | "permissionsBoundary" | "keyAdministrators">> &
  Pick<RegistryArgs, "replication" | "existingRepositoryName" | "permissionsBoundary" | "keyAdministrators">;

/** Applies the documented defaults. The single place they live. */
export function resolveRegistryArgs(name: string, args: RegistryArgs): ResolvedRegistryArgs {
  return {
    repositoryName: args.repositoryName ?? name,
    keepImages: args.keepImages ?? 20,
    keyDeletionWindowDays: args.keyDeletionWindowDays ?? 30,
    forceDelete: args.forceDelete ?? false,
    protectData: args.protectData ?? true,
    replication: args.replication,
    existingRepositoryName: args.existingRepositoryName,
    permissionsBoundary: args.permissionsBoundary,
    keyAdministrators: args.keyAdministrators,
  };
}

/** ECR repository names (ECR API reference, CreateRepository, repositoryName): up to 256 of these, `/` between parts. */
const REPOSITORY_NAME = /^(?=.{2,256}$)[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;

/** Throws an Error naming the argument, the value and what is allowed. */
export function validateRegistryArgs(args: ResolvedRegistryArgs): void {
  if (!REPOSITORY_NAME.test(args.repositoryName)) {
    throw new Error(`repositoryName must be an ECR repository name (lowercase letters, digits, ".", "_", "-", "/"), got "${args.repositoryName}"`);
  }
  if (!Number.isInteger(args.keepImages) || args.keepImages < 1 || args.keepImages > 1000) {
    throw new Error(`keepImages must be an integer from 1 to 1000, got ${args.keepImages}`);
  }
  if (!Number.isInteger(args.keyDeletionWindowDays) || args.keyDeletionWindowDays < 7 || args.keyDeletionWindowDays > 30) {
    throw new Error(`keyDeletionWindowDays must be an integer from 7 to 30, got ${args.keyDeletionWindowDays}`);
  }
  if (args.existingRepositoryName !== undefined && !REPOSITORY_NAME.test(args.existingRepositoryName)) {
    throw new Error(`existingRepositoryName must be an ECR repository name (lowercase letters, digits, ".", "_", "-", "/"), got "${args.existingRepositoryName}"`);
  }
  if (args.existingRepositoryName !== undefined && args.replication !== undefined) {
    throw new Error("replication must be left out with existingRepositoryName: an adopted repository is a replica, and a replica of a replica doubles the copies");
  }
  if (args.replication && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(args.replication.region)) {
    throw new Error(`replication.region must be an AWS region name like "us-west-2", got "${args.replication.region}"`);
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
 *
 * With `replication`, every pushed image is copied to the DR region (ECR private registry replication), into a
 * repository of the same name the component creates there: the same tag immutability, scan on push and lifecycle
 * policy, encrypted with a key of its own in that region. With `existingRepositoryName` (a failover stack), the
 * component creates nothing and names that repository: the replication's destination.
 */
export class Registry extends pulumi.ComponentResource {
  public readonly repositoryName: pulumi.Output<string>;
  public readonly repositoryArn: pulumi.Output<string>;
  /** `<account>.dkr.ecr.<region>.amazonaws.com/<name>`: where CI pushes and what `service.image` starts with. */
  public readonly repositoryUrl: pulumi.Output<string>;
  /** The repository's key; undefined for an existing repository (its key is the replication's). */
  public readonly keyArn: pulumi.Output<string> | undefined;
  /** With `replication`: the DR region's copy, `<account>.dkr.ecr.<dr region>.amazonaws.com/<name>`. */
  public readonly replicaRepositoryUrl: pulumi.Output<string> | undefined;
  /** With `replication`: the key that encrypts the replicas in the DR region. */
  public readonly replicaKeyArn: pulumi.Output<string> | undefined;

  constructor(name: string, args: RegistryArgs = {}, opts: pulumi.ComponentResourceOptions = {}) {
    super("credlink:app:Registry", name, {}, opts);
    const resolved = resolveRegistryArgs(name, args);
    validateRegistryArgs(resolved);
    const ctx = awsContext(this);

    if (resolved.existingRepositoryName !== undefined) {
      const existing = resolved.existingRepositoryName;
      this.repositoryName = pulumi.output(existing);
      this.repositoryArn = pulumi.interpolate`arn:${ctx.partition}:ecr:${ctx.region}:${ctx.accountId}:repository/${existing}`;
      this.repositoryUrl = pulumi.interpolate`${ctx.accountId}.dkr.ecr.${ctx.region}.amazonaws.com/${existing}`;
      this.keyArn = undefined;
      this.replicaRepositoryUrl = undefined;
      this.replicaKeyArn = undefined;
      this.registerOutputs({ repositoryName: this.repositoryName, repositoryArn: this.repositoryArn, repositoryUrl: this.repositoryUrl });
      return;
    }

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
    const replica = resolved.replication ? this.replicate(name, resolved, resolved.replication, ctx) : undefined;

    this.repositoryName = repository.name;
    this.repositoryArn = repository.arn;
    this.repositoryUrl = repository.repositoryUrl;
    this.keyArn = keyArn;
    this.replicaRepositoryUrl = replica?.repositoryUrl;
    this.replicaKeyArn = replica?.keyArn;
    this.registerOutputs({
      repositoryName: this.repositoryName,
      repositoryArn: this.repositoryArn,
      repositoryUrl: this.repositoryUrl,
      keyArn: this.keyArn,
      replicaRepositoryUrl: this.replicaRepositoryUrl,
      replicaKeyArn: this.replicaKeyArn,
    });
  }

  /**
   * The DR region's copy: a key there, the replica repository itself (the same name, immutable tags, scan on push, the
   * same lifecycle policy, encrypted with that key), then the registry's replication rule, filtered to this repository's
   * name. ECR replicates into the repository of the same name in the destination ("the repository name will remain the
   * same across Regions": ECR user guide, "Private image replication") and creates one only when none exists, then from a
   * repository creation template. No template can match a top-level name such as `credlink-prod`: "there is always an
   * assumed / applied to the end of the prefix" (ECR API reference, CreateRepositoryCreationTemplate, prefix), so a
   * template `credlink-prod` matches `credlink-prod/...` only, and ROOT would be every replica of the registry's. And a
   * template applies only to repositories ECR creates, never to one that exists (ECR user guide, "Templates to control
   * repositories created during a pull through cache, create on push, or replication action"). So the program creates
   * the replica, before the rule: a repository ECR made first gets its defaults (AES256, mutable tags, no lifecycle),
   * and an existing repository's encryption can't be changed (delete it, then `up`: docs/DISASTER-RECOVERY.md).
   */
  private replicate(name: string, args: ResolvedRegistryArgs, replication: RegistryReplicationArgs, ctx: AwsContext) {
    const drCtx: AwsContext = { ...ctx, region: pulumi.output(replication.region) };
    const provider = replication.provider;
    const { key } = createKmsKey(
      `${name}-ecr-replica`,
      {
        description: `CredLink ${name}: encrypts the replicas of ${args.repositoryName} in ${replication.region}`,
        deletionWindowInDays: args.keyDeletionWindowDays,
        statements: [viaServiceStatement("AllowEcrInThisAccount", [`ecr.${replication.region}.amazonaws.com`], drCtx)],
        administrators: args.keyAdministrators,
      },
      drCtx,
      this,
      { provider, protect: args.protectData },
    );
    const repository = new aws.ecr.Repository(
      `${name}-replica`,
      {
        name: args.repositoryName,
        imageTagMutability: "IMMUTABLE",
        // Scan on push is the repository's own setting; the registry's ENHANCED scanning in that region (the account
        // baseline's) takes over where it applies.
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: key.arn }],
        forceDelete: args.forceDelete,
      },
      // The images a failover runs: protected and kept like the source repository.
      { parent: this, provider, protect: args.protectData, retainOnDelete: args.protectData },
    );
    const lifecycle = new aws.ecr.LifecyclePolicy(
      `${name}-replica`,
      { repository: repository.name, policy: lifecyclePolicyDocument(args.keepImages) },
      { parent: this, provider },
    );
    new aws.ecr.ReplicationConfiguration(
      `${name}-replication`,
      { replicationConfiguration: replicationRules(args.repositoryName, replication.region, ctx.accountId) },
      // The replica must exist, with its key and lifecycle, before the first image is replicated into it.
      { parent: this, dependsOn: [repository, lifecycle] },
    );
    return { keyArn: key.arn, repositoryUrl: repository.repositoryUrl };
  }
}

/**
 * The registry's replication configuration: one rule, this repository's images to the DR region of this account. The
 * filter is a prefix (the only filter type ECR offers): it also matches longer names that start with this one.
 */
export function replicationRules(repositoryName: string, region: string, accountId: pulumi.Input<string>): aws.types.input.ecr.ReplicationConfigurationReplicationConfiguration {
  return {
    rules: [{ destinations: [{ region, registryId: accountId }], repositoryFilters: [{ filter: repositoryName, filterType: "PREFIX_MATCH" }] }],
  };
}
