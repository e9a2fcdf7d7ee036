import type { ApiObject } from '../../api/object.js';
import { isPlainObject } from '../../api/object.js';
import type { ResourceInfo } from '../../api/resources.js';
import { apiVersionOf, findResource } from '../../api/resources.js';
import type { Storage } from '../../storage/interface.js';
import { type Clock, rfc3339 } from '../../util/clock.js';
import { ApiError, apiErrors } from '../http/api-error.js';
import type { Request, Response } from '../http/http-types.js';
import { parseBody, readBody } from '../http/read-body.js';
import type { RequestInfo } from '../http/request-info.js';
import { sendJson } from '../http/respond.js';
import { fieldManagerFromRequest, trackUpdate } from '../apply/server-side-apply.js';
import type { OptionsKind } from '../apply/field-manager-name.js';
import { parseBool } from '../http/request-info.js';
import { applyJsonPatch } from '../patch/json-patch.js';
import { applyMergePatch } from '../patch/merge-patch.js';
import { patchSchemaOf } from '../patch/patch-schema.js';
import { applyStrategicMergePatch } from '../patch/strategic-merge-patch.js';
import { listObjects } from '../registry/list-objects.js';
import type { ObjectStore } from '../registry/object-store.js';
import type { WatchCache } from '../registry/watch-cache.js';
import { POD_STREAM_SUBRESOURCES, type PodStreaming } from '../streaming/pod-streaming.js';
import { decodeRequestObject } from './decode-object.js';
import { type Scale, scaleOf, updateScale } from './scale-subresource.js';
import { serveApply } from './apply-handler.js';
import { bindPod } from './binding-subresource.js';
import { evictPod } from './eviction-subresource.js';
import { finalizeNamespace } from './namespace-finalize.js';
import { buildMatcher } from './selectors.js';
import { toTable, wantsTable } from './table.js';
import { type FieldValidation, enforceFieldValidation, fieldValidationOf, pruneUnknownFields } from './unknown-fields.js';
import { serveWatch } from './watch-handler.js';
import { serveTokenRequest } from './token-subresource.js';
import type { ServiceAccountTokens } from '../serviceaccount/service-account-tokens.js';

type ResourceRequest = Extract<RequestInfo, { kind: 'resource' }>;

export interface ResourceHandlerOptions {
  readonly store: ObjectStore;
  readonly storage: Storage;
  readonly clock: Clock;
  readonly cache: WatchCache;
  /** Signs TokenRequests (`serviceaccounts/NAME/token`); without it that subresource is 404. */
  readonly serviceAccountTokens?: ServiceAccountTokens;
  /** Serves pods' log, exec, attach and portforward. */
  readonly streaming?: PodStreaming;
}

const APPLY_PATCH_TYPE = 'application/apply-patch+yaml';

const OPTIONS_KIND: Partial<Record<string, OptionsKind>> = { create: 'CreateOptions', update: 'UpdateOptions', patch: 'PatchOptions' };

/** Subresources this handler serves; the others (log, exec, binding, ...) come with their features. */
const SERVED_SUBRESOURCES = ['status', 'scale', 'binding', 'eviction', 'finalize', 'token', ...POD_STREAM_SUBRESOURCES];

/** Serves the CRUD, list, watch and patch verbs of every resource. */
export class ResourceHandler {
  readonly #options: ResourceHandlerOptions;

  constructor(options: ResourceHandlerOptions) {
    this.#options = options;
  }

