/** `credlink:tags`: the cost-allocation tags every taggable resource carries. */
import { z } from "zod";
import { tagValue } from "./lib";

/**
 * The tags the provider's default tags put on every taggable resource, beside `Project` and `Environment`.
 */
export const tags = z.strictObject({
  /**
   * Team that owns the stack; becomes the `Owner` tag on every resource (provider default tags).
   * @accepts an AWS tag value: 1-256 letters, digits, spaces, `_ . : / = + - @`; not `aws:...`
   */
  owner: tagValue,
  /**
   * Cost centre billed for the stack; becomes the `CostCenter` tag on every resource.
   * @accepts 1-64 of `[A-Za-z0-9._-]`, starting with a letter or digit
   */
  costCenter: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, {
    error: "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit",
  }),
});
