/** credlink:cicd:*: the identity GitHub Actions deploys and previews with (OIDC, no stored AWS keys). */
export * from "./deploy-identity";
export * from "./runner-ingress";
