/**
 * Cost allocation: every taggable resource carries the required tags, counting the ones the AWS provider adds through
 * its `defaultTags`. The engine shows a policy the resource's provider (`args.provider`), whose `defaultTags` input the
 * aws SDK sends JSON-encoded; both the string and the object form are read.
 */
import type { PolicyProviderResource } from "@pulumi/policy";
import { CredlinkPolicy, parseJson, plain, resourceRule } from "../lib/rules";
import { TAGGABLE_TYPES } from "../lib/taggable";

/** aws type tokens whose resources accept `tags` (generated from @pulumi/aws; see taggable.json). */
export { TAGGABLE_TYPES };

export const REQUIRED_TAGS = ["Project", "Environment", "ManagedBy", "Owner", "CostCenter"];

/** The tags the provider adds to every resource it manages. */
export function providerDefaultTags(provider: PolicyProviderResource | undefined): Record<string, string> {
  if (!provider || !provider.type.startsWith("pulumi:providers:aws")) return {};
  const defaultTags = parseJson(plain(provider.props.defaultTags));
  return { ...(defaultTags?.tags ?? {}) };
}

export const costAllocationTags = resourceRule<{ requiredTags: string[]; environment?: string }>({
  name: "cost-allocation-tags-present",
  description: "Every taggable resource carries the cost-allocation tags, directly or through the provider's defaultTags.",
  covers: ["cost: required cost-allocation tags"],
  enforcementLevel: "mandatory",
  types: TAGGABLE_TYPES,
  configSchema: {
    properties: {
      requiredTags: { type: "array", items: { type: "string", minLength: 1 }, uniqueItems: true, default: REQUIRED_TAGS, description: "Tag keys every taggable resource must carry with a non-empty value." },
      environment: { type: "string", enum: ["dev", "prod"], description: "When set, the Environment tag must equal it (catches a policy config applied to the wrong stack)." },
    },
  },
  check: (p, config, args) => {
    const tags: Record<string, unknown> = { ...providerDefaultTags(args.provider), ...(plain(p.tags) ?? {}) };
    const missing = config.requiredTags.filter((k) => typeof tags[k] !== "string" || (tags[k] as string).trim() === "");
    const problems: string[] = [];
    if (missing.length) problems.push(`missing cost-allocation tag(s) ${missing.join(", ")} (neither on the resource nor in its provider's defaultTags)`);
    if (config.environment && tags.Environment !== undefined && tags.Environment !== config.environment) {
      problems.push(`Environment tag is ${String(tags.Environment)}, but this policy config is for ${config.environment}`);
    }
    return problems;
  },
});

export const taggingPolicies: CredlinkPolicy[] = [costAllocationTags];
