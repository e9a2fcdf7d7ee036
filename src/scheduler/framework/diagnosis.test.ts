import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyDiagnosis, fitErrorMessage } from './diagnosis.js';
import { Status } from './status.js';

describe('the unschedulable message', () => {
  it('counts reasons over nodes and sorts them as upstream, then appends the preemption message', () => {
    const diagnosis = emptyDiagnosis(3);
    diagnosis.nodeToStatus.set('a', Status.unresolvable('node(s) had untolerated taint {key: value}'));
    diagnosis.nodeToStatus.set('b', Status.unschedulable('Insufficient cpu'));
    diagnosis.nodeToStatus.set('c', Status.unschedulable('Insufficient cpu', 'Insufficient memory'));
    diagnosis.postFilterMessage = 'preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';
    assert.equal(
      fitErrorMessage(diagnosis),
      '0/3 nodes are available: 1 Insufficient memory, 1 node(s) had untolerated taint {key: value}, 2 Insufficient cpu. ' +
        'preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..',
    );
  });

  it('shows a PreFilter rejection once instead of per node', () => {
    const diagnosis = emptyDiagnosis(2);
    diagnosis.nodeToStatus.set('a', Status.unschedulable('x'));
    diagnosis.nodeToStatus.set('b', Status.unschedulable('x'));
    diagnosis.preFilterMessage = 'x';
    assert.equal(fitErrorMessage(diagnosis), '0/2 nodes are available: x.');
  });
});
