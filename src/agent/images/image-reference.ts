import { TugError } from '../../util/errors.js';

/** An image name that is not a valid reference; a pod shows InvalidImageName. */
export class InvalidImageReferenceError extends TugError {
  readonly code = 'InvalidImageName';
}

export const DOCKER_HUB_DOMAIN = 'docker.io';
/** Where Docker Hub's registry API really lives. */
export const DOCKER_HUB_ENDPOINT = 'https://registry-1.docker.io';

/**
 * A parsed image reference, normalised the way Docker and containerd do:
 * `nginx` is `docker.io/library/nginx:latest`.
 */
export interface ImageReference {
  /** The registry host, with its port if any: `docker.io`, `127.0.0.1:5000`. */
  readonly domain: string;
  /** The repository path inside the registry: `library/nginx`. */
  readonly path: string;
  /** Absent only when the reference names a digest alone. */
  readonly tag?: string;
  readonly digest?: string;
  /** `domain/path`. */
  readonly repository: string;
  /** The fully qualified reference: `docker.io/library/nginx:latest`, `repo@sha256:...`. */
  readonly normalized: string;
}

const pathComponent = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const domainPattern = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:.]+\])(?::[0-9]{1,5})?$/;
const tagPattern = /^[\w][\w.-]{0,127}$/;
const digestPattern = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;

function invalid(reference: string, why: string): InvalidImageReferenceError {
  return new InvalidImageReferenceError(`invalid image reference ${JSON.stringify(reference)}: ${why}`);
}

/** Whether the first component of a name is a registry host rather than a Hub namespace. */
function looksLikeDomain(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost' || component !== component.toLowerCase();
}

function splitDigest(reference: string, rest: string): { name: string; digest?: string } {
  const at = rest.indexOf('@');
  if (at === -1) return { name: rest };
  const digest = rest.slice(at + 1);
  if (!digestPattern.test(digest)) throw invalid(reference, `bad digest ${JSON.stringify(digest)}`);
  if (digest.startsWith('sha256:') && !/^sha256:[a-f0-9]{64}$/.test(digest)) {
    throw invalid(reference, 'a sha256 digest has 64 lowercase hex digits');
  }
  return { name: rest.slice(0, at), digest };
}

function splitTag(reference: string, name: string): { name: string; tag?: string } {
  const colon = name.lastIndexOf(':');
  if (colon === -1 || name.indexOf('/', colon) !== -1) return { name };
  const tag = name.slice(colon + 1);
  if (!tagPattern.test(tag)) throw invalid(reference, `bad tag ${JSON.stringify(tag)}`);
  return { name: name.slice(0, colon), tag };
}

/**
 * Parses and normalises an image reference as Docker's `reference.ParseNormalizedNamed`
 * does: no domain means Docker Hub, a Hub name without a namespace is in `library/`,
 * `index.docker.io` is `docker.io`, and a reference without tag or digest gets
 * `:latest`. Throws `InvalidImageReferenceError`.
 */
export function parseImageReference(reference: string): ImageReference {
  if (reference === '' || reference.trim() !== reference) throw invalid(reference, 'empty or surrounded by spaces');
  const { name: withTag, digest } = splitDigest(reference, reference);
  const { name, tag } = splitTag(reference, withTag);
  const slash = name.indexOf('/');
  let domain = DOCKER_HUB_DOMAIN;
  let path = name;
  if (slash !== -1 && looksLikeDomain(name.slice(0, slash))) {
    domain = name.slice(0, slash);
    path = name.slice(slash + 1);
    if (!domainPattern.test(domain)) throw invalid(reference, `bad registry host ${JSON.stringify(domain)}`);
  }
  if (domain === 'index.docker.io') domain = DOCKER_HUB_DOMAIN;
  if (domain === DOCKER_HUB_DOMAIN && !path.includes('/')) path = `library/${path}`;
  for (const component of path.split('/')) {
    if (!pathComponent.test(component)) {
      throw invalid(reference, `repository path component ${JSON.stringify(component)} must be lowercase letters, digits and separators`);
    }
  }
  const repository = `${domain}/${path}`;
  if (repository.length > 255) throw invalid(reference, 'the repository name is longer than 255 characters');
  const effectiveTag = tag ?? (digest === undefined ? 'latest' : undefined);
  const normalized = `${repository}${effectiveTag === undefined ? '' : `:${effectiveTag}`}${digest === undefined ? '' : `@${digest}`}`;
  return {
    domain,
    path,
    repository,
    normalized,
    ...(effectiveTag === undefined ? {} : { tag: effectiveTag }),
    ...(digest === undefined ? {} : { digest }),
  };
}

/** The default endpoint of a registry host: `https://host`, or Docker Hub's API host. */
export function defaultRegistryEndpoint(domain: string): string {
  return domain === DOCKER_HUB_DOMAIN ? DOCKER_HUB_ENDPOINT : `https://${domain}`;
}
