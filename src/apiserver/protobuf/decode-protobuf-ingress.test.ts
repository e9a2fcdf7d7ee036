import assert from 'node:assert/strict';
import { it } from 'node:test';
import { decodeProtobufObject } from './decode-protobuf.js';

/**
 * A request body kubectl v1.32 sent with --dry-run=server to a recording server on
 * 127.0.0.1, in base64. The expected object is what `--dry-run=client -o json`
 * prints for the same command, less its `creationTimestamp: null`.
 */
const captured = {
  // kubectl create ingress simple --rule='foo.com/bar*=svc1:8080,tls=my-cert' --rule='bar.com/=svc2:http' --class=nginx --default-backend=defsvc:http --annotation=a=b -n default
  ingress:
    'azhzAAofChRuZXR3b3JraW5nLms4cy5pby92MRIHSW5ncmVzcxK+AQolCgZzaW1wbGUSABoHZGVmYXVsdCIAKgAyADgAQgBi' +
    'BgoBYRIBYhKQAQoUIhIKBmRlZnN2YxIICgRodHRwEAASEgoHZm9vLmNvbRIHbXktY2VydBouCgdmb28uY29tEiMKIQofCgQv' +
    'YmFyEg8iDQoEc3ZjMRIFCgAQkD8aBlByZWZpeBotCgdiYXIuY29tEiIKIAoeCgEvEhIiEAoEc3ZjMhIICgRodHRwEAAaBUV4' +
    'YWN0IgVuZ2lueBoCCgAaACIA',
};

it('kubectl create ingress decodes rules with inline http values, backends and tls', () => {
  const service = (name: string, port: Record<string, unknown>) => ({ service: { name, port } });
  assert.deepEqual(decodeProtobufObject(Uint8Array.from(Buffer.from(captured.ingress, 'base64'))), {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'simple', namespace: 'default', annotations: { a: 'b' } },
    spec: {
      ingressClassName: 'nginx',
      defaultBackend: service('defsvc', { name: 'http' }),
      tls: [{ hosts: ['foo.com'], secretName: 'my-cert' }],
      rules: [
        {
          host: 'foo.com',
          http: { paths: [{ path: '/bar', pathType: 'Prefix', backend: service('svc1', { number: 8080 }) }] },
        },
        {
          host: 'bar.com',
          http: { paths: [{ path: '/', pathType: 'Exact', backend: service('svc2', { name: 'http' }) }] },
        },
      ],
    },
    status: { loadBalancer: {} },
  });
});
