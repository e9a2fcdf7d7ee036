import assert from 'node:assert/strict';
import { it } from 'node:test';
import { decodeProtobufObject } from './decode-protobuf.js';
import { handEncoder as e } from './hand-encoder.js';

/**
 * Kinds that client-go's typed clients send as protobuf (the kubelet's Node, the
 * event recorder's Events, controllers' Endpoints) and kubectl does not create from
 * a typed subcommand; the bodies are written field by field from upstream's
 * core/v1 generated.proto numbering.
 */
const meta = (name: string, namespace?: string) =>
  e.message(1, e.string(1, name), ...(namespace === undefined ? [] : [e.string(3, namespace)]));
const quantity = (field: number, key: string, value: string) => e.entry(field, key, e.message(2, e.string(1, value)));
/** 2024-05-01T10:00:00Z as metav1.Time in `field`. */
const time = (field: number) => e.message(field, e.varint(1, 1714557600));
const reference = (field: number, kind: string, name: string) =>
  e.message(field, e.string(1, kind), e.string(2, 'default'), e.string(3, name), e.string(4, 'u-1'), e.string(5, 'v1'));

it('a Node decodes its spec, taints and the status a kubelet registers with', () => {
  const nodeInfo = e.message(7, e.string(1, 'm-1'), e.string(2, ''), e.string(4, '6.1.0'), e.string(7, 'v1.32.0'), e.string(9, 'linux'), e.string(10, 'amd64'));
  const body = e.object(
    'v1',
    'Node',
    meta('node-a'),
    e.message(2, e.string(1, '10.42.1.0/24'), e.string(7, '10.42.1.0/24'), e.varint(4, true), e.message(5, e.string(1, 'dedicated'), e.string(2, 'gpu'), e.string(3, 'NoSchedule'), time(4))),
    e.message(
      3,
      quantity(1, 'cpu', '2'),
      quantity(1, 'memory', '4Gi'),
      quantity(2, 'pods', '110'),
      e.message(4, e.string(1, 'Ready'), e.string(2, 'True'), time(3), time(4), e.string(5, 'KubeletReady'), e.string(6, 'kubelet is posting ready status')),
      e.message(5, e.string(1, 'InternalIP'), e.string(2, '192.168.1.10')),
      e.message(6, e.message(1, e.varint(1, 10250))),
      nodeInfo,
      e.message(8, e.string(1, 'busybox:1.36'), e.varint(2, 4_500_000)),
      e.message(12, e.string(1, 'runc'), e.message(2, e.varint(1, false), e.varint(2, true))),
      e.message(13, e.varint(1, true)),
    ),
  );
  assert.deepEqual(decodeProtobufObject(body), {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'node-a' },
    spec: {
      podCIDR: '10.42.1.0/24',
      podCIDRs: ['10.42.1.0/24'],
      unschedulable: true,
      taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule', timeAdded: '2024-05-01T10:00:00Z' }],
    },
    status: {
      capacity: { cpu: '2', memory: '4Gi' },
      allocatable: { pods: '110' },
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          lastHeartbeatTime: '2024-05-01T10:00:00Z',
          lastTransitionTime: '2024-05-01T10:00:00Z',
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
        },
      ],
      addresses: [{ type: 'InternalIP', address: '192.168.1.10' }],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: { machineID: 'm-1', systemUUID: '', kernelVersion: '6.1.0', kubeletVersion: 'v1.32.0', operatingSystem: 'linux', architecture: 'amd64' },
      images: [{ names: ['busybox:1.36'], sizeBytes: 4_500_000 }],
      runtimeHandlers: [{ name: 'runc', features: { recursiveReadOnlyMounts: false, userNamespaces: true } }],
      features: { supplementalGroupsPolicy: true },
    },
  });
});

