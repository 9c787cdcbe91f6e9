/** credlink:app:*: the application tier: its security groups, the image registry, the load balancer and the Fargate service. */
export * from "./security-groups";
export * from "./registry";
export * from "./load-balancer";
export * from "./service";
