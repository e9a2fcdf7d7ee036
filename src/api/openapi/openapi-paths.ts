import type { ResourceInfo } from '../resources.js';

/** What `x-kubernetes-group-version-kind` holds on an operation. */
export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

export interface OpenApiParameter {
  readonly name: string;
  readonly in: 'path' | 'query';
  readonly description: string;
  readonly required?: true;
  readonly schema: { readonly type: 'string' | 'boolean' | 'integer'; readonly uniqueItems: true };
}

type Content = Readonly<Record<string, { readonly schema: Readonly<Record<string, unknown>> }>>;

export interface OpenApiOperation {
  readonly description: string;
  readonly operationId: string;
  readonly tags: readonly string[];
  readonly parameters?: readonly OpenApiParameter[];
  readonly requestBody?: { readonly content: Content; readonly required: true };
  readonly responses: Readonly<Record<string, { readonly description: string; readonly content?: Content }>>;
  readonly 'x-kubernetes-action': string;
  readonly 'x-kubernetes-group-version-kind': GroupVersionKind;
}

export interface OpenApiPathItem {
  readonly parameters?: readonly OpenApiParameter[];
  readonly get?: OpenApiOperation;
  readonly put?: OpenApiOperation;
  readonly post?: OpenApiOperation;
  readonly delete?: OpenApiOperation;
  readonly patch?: OpenApiOperation;
}

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const STATUS = `${META}.Status`;
const DELETE_OPTIONS = `${META}.DeleteOptions`;
const PATCH = `${META}.Patch`;
const SCALE = 'io.k8s.api.autoscaling.v1.Scale';
const SCALE_GVK: GroupVersionKind = { group: 'autoscaling', version: 'v1', kind: 'Scale' };

/** The schema name of a kind, e.g. ('apps','v1','Deployment') -> 'io.k8s.api.apps.v1.Deployment'. */
export function schemaNameOf(group: string, version: string, kind: string): string {
  const pkg = group === '' ? 'core' : (group.split('.')[0] ?? group);
  return `io.k8s.api.${pkg}.${version}.${kind}`;
}

const capitalize = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

/** `CoreV1`, `AppsV1`, `RbacAuthorizationV1`: the group-version part of upstream operation ids. */
function operationGroupVersion(group: string, version: string): string {
  const words = group === '' ? ['core'] : group.replace(/\.k8s\.io$/, '').split('.');
  return words.map(capitalize).join('') + capitalize(version);
}

/** `core_v1`, `apps_v1`, `rbacAuthorization_v1`: upstream's operation tags. */
function tagOf(group: string, version: string): string {
  const words = group === '' ? ['core'] : group.replace(/\.k8s\.io$/, '').split('.');
  return `${words.map((word, i) => (i === 0 ? word : capitalize(word))).join('')}_${version}`;
}

function param(name: string, description: string, type: 'string' | 'boolean' | 'integer' = 'string'): OpenApiParameter {
  return { name, in: 'query', description, schema: { type, uniqueItems: true } };
}
function pathParam(name: string, description: string): OpenApiParameter {
  return { name, in: 'path', description, required: true, schema: { type: 'string', uniqueItems: true } };
}