it('a PersistentVolume writes its inline volume source into the spec beside the claim reference', () => {
  const nodeAffinity = e.message(9, e.message(1, e.message(1, e.message(1, e.string(1, 'kubernetes.io/hostname'), e.string(2, 'In'), e.string(3, 'node-a')))));
  const body = e.object(
    'v1',
    'PersistentVolume',
    meta('pv-1'),
    e.message(
      2,
      quantity(1, 'storage', '5Gi'),
      e.message(2, e.message(20, e.string(1, '/mnt/disks/ssd1'))),
      e.string(3, 'ReadWriteOnce'),
      reference(4, 'PersistentVolumeClaim', 'data'),
      e.string(5, 'Retain'),
      e.string(6, 'local-storage'),
      e.string(7, 'noatime'),
      e.string(8, 'Filesystem'),
      nodeAffinity,
    ),
    e.message(3, e.string(1, 'Bound'), time(4)),
  );
  assert.deepEqual(decodeProtobufObject(body), {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: 'pv-1' },
    spec: {
      capacity: { storage: '5Gi' },
      local: { path: '/mnt/disks/ssd1' },
      accessModes: ['ReadWriteOnce'],
      claimRef: { kind: 'PersistentVolumeClaim', namespace: 'default', name: 'data', uid: 'u-1', apiVersion: 'v1' },
      persistentVolumeReclaimPolicy: 'Retain',
      storageClassName: 'local-storage',
      mountOptions: ['noatime'],
      volumeMode: 'Filesystem',
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node-a'] }] }] } },
    },
    status: { phase: 'Bound', lastPhaseTransitionTime: '2024-05-01T10:00:00Z' },
  });
});

it('a PersistentVolume decodes hostPath, nfs and csi sources', () => {
  const spec = (source: Uint8Array) => decodeProtobufObject(e.object('v1', 'PersistentVolume', meta('pv'), e.message(2, e.message(2, source)))).spec;
  assert.deepEqual(spec(e.message(3, e.string(1, '/data'), e.string(2, 'DirectoryOrCreate'))), { hostPath: { path: '/data', type: 'DirectoryOrCreate' } });
  assert.deepEqual(spec(e.message(5, e.string(1, 'nfs.local'), e.string(2, '/export'), e.varint(3, true))), {
    nfs: { server: 'nfs.local', path: '/export', readOnly: true },
  });
  const csi = e.message(22, e.string(1, 'disk.csi.example.com'), e.string(2, 'vol-1'), e.string(4, 'ext4'), e.entry(5, 'tier', e.string(2, 'fast')), e.message(8, e.string(1, 'creds'), e.string(2, 'kube-system')));
  assert.deepEqual(spec(csi), {
    csi: { driver: 'disk.csi.example.com', volumeHandle: 'vol-1', fsType: 'ext4', volumeAttributes: { tier: 'fast' }, nodePublishSecretRef: { name: 'creds', namespace: 'kube-system' } },
  });
});

it('an Event from the event recorder decodes its involved object, source, times and series', () => {
  const body = e.object(
    'v1',
    'Event',
    meta('web-1.17c', 'default'),
    reference(2, 'Pod', 'web-1'),
    e.string(3, 'Pulled'),
    e.string(4, 'Container image "nginx" already present on machine'),
    e.message(5, e.string(1, 'kubelet'), e.string(2, 'node-a')),
    time(6),
    time(7),
    e.varint(8, 3),
    e.string(9, 'Normal'),
    e.message(10, e.varint(1, 1714557600), e.varint(2, 123_456_789)),
    e.message(11, e.varint(1, 2), e.message(2, e.varint(1, 1714557601), e.varint(2, 5000))),
    e.string(14, ''),
    e.string(15, 'node-a'),
  );
  assert.deepEqual(decodeProtobufObject(body), {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'web-1.17c', namespace: 'default' },
    involvedObject: { kind: 'Pod', namespace: 'default', name: 'web-1', uid: 'u-1', apiVersion: 'v1' },
    reason: 'Pulled',
    message: 'Container image "nginx" already present on machine',
    source: { component: 'kubelet', host: 'node-a' },
    firstTimestamp: '2024-05-01T10:00:00Z',
    lastTimestamp: '2024-05-01T10:00:00Z',
    count: 3,
    type: 'Normal',
    eventTime: '2024-05-01T10:00:00.123456Z',
    series: { count: 2, lastObservedTime: '2024-05-01T10:00:01.000005Z' },
    reportingComponent: '',
    reportingInstance: 'node-a',
  });
});

