/** credlink:network:*: the VPC, its subnet tiers and flow logs; NAT instances are the Network's children, not a component of their own. */
export * from "./network";
