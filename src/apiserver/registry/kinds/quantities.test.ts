import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalQuantity } from './quantities.js';
import { podQos } from './pod-qos.js';

describe('stored quantities', () => {
  it('are canonical and rounded up to milli precision', () => {
    assert.equal(canonicalQuantity(0.5), '500m');
    assert.equal(canonicalQuantity('1024Mi'), '1Gi');
    assert.equal(canonicalQuantity('100m'), '100m');
    assert.equal(canonicalQuantity(2), '2');
    assert.equal(canonicalQuantity('0.0001'), '1m');
    assert.equal(canonicalQuantity('lots'), undefined);
  });
});

describe('pod QoS classes', () => {
  const container = (resources: Record<string, unknown>) => ({ name: 'c', image: 'i', resources });

  it('are BestEffort without requests or limits, Guaranteed when they match, Burstable otherwise', () => {
    assert.equal(podQos({ containers: [container({})] }), 'BestEffort');
    const equal = { cpu: '1', memory: '1Gi' };
    assert.equal(podQos({ containers: [container({ requests: equal, limits: equal })] }), 'Guaranteed');
    assert.equal(podQos({ containers: [container({ requests: { cpu: '500m' }, limits: equal })] }), 'Burstable');
    assert.equal(podQos({ containers: [container({ requests: equal, limits: equal }), container({})] }), 'Burstable');
  });
});