  async handle(request: Request, response: Response, url: URL, req: ResourceRequest): Promise<void> {
    const info = findResource(req.group, req.version, req.resource);
    if (info === undefined) throw apiErrors.notFoundPath();
    if (req.subresource !== undefined && !(SERVED_SUBRESOURCES.includes(req.subresource) && info.subresources.includes(req.subresource))) {
      throw apiErrors.notFoundPath();
    }
    const namespace = info.namespaced ? req.namespace : undefined;
    if (info.namespaced && namespace === undefined && !['list', 'watch'].includes(req.verb)) throw apiErrors.notFoundPath();
    const dryRun = url.searchParams.getAll('dryRun').includes('All');
    const validation = fieldValidationOf(url.searchParams);
    if (validation === undefined) {
      throw apiErrors.badRequest(`fieldValidation ${url.searchParams.get('fieldValidation') ?? ''} is not supported: use Strict, Warn or Ignore`);
    }
    const checkFields = (object: Record<string, unknown>) => {
      rejectOrWarnUnknown(response, validation, pruneUnknownFields(info, object));
    };
    const decodeChecked = async (): Promise<ApiObject> => {
      const bytes = await readBody(request);
      const contentType = request.headers['content-type'];
      const object = decodeRequestObject(parseBody(bytes, contentType), info, namespace);
      enforceFieldValidation({
        validation,
        info,
        object,
        body: { bytes, contentType },
        warn: (warnings) => {
          if (!response.headersSent) response.setHeader('warning', warnings);
        },
      });
      return object;
    };
    const now = rfc3339(this.#options.clock.now());
    const track = (old: ApiObject | undefined, next: ApiObject): ApiObject => {
      const manager = fieldManagerFromRequest(url.searchParams.get('fieldManager'), request.headers['user-agent'], OPTIONS_KIND[req.verb] ?? 'PatchOptions');
      return trackUpdate({ old, next, manager, group: info.group, version: info.version, kind: info.kind, now, ...subresourceOf(req) }) as ApiObject;
    };
    const { store } = this.#options;
    const name = req.name ?? '';
    if (req.subresource !== undefined && POD_STREAM_SUBRESOURCES.includes(req.subresource) && this.#options.streaming !== undefined) {
      await this.#options.streaming.serveRequest({ request, response, url }, req.subresource, namespace ?? '', name);
      return;
    }
    if (req.subresource === 'binding') {
      if (req.verb !== 'create') throw apiErrors.methodNotAllowed(request.method, 'pods/binding');
      await bindPod(store, info, namespace, name, parseBody(await readBody(request), request.headers['content-type']), { dryRun, now });
      sendJson(response, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
      return;
    }
    if (req.subresource === 'eviction') {
      if (req.verb !== 'create') throw apiErrors.methodNotAllowed(request.method, 'pods/eviction');
      const eviction = parseBody(await readBody(request), request.headers['content-type']);
      await evictPod(store, this.#options.storage, info, namespace, name, eviction, dryRun);
      sendJson(response, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
      return;
    }
    if (req.subresource === 'token') {
      await serveTokenRequest(request, response, { store, tokens: this.#options.serviceAccountTokens, verb: req.verb, namespace, name });
      return;
    }
    if (req.subresource === 'finalize') {
      if (req.verb !== 'update') throw apiErrors.methodNotAllowed(request.method, `${info.resource}/finalize`);
      const body = parseBody(await readBody(request), request.headers['content-type']);
      this.#send(request, response, info, await finalizeNamespace(store, info, name, body, { dryRun, track }));
      return;
    }
    if (req.subresource === 'scale') {
      await this.#scale(request, response, req, info, namespace, name, { dryRun, track });
      return;
    }
    switch (req.verb) {
      case 'get':
        this.#send(request, response, info, await store.get(info, namespace, name));
        return;
      case 'list':
        return this.#list(request, response, url, info, namespace);
      case 'watch':
        return serveWatch({ request, response, url, info, namespace, storage: this.#options.storage, store, clock: this.#options.clock, cache: this.#options.cache });
      case 'create': {
        if (req.name !== undefined) throw apiErrors.methodNotAllowed('POST', `${info.resource}/${name}`);
        const object = await decodeChecked();
        await this.#requireLiveNamespace(info, namespace, object.metadata.name ?? '');
        this.#send(request, response, info, await store.create(info, track(undefined, object), { dryRun }), 201);
        return;
      }
      case 'update': {
        const object = await decodeChecked();
        if (object.metadata.name !== undefined && object.metadata.name !== name) {
          throw apiErrors.badRequest(`the name of the object (${object.metadata.name}) does not match the name on the URL (${name})`);
        }
        const updated = await store.update(info, namespace, name, (current) => track(current, object), { dryRun, ...subresourceOf(req) });
        this.#send(request, response, info, updated);
        return;
      }
      case 'patch': {
        const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
        if (contentType === APPLY_PATCH_TYPE) {
          const applied = await serveApply({
            store,
            info,
            namespace,
            name,
            applied: parseBody(await readBody(request), request.headers['content-type']),
            manager: url.searchParams.get('fieldManager') ?? '',
            force: parseBool(url.searchParams.get('force')),
            dryRun,
            now,
            subresource: req.subresource,
            checkFields,
            requireLiveNamespace: (objectName) => this.#requireLiveNamespace(info, namespace, objectName),
          });
          this.#send(request, response, info, applied.object, applied.created ? 201 : 200);
          return;
        }
        if (parseBool(url.searchParams.get('force'))) {
          throw apiErrors.unprocessable('PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch');
        }
        const patch = parseBody(await readBody(request), request.headers['content-type']);
        const updated = await store.update(
          info,
          namespace,
          name,
          (current) => {
            const patched = applyPatch(contentType, current, patch, info);
            if (!isPlainObject(patched) || !isPlainObject(patched.metadata)) throw apiErrors.badRequest('the patch removed the object\'s metadata');
            const object = patched as ApiObject;
            // Only a resourceVersion the patch itself carries makes the write conditional.
            if (!(isPlainObject(patch) && isPlainObject(patch.metadata) && patch.metadata.resourceVersion !== undefined)) {
              delete object.metadata.resourceVersion;
            }
            checkFields(object);
            return track(current, object);
          },
          { dryRun, ...subresourceOf(req) },
        );
        this.#send(request, response, info, updated);
        return;
      }
      case 'delete': {
        const options = await deleteOptions(request);
        const result = await store.delete(info, namespace, name, {
          dryRun: dryRun || (Array.isArray(options.dryRun) && options.dryRun.includes('All')),
          ...(isPlainObject(options.preconditions) ? { preconditions: options.preconditions } : {}),
          finalizersToAdd: finalizersForPropagation(options.propagationPolicy ?? url.searchParams.get('propagationPolicy')),
          ...gracePeriodOf(options.gracePeriodSeconds ?? url.searchParams.get('gracePeriodSeconds')),
        });
        // Upstream answers 202 only to the deprecated orphanDependents=false; a delete that waits answers 200.
        this.#send(request, response, info, result.object, !result.deleted && options.orphanDependents === false ? 202 : 200);
        return;
      }
      case 'deletecollection': {
        const page = await listObjects(this.#options.storage, info, {
          namespace,
          matches: buildMatcher(info, store.strategy(info), url.searchParams),
        });
        const deleted: ApiObject[] = [];
        for (const object of page.items) {
          const result = await store
            .delete(info, object.metadata.namespace, object.metadata.name ?? '', { dryRun })
            .catch((error: unknown) => {
              if (error instanceof ApiError && error.reason === 'NotFound') return undefined;
              throw error;
            });
          if (result !== undefined) deleted.push(result.object);
        }
        sendJson(response, 200, { kind: `${info.kind}List`, apiVersion: apiVersionOf(info), metadata: { resourceVersion: page.resourceVersion }, items: deleted });
        return;
      }
    }
  }

  async #scale(
    request: Request,
    response: Response,
    req: ResourceRequest,
    info: ResourceInfo,
    namespace: string | undefined,
    name: string,
    options: { dryRun: boolean; track: (old: ApiObject, next: ApiObject) => ApiObject },
  ): Promise<void> {
    const { store } = this.#options;
    if (req.verb === 'get') {
      sendJson(response, 200, scaleOf(await store.get(info, namespace, name)));
      return;
    }
    if (req.verb !== 'update' && req.verb !== 'patch') throw apiErrors.methodNotAllowed(request.method, `${info.resource}/scale`);
    const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
    const body = parseBody(await readBody(request), request.headers['content-type']);
    const next =
      req.verb === 'update'
        ? () => body
        : (current: Scale) => applyPatch(contentType === 'application/strategic-merge-patch+json' ? 'application/merge-patch+json' : contentType, current as unknown as ApiObject, body, info);
    sendJson(response, 200, await updateScale(store, info, namespace, name, next, options));
  }

  async #list(request: Request, response: Response, url: URL, info: ResourceInfo, namespace: string | undefined): Promise<void> {
    const params = url.searchParams;
    const rv = params.get('resourceVersion') ?? '';
    const exact = params.get('resourceVersionMatch') === 'Exact';
    const revision = rv === '' || rv === '0' ? undefined : parseRevision(rv);
    const page = await listObjects(this.#options.storage, info, {
      namespace,
      limit: Number(params.get('limit') ?? 0) || 0,
      continueToken: params.get('continue') ?? undefined,
      exactRevision: exact ? revision : undefined,
      minRevision: exact ? undefined : revision,
      matches: buildMatcher(info, this.#options.store.strategy(info), params),
    });
    const listMeta = {
      resourceVersion: page.resourceVersion,
      ...(page.continueToken === undefined ? {} : { continue: page.continueToken }),
    };
    if (wantsTable(request.headers.accept)) {
      sendJson(response, 200, toTable(info, page.items, listMeta, this.#options.clock.now()));
      return;
    }
    sendJson(response, 200, { kind: `${info.kind}List`, apiVersion: apiVersionOf(info), metadata: listMeta, items: page.items });
  }

  async #requireLiveNamespace(info: ResourceInfo, namespace: string | undefined, name: string): Promise<void> {
    if (!info.namespaced || namespace === undefined) return;
    const namespaces = findResource('', 'v1', 'namespaces');
    if (namespaces === undefined) return;
    const ns = await this.#options.store.get(namespaces, undefined, namespace).catch(() => undefined);
    if (ns === undefined) throw apiErrors.notFound({ group: '', resource: 'namespaces', name: namespace });
    if (ns.metadata.deletionTimestamp !== undefined) {
      const resource = `${info.resource}${info.group === '' ? '' : `.${info.group}`}`;
      throw new ApiError(403, 'Forbidden', `${resource} "${name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`, {
        name,
        group: info.group,
        kind: info.resource,
        causes: [{ reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' }],
      });
    }
  }

  #send(request: Request, response: Response, info: ResourceInfo, object: ApiObject, code = 200): void {
    if (wantsTable(request.headers.accept)) {
      sendJson(response, code, toTable(info, [object], { resourceVersion: object.metadata.resourceVersion ?? '' }, this.#options.clock.now()));
      return;
    }
    sendJson(response, code, object);
  }
}

/** Strict refuses unknown fields (400), Warn reports them in Warning headers, Ignore drops them. */
function rejectOrWarnUnknown(response: Response, validation: FieldValidation, unknown: readonly string[]): void {
  if (unknown.length === 0 || validation === 'Ignore') return;
  if (validation === 'Strict') {
    throw apiErrors.badRequest(`strict decoding error: ${unknown.map((field) => `unknown field "${field}"`).join(', ')}`);
  }
  if (!response.headersSent) {
    response.setHeader('warning', unknown.map((field) => `299 - ${JSON.stringify(`unknown field "${field}"`)}`));
  }
}

function subresourceOf(req: ResourceRequest): { subresource?: string } {
  return req.subresource === undefined ? {} : { subresource: req.subresource };
}

function parseRevision(rv: string): number {
  const revision = Number(rv);
  if (!Number.isSafeInteger(revision) || revision < 0) throw apiErrors.badRequest(`invalid resource version: ${rv}`);
  return revision;
}

function applyPatch(contentType: string, current: ApiObject, patch: unknown, info: ResourceInfo): unknown {
  switch (contentType) {
    case 'application/json-patch+json':
      return applyJsonPatch(current, patch);
    case 'application/merge-patch+json':
      return applyMergePatch(current, patch);
    case 'application/strategic-merge-patch+json':
      return applyStrategicMergePatch(current, patch, patchSchemaOf(info));
    default:
      throw apiErrors.unsupportedMediaType(contentType);
  }
}

async function deleteOptions(request: Request): Promise<Record<string, unknown>> {
  const body = await readBody(request);
  if (body.length === 0) return {};
  const parsed = parseBody(body, 'application/json');
  return isPlainObject(parsed) ? parsed : {};
}

function gracePeriodOf(value: unknown): { gracePeriodSeconds?: number } {
  const seconds = typeof value === 'string' && value !== '' ? Number(value) : value;
  if (typeof seconds !== 'number' || !Number.isInteger(seconds)) return {};
  return { gracePeriodSeconds: seconds };
}

function finalizersForPropagation(policy: unknown): string[] {
  if (policy === 'Orphan') return ['orphan'];
  if (policy === 'Foreground') return ['foregroundDeletion'];
  return [];
}
