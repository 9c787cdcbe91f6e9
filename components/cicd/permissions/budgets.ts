/**
 * AWS Budgets: the stack's monthly budget (named after the stack).
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbudgetservice.html
 */
import { global, place, ServicePermissions } from "./types";

export const budgets: ServicePermissions = {
  service: "budgets",
  reference: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbudgetservice.html",
  types: {
    "aws:budgets/budget:Budget": {
      // Budgets' API is authorised as ModifyBudget / ViewBudget (there is no CreateBudget action).
      create: ["budgets:ModifyBudget", "budgets:TagResource"],
      read: ["budgets:ViewBudget", "budgets:ListTagsForResource"],
      update: ["budgets:ModifyBudget", "budgets:TagResource", "budgets:UntagResource"],
      delete: ["budgets:ModifyBudget"],
    },
  },
  statements: (s, actions) => place("budgets", actions, [{ sid: "ThisStacksBudget", takes: /^budgets:/, resources: (x) => [global(x, "budgets", `budget/${x.prefix}-*`)] }], s),
};
