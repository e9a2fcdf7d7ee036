import assert from 'node:assert/strict';
import { it } from 'node:test';
import { decodeProtobufObject } from './decode-protobuf.js';

/**
 * Request bodies kubectl v1.32 sent with --dry-run=server to a recording server on
 * 127.0.0.1, in base64. The expected objects are what `--dry-run=client -o json`
 * prints for the same command, less its `creationTimestamp: null`.
 */
const captured = {
  // kubectl create configmap demo --from-literal=a=1 --from-literal=b=two -n default
  configmap:
    'azhzAAoPCgJ2MRIJQ29uZmlnTWFwEi8KGwoEZGVtbxIAGgdkZWZhdWx0IgAqADIAOABCABIGCgFhEgExEggKAWISA3R3bxoA' +
    'IgA=',
  // kubectl create configmap files --from-file=blob.bin=BLOB --from-file=hello.txt -n default
  binary:
    'azhzAAoPCgJ2MRIJQ29uZmlnTWFwEkgKHAoFZmlsZXMSABoHZGVmYXVsdCIAKgAyADgAQgASEwoJaGVsbG8udHh0EgZoZWxs' +
    'bwoaEwoIYmxvYi5iaW4SBwAB/v9iaW4aACIA',
  // kubectl create secret generic s --from-literal=k=v -n default
  secret:
    'azhzAAoMCgJ2MRIGU2VjcmV0EiQKGAoBcxIAGgdkZWZhdWx0IgAqADIAOABCABIGCgFrEgF2GgAaACIA',
  // kubectl create namespace team-a
  namespace:
    'azhzAAoPCgJ2MRIJTmFtZXNwYWNlEh4KFgoGdGVhbS1hEgAaACIAKgAyADgAQgASABoCCgAaACIA',
  // kubectl create serviceaccount robot -n default
  serviceaccount:
    'azhzAAoUCgJ2MRIOU2VydmljZUFjY291bnQSHgocCgVyb2JvdBIAGgdkZWZhdWx0IgAqADIAOABCABoAIgA=',
  // kubectl create service clusterip web --tcp=80:8080 -n default
  service:
    'azhzAAoNCgJ2MRIHU2VydmljZRJwCiYKA3dlYhIAGgdkZWZhdWx0IgAqADIAOABCAFoKCgNhcHASA3dlYhJCChsKBzgwLTgw' +
    'ODASA1RDUBhQIgcIABCQPxoAKAASCgoDYXBwEgN3ZWIaACIJQ2x1c3RlcklQOgBCAFIAWgBgAGgAGgIKABoAIgA=',
  // kubectl create service nodeport np --tcp=5678:8080 --node-port=30080 -n default
  nodeport:
    'azhzAAoNCgJ2MRIHU2VydmljZRJxCiQKAm5wEgAaB2RlZmF1bHQiACoAMgA4AEIAWgkKA2FwcBICbnASRQogCgk1Njc4LTgw' +
    'ODASA1RDUBiuLCIHCAAQkD8aACiA6wESCQoDYXBwEgJucBoAIghOb2RlUG9ydDoAQgBSAFoAYABoABoCCgAaACIA',
  // kubectl create quota q --hard=cpu=1,memory=1Gi,pods=10 --scopes=BestEffort -n default
  quota:
    'azhzAAoTCgJ2MRINUmVzb3VyY2VRdW90YRJVChgKAXESABoHZGVmYXVsdCIAKgAyADgAQgASNwoKCgNjcHUSAwoBMQoPCgZt' +
    'ZW1vcnkSBQoDMUdpCgwKBHBvZHMSBAoCMTASCkJlc3RFZmZvcnQaABoAIgA=',
  // kubectl create token robot --audience=api --audience=vault --duration=10m --bound-object-kind=Pod --bound-object-name=p1 --bound-object-uid=u-1 -n default
  token:
    'azhzAAooChhhdXRoZW50aWNhdGlvbi5rOHMuaW8vdjESDFRva2VuUmVxdWVzdBI9ChAKABIAGgAiACoAMgA4AEIAEiMKA2Fw' +
    'aQoFdmF1bHQaEgoDUG9kEgJ2MRoCcDEiA3UtMSDYBBoECgASABoAIgA=',
};

function decode(base64: string): Record<string, unknown> {
  return decodeProtobufObject(Uint8Array.from(Buffer.from(base64, 'base64')));
}

it('kubectl create configmap decodes to its literal data', () => {
  assert.deepEqual(decode(captured.configmap), {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'demo', namespace: 'default' },
    data: { a: '1', b: 'two' },
  });
});

it('kubectl create configmap --from-file puts binary files in binaryData as base64', () => {
  assert.deepEqual(decode(captured.binary), {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'files', namespace: 'default' },
    data: { 'hello.txt': 'hello\n' },
    binaryData: { 'blob.bin': Buffer.from([0, 1, 0xfe, 0xff, 0x62, 0x69, 0x6e]).toString('base64') },
  });
});

it('kubectl create secret generic decodes secret data as base64', () => {
  assert.deepEqual(decode(captured.secret), {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 's', namespace: 'default' },
    data: { k: 'dg==' },
  });
});

it('kubectl create namespace decodes with its empty spec and status', () => {
  assert.deepEqual(decode(captured.namespace), {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'team-a' },
    spec: {},
    status: {},
  });
});

it('kubectl create serviceaccount decodes to its metadata', () => {
  assert.deepEqual(decode(captured.serviceaccount), {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'robot', namespace: 'default' },
  });
});

it('kubectl create service clusterip decodes ports with a numeric targetPort', () => {
  assert.deepEqual(decode(captured.service), {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
    spec: {
      ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }],
      selector: { app: 'web' },
      type: 'ClusterIP',
    },
    status: { loadBalancer: {} },
  });
});

it('kubectl create service nodeport keeps the node port', () => {
  const service = decode(captured.nodeport);
  assert.deepEqual(service.spec, {
    ports: [{ name: '5678-8080', protocol: 'TCP', port: 5678, targetPort: 8080, nodePort: 30080 }],
    selector: { app: 'np' },
    type: 'NodePort',
  });
});

it('kubectl create quota decodes hard limits as quantity strings', () => {
  assert.deepEqual(decode(captured.quota), {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'q', namespace: 'default' },
    spec: { hard: { cpu: '1', memory: '1Gi', pods: '10' }, scopes: ['BestEffort'] },
    status: {},
  });
});

it('kubectl create token decodes audiences, duration and the bound object with its uid', () => {
  assert.deepEqual(decode(captured.token), {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    metadata: {},
    spec: {
      audiences: ['api', 'vault'],
      expirationSeconds: 600,
      boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'p1', uid: 'u-1' },
    },
    status: {},
  });
});
