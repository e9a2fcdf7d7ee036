import assert from 'node:assert/strict';
import { it } from 'node:test';
import { decodeProtobufObject } from './decode-protobuf.js';

/**
 * Request bodies kubectl v1.32 sent with --dry-run=server to a recording server on
 * 127.0.0.1, in base64. The expected objects are what `--dry-run=client -o json`
 * prints for the same command, less its `creationTimestamp: null`.
 */
const captured = {
  // kubectl create role reader --verb=get,list --resource=pods,configmaps --resource-name=a -n default
  role:
    'azhzAAokChxyYmFjLmF1dGhvcml6YXRpb24uazhzLmlvL3YxEgRSb2xlEkMKHQoGcmVhZGVyEgAaB2RlZmF1bHQiACoAMgA4' +
    'AEIAEiIKA2dldAoEbGlzdBIAGgRwb2RzGgpjb25maWdtYXBzIgFhGgAiAA==',
  // kubectl create rolebinding rb --role=reader --user=alice --serviceaccount=default:robot -n default
  rolebinding:
    'azhzAAorChxyYmFjLmF1dGhvcml6YXRpb24uazhzLmlvL3YxEgtSb2xlQmluZGluZxKWAQoZCgJyYhIAGgdkZWZhdWx0IgAq' +
    'ADIAOABCABIqCgRVc2VyEhlyYmFjLmF1dGhvcml6YXRpb24uazhzLmlvGgVhbGljZSIAEiIKDlNlcnZpY2VBY2NvdW50EgAa' +
    'BXJvYm90IgdkZWZhdWx0GikKGXJiYWMuYXV0aG9yaXphdGlvbi5rOHMuaW8SBFJvbGUaBnJlYWRlchoAIgA=',
  // kubectl create clusterrole cr --verb=get --resource=nodes --non-resource-url=/healthz
  clusterrole:
    'azhzAAorChxyYmFjLmF1dGhvcml6YXRpb24uazhzLmlvL3YxEgtDbHVzdGVyUm9sZRI1ChIKAmNyEgAaACIAKgAyADgAQgAS' +
    'DgoDZ2V0EgAaBW5vZGVzEg8KA2dldCoIL2hlYWx0aHoaACIA',
  // kubectl create clusterrolebinding crb --clusterrole=cr --group=devs
  clusterrolebinding:
    'azhzAAoyChxyYmFjLmF1dGhvcml6YXRpb24uazhzLmlvL3YxEhJDbHVzdGVyUm9sZUJpbmRpbmcSbwoTCgNjcmISABoAIgAq' +
    'ADIAOABCABIqCgVHcm91cBIZcmJhYy5hdXRob3JpemF0aW9uLms4cy5pbxoEZGV2cyIAGiwKGXJiYWMuYXV0aG9yaXphdGlv' +
    'bi5rOHMuaW8SC0NsdXN0ZXJSb2xlGgJjchoAIgA=',
  // kubectl create pdb pdb --selector=app=web --min-available=50% -n default
  pdb:
    'azhzAAogCglwb2xpY3kvdjESE1BvZERpc3J1cHRpb25CdWRnZXQSQwoaCgNwZGISABoHZGVmYXVsdCIAKgAyADgAQgASGQoJ' +
    'CAEQABoDNTAlEgwKCgoDYXBwEgN3ZWIaCggAGAAgACgAMAAaACIA',
  // kubectl create pdb pdb2 --selector=app=web --max-unavailable=1 -n default
  pdb2:
    'azhzAAogCglwb2xpY3kvdjESE1BvZERpc3J1cHRpb25CdWRnZXQSQQobCgRwZGIyEgAaB2RlZmF1bHQiACoAMgA4AEIAEhYS' +
    'DAoKCgNhcHASA3dlYhoGCAAQARoAGgoIABgAIAAoADAAGgAiAA==',
  // kubectl create priorityclass high --value=1000 --description='very important' --preemption-policy=Never
  priorityclass:
    'azhzAAolChRzY2hlZHVsaW5nLms4cy5pby92MRINUHJpb3JpdHlDbGFzcxIyChQKBGhpZ2gSABoAIgAqADIAOABCABDoBxgA' +
    'Ig52ZXJ5IGltcG9ydGFudCoFTmV2ZXIaACIA',
};

function decode(base64: string): Record<string, unknown> {
  return decodeProtobufObject(Uint8Array.from(Buffer.from(base64, 'base64')));
}

it('kubectl create role decodes its rules, with the empty core group kept', () => {
  assert.deepEqual(decode(captured.role), {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'reader', namespace: 'default' },
    rules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods', 'configmaps'], resourceNames: ['a'] }],
  });
});

it('kubectl create rolebinding decodes user and service account subjects', () => {
  assert.deepEqual(decode(captured.rolebinding), {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'rb', namespace: 'default' },
    subjects: [
      { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'alice' },
      { kind: 'ServiceAccount', name: 'robot', namespace: 'default' },
    ],
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
  });
});

it('kubectl create clusterrole decodes resource and non-resource rules', () => {
  assert.deepEqual(decode(captured.clusterrole), {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'cr' },
    rules: [
      { verbs: ['get'], apiGroups: [''], resources: ['nodes'] },
      { verbs: ['get'], nonResourceURLs: ['/healthz'] },
    ],
  });
});

it('kubectl create clusterrolebinding decodes a group subject', () => {
  assert.deepEqual(decode(captured.clusterrolebinding), {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'crb' },
    subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'devs' }],
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cr' },
  });
});

it('kubectl create pdb decodes minAvailable as a percentage string', () => {
  assert.deepEqual(decode(captured.pdb), {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'pdb', namespace: 'default' },
    spec: { minAvailable: '50%', selector: { matchLabels: { app: 'web' } } },
    status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 },
  });
});

it('kubectl create pdb decodes maxUnavailable as a number', () => {
  const pdb = decode(captured.pdb2);
  assert.deepEqual(pdb.spec, { selector: { matchLabels: { app: 'web' } }, maxUnavailable: 1 });
});

it('kubectl create priorityclass decodes value, description and preemption policy', () => {
  assert.deepEqual(decode(captured.priorityclass), {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: 'high' },
    value: 1000,
    description: 'very important',
    preemptionPolicy: 'Never',
  });
});