it('Endpoints decode ready and not-ready addresses with their target pods and ports', () => {
  const address = (field: number, ip: string, pod: string) => e.message(field, e.string(1, ip), reference(2, 'Pod', pod), e.string(4, 'node-a'));
  const body = e.object(
    'v1',
    'Endpoints',
    meta('web', 'default'),
    e.message(2, address(1, '10.42.0.5', 'web-1'), address(2, '10.42.0.6', 'web-2'), e.message(3, e.string(1, 'http'), e.varint(2, 8080), e.string(3, 'TCP'), e.string(4, 'http'))),
  );
  const pod = (name: string) => ({ kind: 'Pod', namespace: 'default', name, uid: 'u-1', apiVersion: 'v1' });
  assert.deepEqual(decodeProtobufObject(body), {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'web', namespace: 'default' },
    subsets: [
      {
        addresses: [{ ip: '10.42.0.5', targetRef: pod('web-1'), nodeName: 'node-a' }],
        notReadyAddresses: [{ ip: '10.42.0.6', targetRef: pod('web-2'), nodeName: 'node-a' }],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP', appProtocol: 'http' }],
      },
    ],
  });
});

it('a LimitRange decodes every limit map of its items as quantities', () => {
  const body = e.object(
    'v1',
    'LimitRange',
    meta('limits', 'default'),
    e.message(
      2,
      e.message(
        1,
        e.string(1, 'Container'),
        quantity(2, 'cpu', '2'),
        quantity(3, 'cpu', '50m'),
        quantity(4, 'memory', '256Mi'),
        quantity(5, 'memory', '128Mi'),
        quantity(6, 'cpu', '4'),
      ),
      e.message(1, e.string(1, 'PersistentVolumeClaim'), quantity(2, 'storage', '10Gi')),
    ),
  );
  assert.deepEqual(decodeProtobufObject(body), {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: { name: 'limits', namespace: 'default' },
    spec: {
      limits: [
        { type: 'Container', max: { cpu: '2' }, min: { cpu: '50m' }, default: { memory: '256Mi' }, defaultRequest: { memory: '128Mi' }, maxLimitRequestRatio: { cpu: '4' } },
        { type: 'PersistentVolumeClaim', max: { storage: '10Gi' } },
      ],
    },
  });
});

it('a PersistentVolumeClaim status decodes with upstream field numbers, resize statuses at 7 and modify status at 9', () => {
  const body = e.object(
    'v1',
    'PersistentVolumeClaim',
    meta('data', 'default'),
    e.message(
      3,
      e.string(1, 'Bound'),
      e.string(2, 'ReadWriteOnce'),
      quantity(3, 'storage', '1Gi'),
      e.message(4, e.string(1, 'Resizing'), e.string(2, 'True'), time(4)),
      quantity(5, 'storage', '2Gi'),
      e.entry(7, 'storage', e.string(2, 'ControllerResizeInProgress')),
      e.string(8, ''),
      e.message(9, e.string(1, 'gold'), e.string(2, 'InProgress')),
    ),
  );
  assert.deepEqual(decodeProtobufObject(body).status, {
    phase: 'Bound',
    accessModes: ['ReadWriteOnce'],
    capacity: { storage: '1Gi' },
    conditions: [{ type: 'Resizing', status: 'True', lastTransitionTime: '2024-05-01T10:00:00Z' }],
    allocatedResources: { storage: '2Gi' },
    allocatedResourceStatuses: { storage: 'ControllerResizeInProgress' },
    currentVolumeAttributesClassName: '',
    modifyVolumeStatus: { targetVolumeAttributesClassName: 'gold', status: 'InProgress' },
  });
});
