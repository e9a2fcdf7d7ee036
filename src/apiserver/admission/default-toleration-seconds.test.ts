import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { ApiObject } from '../../api/object.js';
import { findKind } from '../../api/resources.js';
import { defaultTolerationSeconds } from './default-toleration-seconds.js';

const PODS = findKind('v1', 'Pod');
const plugin = defaultTolerationSeconds({ notReadySeconds: 300, unreachableSeconds: 120 });

function admitted(tolerations: unknown[] | undefined): unknown {
  if (PODS === undefined) throw new Error('pods are not served');
  const pod: ApiObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [], ...(tolerations === undefined ? {} : { tolerations }) } };
  plugin.admitCreate(PODS, pod);
  return (pod.spec as { tolerations?: unknown }).tolerations;
}

it('DefaultTolerationSeconds lets pods tolerate not-ready and unreachable nodes for a while', () => {
  assert.deepEqual(admitted(undefined), [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 120 },
  ]);
});

it('DefaultTolerationSeconds leaves a pod that already tolerates a taint its own toleration', () => {
  const own = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 };
  assert.deepEqual(admitted([own]), [own, { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }]);
  assert.deepEqual(admitted([{ operator: 'Exists' }]), [{ operator: 'Exists' }], 'a toleration of every taint covers both');
});
