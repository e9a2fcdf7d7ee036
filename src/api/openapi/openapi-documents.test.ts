import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RESOURCES, servedGroupVersions } from '../resources.js';
import {
  openApiDocument,
  openApiDocumentForPath,
  openApiDocumentHash,
  openApiDocumentJson,
  openApiIndex,
  schemaNameOf,
  type JsonObject,
  type JsonValue,
  type OpenApiDocument,
} from './openapi-documents.js';

const REF_PREFIX = '#/components/schemas/';

function documentOf(group: string, version: string): OpenApiDocument {
  const document = openApiDocument(group, version);
  assert.ok(document, `no document for ${group}/${version}`);
  return document;
}

function objectAt(value: JsonValue | undefined, ...keys: string[]): JsonObject {
  let current = value;
  for (const key of keys) {
    assert.ok(typeof current === 'object' && current !== null && !Array.isArray(current), `no object above ${key}`);
    current = current[key];
  }
  assert.ok(typeof current === 'object' && current !== null && !Array.isArray(current), `${keys.join('.')} is not an object`);
  return current;
}

function refsIn(value: unknown, into: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refsIn(item, into);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string') into.push(inner);
      else refsIn(inner, into);
    }
  }
  return into;
}

// The metrics API (not stored) has no schemas, so no document.
const everyGroupVersion = servedGroupVersions()
  .filter(({ group, versions }) => RESOURCES.some((info) => info.stored && info.group === group && versions.includes(info.version)))
  .flatMap(({ group, versions }) => versions.map((version) => ({ group, version })));

describe('openApiIndex', () => {
  it('lists every served group-version with a URL carrying its document hash', () => {
    const { paths } = openApiIndex();
    for (const { group, version } of everyGroupVersion) {
      const key = group === '' ? `api/${version}` : `apis/${group}/${version}`;
      const hash = openApiDocumentHash(group, version);
      assert.ok(hash !== undefined && /^[0-9A-F]{128}$/.test(hash), `hash of ${key}`);
      assert.equal(paths[key]?.serverRelativeURL, `/openapi/v3/${key}?hash=${hash}`);
    }
    assert.equal(Object.keys(paths).length, everyGroupVersion.length);
  });

  it('serves nothing for a group-version the server does not serve', () => {
    assert.equal(openApiDocument('apps', 'v1beta1'), undefined);
    assert.equal(openApiDocumentHash('example.com', 'v1'), undefined);
    assert.equal(openApiDocumentForPath('/openapi/v3/apis/example.com/v1'), undefined);
  });

  it('maps request paths to group-versions', () => {
    assert.deepEqual(openApiDocumentForPath('/openapi/v3/api/v1?hash=ABC'), { group: '', version: 'v1' });
    assert.deepEqual(openApiDocumentForPath('/openapi/v3/apis/apps/v1'), { group: 'apps', version: 'v1' });
    assert.equal(openApiDocumentForPath('/openapi/v3/apis/apps'), undefined);
  });
});

describe('openApiDocument', () => {
  it('has a deployments PATCH operation that kubectl finds by its group-version-kind, with fieldValidation', () => {
    const document = documentOf('apps', 'v1');
    assert.equal(document.openapi, '3.0.0');
    const patch = document.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}']?.patch;
    assert.ok(patch);
    assert.equal(patch.operationId, 'patchAppsV1NamespacedDeployment');
    assert.equal(patch['x-kubernetes-action'], 'patch');
    assert.deepEqual(patch['x-kubernetes-group-version-kind'], { group: 'apps', version: 'v1', kind: 'Deployment' });
    assert.ok(patch.parameters?.some((p) => p.name === 'fieldValidation' && p.in === 'query'));
    assert.deepEqual(Object.keys(patch.requestBody?.content ?? {}).sort(), [
      'application/apply-patch+yaml',
      'application/json-patch+json',
      'application/merge-patch+json',
      'application/strategic-merge-patch+json',
    ]);
  });

  it('gives every served kind PATCH operations (main and status) that all carry fieldValidation', () => {
    for (const info of RESOURCES.filter((resource) => resource.stored)) {
      const document = documentOf(info.group, info.version);
      const kindPatches = Object.values(document.paths).flatMap((item) => {
        const gvk = item.patch?.['x-kubernetes-group-version-kind'];
        return item.patch !== undefined && gvk?.kind === info.kind && gvk.group === info.group && gvk.version === info.version ? [item.patch] : [];
      });
      assert.ok(kindPatches.length > 0, `no PATCH for ${info.kind}`);
      for (const patch of kindPatches) assert.ok(patch.parameters?.some((p) => p.name === 'fieldValidation'), patch.operationId);
    }
  });

  it('names paths and operations as upstream does', () => {
    const core = documentOf('', 'v1');
    assert.equal(core.paths['/api/v1/namespaces/{namespace}/configmaps']?.get?.operationId, 'listCoreV1NamespacedConfigMap');
    assert.equal(core.paths['/api/v1/configmaps']?.get?.operationId, 'listCoreV1ConfigMapForAllNamespaces');
    assert.equal(core.paths['/api/v1/nodes/{name}']?.put?.operationId, 'replaceCoreV1Node');
    assert.equal(core.paths['/api/v1/namespaces/{namespace}/pods/{name}/eviction']?.post?.['x-kubernetes-group-version-kind'].kind, 'Eviction');
    const rbac = documentOf('rbac.authorization.k8s.io', 'v1');
    assert.equal(rbac.paths['/apis/rbac.authorization.k8s.io/v1/clusterroles']?.post?.operationId, 'createRbacAuthorizationV1ClusterRole');
    const scale = documentOf('apps', 'v1').paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale']?.patch;
    assert.deepEqual(scale?.['x-kubernetes-group-version-kind'], { group: 'autoscaling', version: 'v1', kind: 'Scale' });
  });

  it('contains each kind, its list and the meta kinds, with group-version-kind extensions', () => {
    for (const info of RESOURCES.filter((resource) => resource.stored)) {
      const schemas = documentOf(info.group, info.version).components.schemas;
      for (const kind of [info.kind, `${info.kind}List`]) {
        const schema = schemas[schemaNameOf(info.group, info.version, kind)];
        assert.ok(schema, `${kind} in ${info.group}/${info.version}`);
        assert.deepEqual(schema['x-kubernetes-group-version-kind'], [{ group: info.group, kind, version: info.version }]);
      }
      for (const meta of ['Status', 'DeleteOptions', 'Patch']) assert.ok(schemas[`io.k8s.apimachinery.pkg.apis.meta.v1.${meta}`]);
    }
    assert.ok(documentOf('apps', 'v1').components.schemas['io.k8s.api.autoscaling.v1.Scale']);
  });

  it('resolves every $ref of every document within that document', () => {
    for (const { group, version } of everyGroupVersion) {
      const document = documentOf(group, version);
      for (const ref of refsIn(document)) {
        assert.ok(ref.startsWith(REF_PREFIX), ref);
        assert.ok(document.components.schemas[ref.slice(REF_PREFIX.length)], `${group}/${version}: dangling ${ref}`);
      }
    }
  });

  it('serializes to the same JSON and hash every time', () => {
    const json = openApiDocumentJson('', 'v1');
    assert.ok(json !== undefined);
    assert.deepEqual(JSON.parse(json), documentOf('', 'v1'));
    assert.equal(openApiDocumentHash('', 'v1'), openApiDocumentHash('', 'v1'));
  });
});

