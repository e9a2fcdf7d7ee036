import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApiObject } from '../../../api/object.js';
import { strategyFor } from '../strategies.js';
import { created, resource, tryCreate, tryUpdate } from './strategy-harness.js';

const deployments = resource('apps', 'v1', 'deployments');

function deployment(spec: Record<string, unknown>, annotations?: Record<string, string>): ApiObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', ...(annotations && { annotations }) }, spec };
}

const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } };
const valid = { selector: { matchLabels: { app: 'web' } }, template };

describe('deployment strategy', () => {
  it('lists every problem of a bad deployment as upstream does', () => {
    const { errors } = tryCreate(deployments, deployment({ template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'web' }] } } }));
    assert.deepEqual(errors, [
      'spec.selector: Required value',
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: `selector` does not match template `labels`',
      'spec.template.spec.containers[0].image: Required value',
    ]);
  });

  it('fills in the rollout defaults', () => {
    const spec = created(deployments, deployment(valid))['spec'] as Record<string, unknown>;
    assert.equal(spec['replicas'], 1);
    assert.deepEqual(spec['strategy'], { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
    assert.equal(spec['revisionHistoryLimit'], 10);
    assert.equal(spec['progressDeadlineSeconds'], 600);
    const podSpec = (spec['template'] as Record<string, Record<string, unknown>>)['spec'];
    assert.equal(podSpec?.['restartPolicy'], 'Always');
  });

  it('keeps a Recreate strategy without rolling update parameters', () => {
    const spec = created(deployments, deployment({ ...valid, strategy: { type: 'Recreate' } }))['spec'] as Record<string, unknown>;
    assert.deepEqual(spec['strategy'], { type: 'Recreate' });
  });

  it('refuses negative counts, an empty selector and pods that do not restart Always', () => {
    const { errors } = tryCreate(deployments, deployment({
      replicas: -1,
      selector: {},
      template: { ...template, spec: { ...template.spec, restartPolicy: 'Never' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '0%' } },
      progressDeadlineSeconds: 5,
      minReadySeconds: 10,
    }));
    assert.deepEqual(errors, [
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"0%"}: may not be 0 when `maxSurge` is 0',
      'spec.progressDeadlineSeconds: Invalid value: 5: must be greater than minReadySeconds',
    ]);
  });

  it('reports template label problems at spec.template.labels, as upstream does', () => {
    const { errors } = tryCreate(deployments, deployment({ selector: { matchLabels: { app: 'web' } }, template: { ...template, metadata: { labels: { app: 'web', 'bad key!': 'x' } } } }));
    assert.equal(errors.length, 1);
    assert.match(errors[0] ?? '', /^spec\.template\.labels: Invalid value: "bad key!": name part must consist of/);
  });

  it('refuses to change the selector', () => {
    const old = created(deployments, deployment(valid));
    const { errors } = tryUpdate(deployments, old, deployment({ selector: { matchLabels: { app: 'web2' } }, template: { ...template, metadata: { labels: { app: 'web2' } } } }));
    assert.deepEqual(errors, [
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
  });

  it('moves the generation on spec and annotation changes, not on labels or status', () => {
    const strategy = strategyFor(deployments);
    const old = created(deployments, deployment(valid));
    const scaled = tryUpdate(deployments, old, deployment({ ...valid, replicas: 3 })).object;
    assert.equal(strategy.bumpsGeneration(scaled, old), true);
    const annotated = tryUpdate(deployments, old, deployment(valid, { owner: 'a' })).object;
    assert.equal(strategy.bumpsGeneration(annotated, old), true);
    const labelled = tryUpdate(deployments, old, { ...deployment(valid), metadata: { ...old.metadata, labels: { team: 'a' } } }).object;
    assert.equal(strategy.bumpsGeneration(labelled, old), false);
    assert.equal(strategy.bumpsGeneration({ ...old, status: { replicas: 1 } }, old), false);
  });
});
