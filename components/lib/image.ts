/**
 * Container image references (`[registry/]repository[:tag][@digest]`), parsed with the grammar of
 * distribution/reference, which Docker, containerd and ECS all use.
 */

const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const DOMAIN = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?`;
const PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const TAG = "[\\w][\\w.-]{0,127}";
/** Only sha256 digests: the algorithm every registry (ECR included) uses for image manifests. */
const DIGEST = "sha256:[a-f0-9]{64}";
const REFERENCE = new RegExp(`^(?:(${DOMAIN})/)?(${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::(${TAG}))?(?:@(${DIGEST}))?$`);

export interface ImageReference {
  /** Registry host (and port), when the reference names one. */
  readonly registry?: string;
  /** Repository path inside the registry. */
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

/** Parses an image reference; undefined when it is malformed. A first segment is a registry only if it looks like a host. */
export function parseImageReference(reference: string): ImageReference | undefined {
  const match = REFERENCE.exec(reference);
  if (!match) return undefined;
  const [, first, rest, tag, digest] = match;
  let registry: string | undefined;
  let repository: string;
  if (first !== undefined && (first.includes(".") || first.includes(":") || first === "localhost")) {
    registry = first;
    repository = rest;
  } else if (first !== undefined) {
    // "team/app": the first segment is a path component, which must be lowercase.
    if (!new RegExp(`^${PATH_COMPONENT}$`).test(first)) return undefined;
    repository = `${first}/${rest}`;
  } else {
    repository = rest;
  }
  if (repository.length > 255) return undefined;
  return { registry, repository, tag, digest };
}

/**
 * Throws unless `reference` is a well-formed image reference that pins a tag or a digest. `argName` names the
 * argument in the message ("image must ...").
 */
export function validateImageReference(argName: string, reference: string): ImageReference {
  const parsed = parseImageReference(reference);
  if (!parsed) {
    throw new Error(
      `${argName} must be a container image reference like "123456789012.dkr.ecr.us-east-1.amazonaws.com/credlink:1.4.2", got ${JSON.stringify(reference)}`,
    );
  }
  if (parsed.tag === undefined && parsed.digest === undefined) {
    throw new Error(
      `${argName} must name a tag (":1.4.2") or a digest ("@sha256:<64 hex>"), so a deploy runs exactly the image it names, got ${JSON.stringify(reference)}`,
    );
  }
  return parsed;
}
