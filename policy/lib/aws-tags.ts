/**
 * AWS's tag rules, shared by the pack (`aws-tags-valid`) and the program's config validation (stacks/config.ts reads
 * the tag values it puts on every resource through the provider's default tags), so the two can't disagree.
 * Sources: "Tagging AWS resources", tag naming limits and requirements
 * (https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html#tag-conventions), and the Resource Groups
 * Tagging API (https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_TagResources.html).
 * Pure data: no imports, so the program can use it without loading the pack.
 */

/** Letters, digits and spaces (any script), and `_ . : / = + - @`: the characters of a tag key or value. */
export const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
/** What TAG_CHARS allows, in words, for messages. */
export const TAG_CHARS_SAID = "letters, digits, spaces and _.:/=+-@";
/** A tag key is 1-128 Unicode characters. */
export const TAG_KEY_MAX = 128;
/** A tag value is 0-256 Unicode characters. */
export const TAG_VALUE_MAX = 256;
/** User tags per resource. */
export const MAX_TAGS = 50;
/** AWS reserves this prefix (any case) for its own tags. */
export const RESERVED_TAG_PREFIX = /^aws:/i;
