/** What a request addresses, parsed from its path and method as the Kubernetes API server does. */
export type RequestInfo =
  | { readonly kind: 'nonResource'; readonly path: string }
  | {
      readonly kind: 'resource';
      readonly verb: Verb;
      readonly group: string;
      readonly version: string;
      readonly resource: string;
      readonly namespace: string | undefined;
      readonly name: string | undefined;
      readonly subresource: string | undefined;
    };

export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

/**
 * Parses `/api/v1/namespaces/ns/pods/name/status` and `/apis/apps/v1/deployments`.
 * Paths that name no resource (discovery, health, metrics) are non-resource requests.
 */
export function parseRequestInfo(method: string, url: URL): RequestInfo {
  const path = url.pathname;
  const parts = path.split('/').filter((part) => part !== '').map(decodeURIComponent);
  let rest: string[];
  let group: string;
  let version: string;
  if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    version = parts[1] ?? '';
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1] ?? '';
    version = parts[2] ?? '';
    rest = parts.slice(3);
  } else {
    return { kind: 'nonResource', path };
  }
  let watchPath = false;
  if (rest[0] === 'watch') {
    watchPath = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  // namespaces/NS/RESOURCE/... addresses a namespaced resource; namespaces and
  // namespaces/NS[/status|finalize] address the Namespace objects themselves.
  if (rest[0] === 'namespaces' && rest.length >= 3 && !(rest.length === 3 && NAMESPACE_SUBRESOURCES.includes(rest[2] ?? ''))) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [resource = '', name, subresource] = rest;
  if (rest.length > 3 || resource === '') return { kind: 'nonResource', path };
  const watch = watchPath || parseBool(url.searchParams.get('watch'));
  return {
    kind: 'resource',
    verb: verbOf(method, name !== undefined, watch),
    group,
    version,
    resource,
    namespace,
    name,
    subresource,
  };
}

const NAMESPACE_SUBRESOURCES = ['status', 'finalize'];

function verbOf(method: string, named: boolean, watch: boolean): Verb {
  switch (method) {
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return named ? 'delete' : 'deletecollection';
    default:
      if (watch) return 'watch';
      return named ? 'get' : 'list';
  }
}

/** A query flag as Go's strconv.ParseBool reads it (clients send `true`, `True`, `1`...). */
export function parseBool(value: string | null): boolean {
  return value !== null && ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value);
}