const P = {
  pretty: param('pretty', "If 'true', then the output is pretty printed. Defaults to 'false' unless the user-agent indicates a browser or command-line HTTP tool (curl and wget)."),
  namespace: pathParam('namespace', 'object name and auth scope, such as for teams and projects'),
  dryRun: param('dryRun', 'When present, indicates that modifications should not be persisted. An invalid or unrecognized dryRun directive will result in an error response and no further processing of the request. Valid values are: - All: all dry run stages will be processed'),
  fieldManager: param('fieldManager', 'fieldManager is a name associated with the actor or entity that is making these changes. The value must be less than or 128 characters long, and only contain printable characters, as defined by https://golang.org/pkg/unicode/#IsPrint.'),
  patchFieldManager: param('fieldManager', 'fieldManager is a name associated with the actor or entity that is making these changes. The value must be less than or 128 characters long, and only contain printable characters, as defined by https://golang.org/pkg/unicode/#IsPrint. This field is required for apply requests (application/apply-patch) but optional for non-apply patch types (JsonPatch, MergePatch, StrategicMergePatch).'),
  fieldValidation: param('fieldValidation', 'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore: This will ignore any unknown fields that are silently dropped from the object, and will ignore all but the last duplicate field that the decoder encounters. This is the default behavior prior to v1.23. - Warn: This will send a warning via the standard warning response header for each unknown field that is dropped from the object, and for each duplicate field that is encountered. The request will still succeed if there are no other errors, and will only persist the last of any duplicate fields. This is the default in v1.23+ - Strict: This will fail the request with a BadRequest error if any unknown fields would be dropped from the object, or if any duplicate fields are present. The error returned from the server will contain all unknown and duplicate fields encountered.'),
  force: param('force', 'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people. Force flag must be unset for non-apply patch requests.', 'boolean'),
  gracePeriodSeconds: param('gracePeriodSeconds', 'The duration in seconds before the object should be deleted. Value must be non-negative integer. The value zero indicates delete immediately. If this value is nil, the default grace period for the specified type will be used. Defaults to a per object value if not specified. zero means delete immediately.', 'integer'),
  orphanDependents: param('orphanDependents', 'Deprecated: please use the PropagationPolicy, this field will be deprecated in 1.7. Should the dependent objects be orphaned. If true/false, the "orphan" finalizer will be added to/removed from the object\'s finalizers list. Either this field or PropagationPolicy may be set, but not both.', 'boolean'),
  propagationPolicy: param('propagationPolicy', "Whether and how garbage collection will be performed. Either this field or OrphanDependents may be set, but not both. The default policy is decided by the existing finalizer set in the metadata.finalizers and the resource-specific default policy. Acceptable values are: 'Orphan' - orphan the dependents; 'Background' - allow the garbage collector to delete the dependents in the background; 'Foreground' - a cascading policy that deletes all dependents in the foreground."),
  allowWatchBookmarks: param('allowWatchBookmarks', 'allowWatchBookmarks requests watch events with type "BOOKMARK". Servers that do not implement bookmarks may ignore this flag and bookmarks are sent at the server\'s discretion. Clients should not assume bookmarks are returned at any specific interval, nor may they assume the server will send any BOOKMARK event during a session. If this is not a watch, this field is ignored.', 'boolean'),
  continue: param('continue', 'The continue option should be set when retrieving more results from the server. Since this value is server defined, clients may only use the continue value from a previous query result with identical query parameters (except for the value of continue) and the server may reject a continue value it does not recognize.'),
  fieldSelector: param('fieldSelector', 'A selector to restrict the list of returned objects by their fields. Defaults to everything.'),
  labelSelector: param('labelSelector', 'A selector to restrict the list of returned objects by their labels. Defaults to everything.'),
  limit: param('limit', 'limit is a maximum number of responses to return for a list call. If more items exist, the server will set the `continue` field on the list metadata to a value that can be used with the same initial query to retrieve the next set of results.', 'integer'),
  resourceVersion: param('resourceVersion', 'resourceVersion sets a constraint on what resource versions a request may be served from. See https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions for details.\n\nDefaults to unset'),
  resourceVersionMatch: param('resourceVersionMatch', 'resourceVersionMatch determines how resourceVersion is applied to list calls. It is highly recommended that resourceVersionMatch be set for list calls where resourceVersion is set See https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions for details.\n\nDefaults to unset'),
  sendInitialEvents: param('sendInitialEvents', '`sendInitialEvents=true` may be set together with `watch=true`. In that case, the watch stream will begin with synthetic events to produce the current state of objects in the collection. Once all such events have been sent, a synthetic "Bookmark" event will be sent.', 'boolean'),
  timeoutSeconds: param('timeoutSeconds', 'Timeout for the list/watch call. This limits the duration of the call, regardless of any activity or inactivity.', 'integer'),
  watch: param('watch', 'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications. Specify resourceVersion.', 'boolean'),
} as const;

