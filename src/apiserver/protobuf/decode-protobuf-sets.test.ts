import assert from 'node:assert/strict';
import { it } from 'node:test';
import { decodeProtobufObject } from './decode-protobuf.js';
import { handEncoder as e } from './hand-encoder.js';

const utf8 = new TextEncoder();
const meta = (name: string) => e.message(1, e.string(1, name), e.string(3, 'default'));
/** A LabelSelector of one label in `field`. */
const selector = (field: number, key: string, value: string) => e.message(field, e.entry(1, key, e.string(2, value)));
/** A pod template's metadata with one `app` label (ObjectMeta.labels is field 11). */
const template = (app: string) => e.message(1, e.entry(11, 'app', e.string(2, app)));
const container = (name: string, image: string) => e.message(2, e.string(1, name), e.string(2, image)); // PodSpec.containers = 2

it('a StatefulSet decodes its service, claim templates, retention policy and partition', () => {
  const claimSpec = e.message(2, e.string(1, 'ReadWriteOnce'), e.message(2, e.entry(2, 'storage', e.message(2, e.string(1, '1Gi')))));
  const body = e.object(
    'apps/v1',
    'StatefulSet',
    meta('db'),
    e.message(
      2,
      e.varint(1, 3),
      e.message(2, e.entry(1, 'app', e.string(2, 'db'))),
      e.message(3, template('db'), e.message(2, container('db', 'postgres:16'))),
      e.message(4, e.message(1, e.string(1, 'data')), claimSpec),
      e.string(5, 'db'),
      e.string(6, 'Parallel'),
      e.message(7, e.string(1, 'RollingUpdate'), e.message(2, e.varint(1, 0))),
      e.message(10, e.string(1, 'Delete'), e.string(2, 'Retain')),
      e.message(11, e.varint(1, 1)),
    ),
  );
  assert.deepEqual(decodeProtobufObject(body), {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: 'default' },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'db' } },
      template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres:16' }] } },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      serviceName: 'db',
      podManagementPolicy: 'Parallel',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' },
      ordinals: { start: 1 },
    },
  });
});

it('a DaemonSet and a ReplicaSet decode their specs and status counters', () => {
  const daemonSet = e.object(
    'apps/v1',
    'DaemonSet',
    meta('agent'),
    e.message(2, selector(1, 'app', 'agent'), e.message(3, e.string(1, 'RollingUpdate'), e.message(2, e.message(1, e.varint(1, 0), e.varint(2, 1))))),
    e.message(3, e.varint(1, 2), e.varint(2, 0), e.varint(3, 2), e.varint(4, 1)),
  );
  assert.deepEqual(decodeProtobufObject(daemonSet), {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'default' },
    spec: { selector: { matchLabels: { app: 'agent' } }, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } } },
    status: { currentNumberScheduled: 2, numberMisscheduled: 0, desiredNumberScheduled: 2, numberReady: 1 },
  });
  const replicaSet = e.object('apps/v1', 'ReplicaSet', meta('web-1'), e.message(2, e.varint(1, 0), selector(2, 'app', 'web'), e.varint(4, 5)));
  assert.deepEqual(decodeProtobufObject(replicaSet), {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web-1', namespace: 'default' },
    spec: { replicas: 0, selector: { matchLabels: { app: 'web' } }, minReadySeconds: 5 },
  });
});

it('a ControllerRevision decodes its embedded data and revision number', () => {
  const data = e.message(2, e.bytes(1, utf8.encode('{"spec":{"template":{"metadata":{"labels":{"app":"db"}}}}}')));
  const body = e.object('apps/v1', 'ControllerRevision', meta('db-7c9'), data, e.varint(3, 2));
  assert.deepEqual(decodeProtobufObject(body), {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: { name: 'db-7c9', namespace: 'default' },
    data: { spec: { template: { metadata: { labels: { app: 'db' } } } } },
    revision: 2,
  });
});