describe('component schemas', () => {
  const core = documentOf('', 'v1').components.schemas;
  const apps = documentOf('apps', 'v1').components.schemas;

  it('merge PodSpec containers by name, as a list-map', () => {
    const containers = objectAt(core['io.k8s.api.core.v1.PodSpec'], 'properties', 'containers');
    assert.equal(containers['x-kubernetes-patch-merge-key'], 'name');
    assert.equal(containers['x-kubernetes-patch-strategy'], 'merge');
    assert.equal(containers['x-kubernetes-list-type'], 'map');
    assert.deepEqual(containers['x-kubernetes-list-map-keys'], ['name']);
    assert.deepEqual(objectAt(containers, 'items'), { allOf: [{ $ref: `${REF_PREFIX}io.k8s.api.core.v1.Container` }], default: {} });
  });

  it('describe DeploymentStrategy and refer rollingUpdate to RollingUpdateDeployment', () => {
    const strategy = apps['io.k8s.api.apps.v1.DeploymentStrategy'];
    assert.ok(strategy);
    const description = strategy['description'];
    assert.ok(typeof description === 'string');
    assert.match(description, /how to replace existing pods/);
    const rollingUpdate = objectAt(strategy, 'properties', 'rollingUpdate');
    assert.deepEqual(rollingUpdate['allOf'], [{ $ref: `${REF_PREFIX}io.k8s.api.apps.v1.RollingUpdateDeployment` }]);
    assert.equal(typeof rollingUpdate['description'], 'string');
    assert.deepEqual(objectAt(strategy, 'properties', 'type')['enum'], ['Recreate', 'RollingUpdate']);
    assert.equal(objectAt(apps['io.k8s.api.apps.v1.DeploymentSpec'], 'properties', 'strategy')['x-kubernetes-patch-strategy'], 'retainKeys');
  });

  it('keep the scalar types upstream v3 uses', () => {
    assert.deepEqual(objectAt(core['io.k8s.api.core.v1.ContainerPort'], 'properties', 'containerPort')['format'], 'int32');
    assert.equal(objectAt(core['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'], 'properties', 'generation')['format'], 'int64');
    assert.deepEqual(objectAt(core['io.k8s.api.core.v1.Secret'], 'properties', 'data', 'additionalProperties'), { type: 'string', format: 'byte' });
    assert.equal(core['io.k8s.apimachinery.pkg.apis.meta.v1.Time']?.['format'], 'date-time');
    assert.equal(apps['io.k8s.apimachinery.pkg.util.intstr.IntOrString']?.['format'], 'int-or-string');
    assert.deepEqual(core['io.k8s.apimachinery.pkg.api.resource.Quantity']?.['oneOf'], [{ type: 'string' }, { type: 'number' }]);
  });

  it('name schemas as upstream does', () => {
    assert.equal(schemaNameOf('apps', 'v1', 'Deployment'), 'io.k8s.api.apps.v1.Deployment');
    assert.equal(schemaNameOf('', 'v1', 'ConfigMap'), 'io.k8s.api.core.v1.ConfigMap');
    assert.equal(schemaNameOf('rbac.authorization.k8s.io', 'v1', 'Role'), 'io.k8s.api.rbac.v1.Role');
    assert.equal(schemaNameOf('events.k8s.io', 'v1', 'Event'), 'io.k8s.api.events.v1.Event');
  });
});
