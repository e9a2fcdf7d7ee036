import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApiObject } from '../../../api/object.js';
import { created, resource, tryCreate, tryUpdate } from './strategy-harness.js';

const pods = resource('', 'v1', 'pods');

function pod(spec: Record<string, unknown>, name = 'web'): ApiObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec };
}

const nginx = { name: 'web', image: 'nginx:1.27' };
/** Pods whose spec the service account admission leaves as written, so updates can restate it. */
const unadmitted = { serviceAccountName: 'default', automountServiceAccountToken: false };

describe('pod strategy', () => {
  it('fills in the pod defaults kubectl users see', () => {
    const object = created(pods, pod({ containers: [{ ...nginx, ports: [{ containerPort: 80 }] }] }));
    const spec = object['spec'] as Record<string, unknown>;
    assert.equal(spec['restartPolicy'], 'Always');
    assert.equal(spec['dnsPolicy'], 'ClusterFirst');
    assert.equal(spec['terminationGracePeriodSeconds'], 30);
    assert.equal(spec['schedulerName'], 'default-scheduler');
    assert.deepEqual(spec['securityContext'], {});
    assert.equal(spec['enableServiceLinks'], true);
    const container = (spec['containers'] as Record<string, unknown>[])[0] ?? {};
    assert.equal(container['imagePullPolicy'], 'IfNotPresent');
    assert.equal(container['terminationMessagePath'], '/dev/termination-log');
    assert.equal(container['terminationMessagePolicy'], 'File');
    assert.deepEqual(container['resources'], {});
    assert.deepEqual(container['ports'], [{ containerPort: 80, protocol: 'TCP' }]);
    assert.deepEqual(object.status, { phase: 'Pending', qosClass: 'BestEffort' });
  });

  it('pulls images without a tag or tagged latest Always, and others IfNotPresent', () => {
    const object = created(pods, pod({ containers: [{ name: 'a', image: 'nginx' }, { name: 'b', image: 'nginx:latest' }, { name: 'c', image: 'registry:5000/nginx' }, { name: 'd', image: 'nginx@sha256:abc' }] }));
    const policies = ((object['spec'] as Record<string, unknown>)['containers'] as Record<string, unknown>[]).map((c) => c['imagePullPolicy']);
    assert.deepEqual(policies, ['Always', 'Always', 'Always', 'IfNotPresent']);
  });

  it('defaults requests to limits and canonicalizes quantities, so such a pod is Guaranteed', () => {
    const object = created(pods, pod({ containers: [{ ...nginx, resources: { limits: { cpu: 0.5, memory: '1024Mi' } } }] }));
    const container = (((object['spec'] as Record<string, unknown>)['containers'] as Record<string, unknown>[])[0]) ?? {};
    assert.deepEqual(container['resources'], { limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '500m', memory: '1Gi' } });
    assert.equal((object.status as Record<string, unknown>)['qosClass'], 'Guaranteed');
  });

  it('defaults probes, volumes and downward API field references', () => {
    const object = created(pods, pod({
      containers: [{ ...nginx, livenessProbe: { httpGet: { port: 80 } }, env: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }], volumeMounts: [{ name: 'cache', mountPath: '/cache' }, { name: 'config', mountPath: '/etc/app' }] }],
      volumes: [{ name: 'cache' }, { name: 'config', configMap: { name: 'app' } }],
    }));
    const spec = object['spec'] as Record<string, unknown>;
    const container = (spec['containers'] as Record<string, unknown>[])[0] ?? {};
    assert.deepEqual(container['livenessProbe'], { httpGet: { port: 80, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
    assert.deepEqual(container['env'], [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName', apiVersion: 'v1' } } }]);
    const volumes = spec['volumes'] as Record<string, unknown>[];
    assert.deepEqual(volumes.slice(0, 2), [{ name: 'cache', emptyDir: {} }, { name: 'config', configMap: { name: 'app', defaultMode: 420 } }]);
    assert.match(String(volumes[2]?.['name']), /^kube-api-access-/, 'the service account admission adds its volume last');
  });

  it('reports every container problem with its field path', () => {
    const { errors } = tryCreate(pods, pod({
      containers: [
        { name: 'Web_1', image: 'nginx', ports: [{ containerPort: 0 }, { containerPort: 80, protocol: 'HTTP' }] },
        { name: 'side', volumeMounts: [{ name: 'data', mountPath: '/data' }] },
        { name: 'side', image: 'busybox', resources: { requests: { cpu: '2' }, limits: { cpu: '1', memory: 'lots' } } },
      ],
      restartPolicy: 'Sometimes',
    }));
    assert.deepEqual(errors, [
      "spec.containers[0].name: Invalid value: \"Web_1\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      'spec.containers[0].ports[0].containerPort: Required value',
      'spec.containers[0].ports[1].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
      'spec.containers[1].volumeMounts[0].name: Not found: "data"',
      'spec.containers[1].image: Required value',
      "spec.containers[2].resources.limits[memory]: Invalid value: \"lots\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
      'spec.containers[2].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
      'spec.containers[2].name: Duplicate value: "side"',
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    ]);
  });

  it('requires containers and checks volumes have a unique name and one source', () => {
    const { errors } = tryCreate(pods, pod({
      volumes: [{ name: 'a', emptyDir: {}, hostPath: { path: '/tmp' } }, { name: 'b', secret: {} }, { name: 'b', emptyDir: {} }],
    }));
    assert.deepEqual(errors, [
      'spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type',
      'spec.volumes[1].secret.secretName: Required value',
      'spec.volumes[2].name: Duplicate value: "b"',
      'spec.containers: Required value',
    ]);
  });

  it('checks env sources, probes and tolerations', () => {
    const { errors } = tryCreate(pods, pod({
      containers: [{ ...nginx, env: [{ name: 'A=B' }, { name: 'X', value: 'y', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }], readinessProbe: { exec: { command: [] } } }],
      tolerations: [{ operator: 'Equal', value: 'x' }, { key: 'k', operator: 'Maybe' }],
    }));
    assert.deepEqual(errors, [
      "spec.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='",
      'spec.containers[0].env[1].valueFrom: Invalid value: "": may not be specified when `value` is not empty',
      'spec.containers[0].readinessProbe.exec.command: Required value',
      'spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
      'spec.tolerations[1].operator: Unsupported value: "Maybe": supported values: "Equal", "Exists"',
    ]);
  });

  it('lets an update change images, but no other spec field', () => {
    const old = created(pods, pod({ ...unadmitted, containers: [nginx] }));
    const newImage = tryUpdate(pods, old, pod({ ...unadmitted, containers: [{ ...nginx, image: 'nginx:1.28' }] }));
    assert.deepEqual(newImage.errors, []);
    const changed = tryUpdate(pods, old, pod({ ...unadmitted, containers: [{ ...nginx, ports: [{ containerPort: 80 }] }] }));
    assert.equal(changed.errors.length, 1);
    assert.match(changed.errors[0] ?? '', /^spec: Forbidden: pod updates may not change fields other than `spec.containers\[\*\].image`,`spec.initContainers\[\*\].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` \(only additions to existing tolerations\),`spec.terminationGracePeriodSeconds` \(allow it to be set to 1 if it was previously negative\)\n/);
    assert.match(changed.errors[0] ?? '', /spec\.containers\[0\]\.ports/);
    const added = tryUpdate(pods, old, pod({ ...unadmitted, containers: [nginx, { name: 'b', image: 'busybox' }] }));
    assert.deepEqual(added.errors, ['spec.containers: Forbidden: pod updates may not add or remove containers']);
  });

  it('lets an update add tolerations and bind an unbound pod to a node', () => {
    const old = created(pods, pod({ ...unadmitted, containers: [nginx], tolerations: [{ key: 'a', operator: 'Exists' }] }));
    const next = pod({ ...unadmitted, containers: [nginx], nodeName: 'node-1', tolerations: [{ key: 'a', operator: 'Exists' }, { key: 'b', operator: 'Exists' }] });
    assert.deepEqual(tryUpdate(pods, old, next).errors, []);
    const removed = tryUpdate(pods, old, pod({ ...unadmitted, containers: [nginx] }));
    assert.deepEqual(removed.errors, ['spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds']);
  });

  it('marks a pod with scheduling gates as gated', () => {
    const object = created(pods, pod({ containers: [nginx], schedulingGates: [{ name: 'example.com/wait' }] }));
    const conditions = (object.status as Record<string, unknown>)['conditions'] as Record<string, unknown>[];
    assert.equal(conditions[0]?.['reason'], 'SchedulingGated');
  });
});

describe('pod updates of pods stored before their defaults existed', () => {
  it('compare with the stored pod as defaulted', () => {
    const stored = { ...pod({ containers: [nginx] }), metadata: { name: 'web', namespace: 'default', uid: 'u', creationTimestamp: '2024-01-01T00:00:00Z' } };
    assert.deepEqual(tryUpdate(pods, stored, { ...pod({ containers: [nginx] }), metadata: { name: 'web', namespace: 'default', labels: { a: 'b' } } }).errors, []);
  });
});
