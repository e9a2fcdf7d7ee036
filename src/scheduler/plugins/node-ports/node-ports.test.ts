import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CycleState } from '../../framework/cycle-state.js';
import { PodInfo } from '../../framework/pod-info.js';
import { makeCluster, makeNode, makePod } from '../../testing/fixtures.js';
import { NodePorts } from './node-ports.js';

const withPort = (name: string, hostPort: number, hostIP?: string, nodeName?: string) =>
  makePod(name, { ...(nodeName === undefined ? {} : { nodeName }), spec: { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 80, hostPort, ...(hostIP === undefined ? {} : { hostIP }) }] }] } });

describe('NodePorts', () => {
  const cluster = makeCluster([makeNode('n')], [withPort('existing', 8080, '10.0.0.1', 'n')]);
  const plugin = new NodePorts();

  it('rejects a host port already taken on an overlapping IP, including the wildcard', () => {
    assert.equal(plugin.filter(new CycleState(), new PodInfo(withPort('same', 8080, '10.0.0.1')), cluster.node('n')).message, "node(s) didn't have free ports for the requested pod ports");
    assert.equal(plugin.filter(new CycleState(), new PodInfo(withPort('wild', 8080)), cluster.node('n')).code, 'Unschedulable');
  });

  it('admits the same port on another IP, and skips pods without host ports', () => {
    assert.ok(plugin.filter(new CycleState(), new PodInfo(withPort('other-ip', 8080, '10.0.0.2')), cluster.node('n')).isSuccess);
    assert.equal(plugin.preFilter(new CycleState(), new PodInfo(makePod('none'))).code, 'Skip');
  });
});