const LIST_PARAMS = [P.allowWatchBookmarks, P.continue, P.fieldSelector, P.labelSelector, P.limit, P.resourceVersion, P.resourceVersionMatch, P.sendInitialEvents, P.timeoutSeconds, P.watch];
const WRITE_PARAMS = [P.dryRun, P.fieldManager, P.fieldValidation];
const PATCH_PARAMS = [P.dryRun, P.patchFieldManager, P.fieldValidation, P.force];
const DELETE_PARAMS = [P.dryRun, P.gracePeriodSeconds, P.orphanDependents, P.propagationPolicy];
const DELETE_COLLECTION_PARAMS = [P.continue, P.dryRun, P.fieldSelector, P.gracePeriodSeconds, P.labelSelector, P.limit, P.orphanDependents, P.propagationPolicy, P.resourceVersion, P.resourceVersionMatch, P.sendInitialEvents, P.timeoutSeconds];
const PATCH_TYPES = ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'];

const ref = (schemaName: string): { $ref: string } => ({ $ref: `#/components/schemas/${schemaName}` });
function content(schemaName: string, types: readonly string[] = ['application/json', 'application/yaml']): Content {
  return Object.fromEntries(types.map((type) => [type, { schema: ref(schemaName) }]));
}
const TEXT: Content = { 'text/plain': { schema: { type: 'string' } } };

interface OpSpec {
  readonly verb: string;
  readonly action: string;
  readonly description: string;
  readonly gvk: GroupVersionKind;
  readonly parameters?: readonly OpenApiParameter[];
  readonly body?: string | readonly string[];
  readonly responses: Readonly<Record<string, { readonly description: string; readonly content?: Content }>>;
}

/** The paths of every resource given (all in one group-version), and the schemas they name. */
export function pathsOf(resources: readonly ResourceInfo[]): { paths: Record<string, OpenApiPathItem>; schemaRoots: Set<string> } {
  const paths: Record<string, OpenApiPathItem> = {};
  const schemaRoots = new Set([STATUS, DELETE_OPTIONS, PATCH]);
  for (const info of resources) addResource(info, paths, schemaRoots);
  return { paths, schemaRoots };
}

function addResource(info: ResourceInfo, paths: Record<string, OpenApiPathItem>, schemaRoots: Set<string>): void {
  const { group, version, kind, namespaced } = info;
  const gv = operationGroupVersion(group, version);
  const tag = tagOf(group, version);
  const scope = namespaced ? 'Namespaced' : '';
  const prefix = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
  const base = namespaced ? `${prefix}/namespaces/{namespace}/${info.resource}` : `${prefix}/${info.resource}`;
  const gvk: GroupVersionKind = { group, version, kind };
  const schema = schemaNameOf(group, version, kind);
  const list = schemaNameOf(group, version, `${kind}List`);
  schemaRoots.add(schema).add(list);
  const can = (verb: string): boolean => info.verbs.includes(verb);
  const ok = (name: string, created = false): OpSpec['responses'] => ({
    '200': { description: 'OK', content: content(name) },
    ...(created ? { '201': { description: 'Created', content: content(name) } } : {}),
    '401': { description: 'Unauthorized' },
  });
  // operationId as upstream: verb, group-version, then the rest (`patchAppsV1NamespacedDeployment`).
  const op = (suffix: string, spec: OpSpec): OpenApiOperation => ({
    description: spec.description,
    operationId: `${spec.verb}${gv}${suffix}`,
    tags: [tag],
    ...(spec.parameters === undefined ? {} : { parameters: spec.parameters }),
    ...(spec.body === undefined
      ? {}
      : { requestBody: { content: typeof spec.body === 'string' ? content(spec.body, ['*/*']) : Object.fromEntries(spec.body.map((t) => [t, { schema: ref(PATCH) }])), required: true } }),
    responses: spec.responses,
    'x-kubernetes-action': spec.action,
    'x-kubernetes-group-version-kind': spec.gvk,
  });
  const scoped = namespaced ? [P.namespace] : [];
  const nameParam = (what: string): OpenApiParameter => pathParam('name', `name of the ${what}`);

  // The collection, and the list across namespaces.
  paths[base] = {
    parameters: [...scoped, P.pretty],
    ...(can('list') && { get: op(`${scope}${kind}`, { verb: 'list', action: 'list', description: `list or watch objects of kind ${kind}`, gvk, parameters: LIST_PARAMS, responses: { '200': { description: 'OK', content: content(list, ['application/json', 'application/json;stream=watch', 'application/yaml']) }, '401': { description: 'Unauthorized' } } }) }),
    ...(can('create') && { post: op(`${scope}${kind}`, { verb: 'create', action: 'post', description: `create ${article(kind)} ${kind}`, gvk, parameters: WRITE_PARAMS, body: schema, responses: { ...ok(schema, true), '202': { description: 'Accepted', content: content(schema) } } }) }),
    ...(can('deletecollection') && { delete: op(`Collection${scope}${kind}`, { verb: 'delete', action: 'deletecollection', description: `delete collection of ${kind}`, gvk, parameters: DELETE_COLLECTION_PARAMS, body: DELETE_OPTIONS, responses: ok(STATUS) }) }),
  };
  if (namespaced && can('list')) {
    paths[`${prefix}/${info.resource}`] = {
      parameters: [P.pretty],
      get: op(`${kind}ForAllNamespaces`, { verb: 'list', action: 'list', description: `list or watch objects of kind ${kind}`, gvk, parameters: LIST_PARAMS, responses: { '200': { description: 'OK', content: content(list, ['application/json', 'application/json;stream=watch', 'application/yaml']) }, '401': { description: 'Unauthorized' } } }),
    };
  }

  // One object.
  paths[`${base}/{name}`] = {
    parameters: [nameParam(kind), ...scoped, P.pretty],
    ...(can('get') && { get: op(`${scope}${kind}`, { verb: 'read', action: 'get', description: `read the specified ${kind}`, gvk, responses: ok(schema) }) }),
    ...(can('update') && { put: op(`${scope}${kind}`, { verb: 'replace', action: 'put', description: `replace the specified ${kind}`, gvk, parameters: WRITE_PARAMS, body: schema, responses: ok(schema, true) }) }),
    ...(can('patch') && { patch: op(`${scope}${kind}`, { verb: 'patch', action: 'patch', description: `partially update the specified ${kind}`, gvk, parameters: PATCH_PARAMS, body: PATCH_TYPES, responses: ok(schema, true) }) }),
    ...(can('delete') && { delete: op(`${scope}${kind}`, { verb: 'delete', action: 'delete', description: `delete ${article(kind)} ${kind}`, gvk, parameters: DELETE_PARAMS, body: DELETE_OPTIONS, responses: { ...ok(STATUS), '202': { description: 'Accepted', content: content(STATUS) } } }) }),
  };

  // Subresources.
  for (const sub of info.subresources) {
    const path = `${base}/{name}/${sub}`;
    const parameters = [nameParam(kind), ...scoped, P.pretty];
    const Sub = capitalize(sub);
    if (sub === 'status' || sub === 'scale') {
      const target = sub === 'scale' ? SCALE : schema;
      const targetGvk = sub === 'scale' ? SCALE_GVK : gvk;
      if (sub === 'scale') schemaRoots.add(SCALE);
      paths[path] = {
        parameters,
        get: op(`${scope}${kind}${Sub}`, { verb: 'read', action: 'get', description: `read ${sub} of the specified ${kind}`, gvk: targetGvk, responses: ok(target) }),
        put: op(`${scope}${kind}${Sub}`, { verb: 'replace', action: 'put', description: `replace ${sub} of the specified ${kind}`, gvk: targetGvk, parameters: WRITE_PARAMS, body: target, responses: ok(target, true) }),
        patch: op(`${scope}${kind}${Sub}`, { verb: 'patch', action: 'patch', description: `partially update ${sub} of the specified ${kind}`, gvk: targetGvk, parameters: PATCH_PARAMS, body: PATCH_TYPES, responses: ok(target, true) }),
      };
    } else if (sub === 'finalize') {
      paths[path] = { parameters, put: op(`${scope}${kind}${Sub}`, { verb: 'replace', action: 'put', description: `replace finalize of the specified ${kind}`, gvk, parameters: WRITE_PARAMS, body: schema, responses: ok(schema, true) }) };
    } else if (sub === 'binding' || sub === 'eviction') {
      const target = sub === 'binding' ? schemaNameOf('', 'v1', 'Binding') : schemaNameOf('policy', 'v1', 'Eviction');
      const targetGvk: GroupVersionKind = sub === 'binding' ? { group: '', version: 'v1', kind: 'Binding' } : { group: 'policy', version: 'v1', kind: 'Eviction' };
      schemaRoots.add(target);
      paths[path] = { parameters, post: op(`${scope}${kind}${Sub}`, { verb: 'create', action: 'post', description: `create ${sub} of ${article(kind)} ${kind}`, gvk: targetGvk, parameters: WRITE_PARAMS, body: target, responses: { ...ok(target, true), '202': { description: 'Accepted', content: content(target) } } }) };
    } else if (sub === 'log') {
      paths[path] = { parameters, get: op(`${scope}${kind}Log`, { verb: 'read', action: 'get', description: `read log of the specified ${kind}`, gvk, parameters: LOG_PARAMS, responses: { '200': { description: 'OK', content: TEXT }, '401': { description: 'Unauthorized' } } }) };
    } else {
      // exec, attach, portforward: streaming upgrades (`x-kubernetes-action: connect`).
      const options: GroupVersionKind = { group: '', version: 'v1', kind: `${kind}${sub === 'portforward' ? 'PortForward' : Sub}Options` };
      const connect = (method: 'Get' | 'Post'): OpenApiOperation =>
        op(`${method}${scope}${kind}${Sub}`, { verb: 'connect', action: 'connect', description: `connect ${method.toUpperCase()} requests to ${sub} of ${kind}`, gvk: options, responses: { '200': { description: 'OK', content: TEXT }, '401': { description: 'Unauthorized' } } });
      paths[path] = { parameters, get: connect('Get'), post: connect('Post') };
    }
  }
}

const LOG_PARAMS = [
  param('container', 'The container for which to stream logs. Defaults to only container if there is one container in the pod.'),
  param('follow', 'Follow the log stream of the pod. Defaults to false.', 'boolean'),
  param('limitBytes', 'If set, the number of bytes to read from the server before terminating the log output. This may not display a complete final line of logging, and may return slightly more or slightly less than the specified limit.', 'integer'),
  param('previous', 'Return previous terminated container logs. Defaults to false.', 'boolean'),
  param('sinceSeconds', 'A relative time in seconds before the current time from which to show logs. If this value precedes the time a pod was started, only logs since the pod start will be returned. If this value is in the future, no logs will be returned. Only one of sinceSeconds or sinceTime may be specified.', 'integer'),
  param('tailLines', 'If set, the number of lines from the end of the logs to show. If not specified, logs are shown from the creation of the container or sinceSeconds or sinceTime', 'integer'),
  param('timestamps', 'If true, add an RFC3339 or RFC3339Nano timestamp at the beginning of every line of log output. Defaults to false.', 'boolean'),
];

function article(kind: string): string {
  return /^[AEIOU]/.test(kind) ? 'an' : 'a';
}
