import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { decodeProtobufObject } from './decode-protobuf.js';

/**
 * Request bodies kubectl v1.32 sent with --dry-run=server to a recording server on
 * 127.0.0.1, in base64. The expected objects are what `--dry-run=client -o json`
 * prints for the same command, less its `creationTimestamp: null`.
 */
const captured = {
  // kubectl create deployment web --image=nginx:1.27 --replicas=2 --port=80 -n default
  deployment:
    'azhzAAoVCgdhcHBzL3YxEgpEZXBsb3ltZW50EsQBCiYKA3dlYhIAGgdkZWZhdWx0IgAqADIAOABCAFoKCgNhcHASA3dlYhKL' +
    'AQgCEgwKCgoDYXBwEgN3ZWIacQocCgASABoAIgAqADIAOABCAFoKCgNhcHASA3dlYhJREjMKBW5naW54EgpuZ2lueDoxLjI3' +
    'KgAyCgoAEAAYUCIAKgBCAGoAcgCAAQCIAQCQAQCiAQAaADIAQgBKAFIAWABgAGgAggEAigEAmgEAwgEAIgIKACgAOAAaDAgA' +
    'EAAYACAAKAA4ABoAIgA=',
  // kubectl create job pi --image=busybox -n default -- echo hi
  job:
    'azhzAAoPCghiYXRjaC92MRIDSm9iEosBChkKAnBpEgAaB2RlZmF1bHQiACoAMgA4AEIAEmQyYgoQCgASABoAIgAqADIAOABC' +
    'ABJOEisKAnBpEgdidXN5Ym94GgRlY2hvGgJoaSoAQgBqAHIAgAEAiAEAkAEAogEAGgVOZXZlcjIAQgBKAFIAWABgAGgAggEA' +
    'igEAmgEAwgEAGgggACgAMAA6ABoAIgA=',
  // kubectl create cronjob tick --image=busybox --schedule='*/5 * * * *' -n default -- date
  cronjob:
    'azhzAAoTCghiYXRjaC92MRIHQ3JvbkpvYhKxAQobCgR0aWNrEgAaB2RlZmF1bHQiACoAMgA4AEIAEo8BCgsqLzUgKiAqICog' +
    'KhoAKn4KFAoEdGljaxIAGgAiACoAMgA4AEIAEmYyZAoQCgASABoAIgAqADIAOABCABJQEikKBHRpY2sSB2J1c3lib3gaBGRh' +
    'dGUqAEIAagByAIABAIgBAJABAKIBABoJT25GYWlsdXJlMgBCAEoAUgBYAGAAaACCAQCKAQCaAQDCAQAaABoAIgA=',
  // kubectl autoscale deployment web --min=1 --max=3 --cpu-percent=50 -n default
  autoscale:
    'azhzAAopCg5hdXRvc2NhbGluZy92MRIXSG9yaXpvbnRhbFBvZEF1dG9zY2FsZXISPwoTCgN3ZWISABoAIgAqADIAOABCABIi' +
    'ChoKCkRlcGxveW1lbnQSA3dlYhoHYXBwcy92MRABGAMgMhoEGAAgABoAIgA=',
  // kubectl create job richjob --from=cronjob/rich -n default, the CronJob's pod template setting nearly every field
  richJob:
    'azhzAAoPCghiYXRjaC92MRIDSm9iEuYXCrQBCgdyaWNoam9iEgAaB2RlZmF1bHQiACoAMgA4AEIAWg0KBHRpZXISBWJhdGNo' +
    'YisKIWNyb25qb2Iua3ViZXJuZXRlcy5pby9pbnN0YW50aWF0ZRIGbWFudWFsYhUKBG5vdGUSDWZyb20tdGVtcGxhdGVqQQoH' +
    'Q3JvbkpvYhoEcmljaCIkMGIxYzJkM2UtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAxKghiYXRjaC92MTABEqIWCAAQAxjY' +
    'BCgAMqMVCugBCgR0bXBsEgV0bXBsLRoAIgAqA3UtMTIBNTgHQggIpevcygYQAEoICPLnhcwGEABQAFoLCgNhcHASBHJpY2ha' +
    'CQoFZW1wdHkSAGIGCgFhEgFiah8KCUNvbmZpZ01hcBoFb3duZXIiA3UtMioCdjEwADgBcg1leGFtcGxlLmNvbS9migFkCgdr' +
    'dWJlY3RsEgZVcGRhdGUaAnYxIggIpevcygYQADIIRmllbGRzVjE6MQoveyJmOm1ldGFkYXRhIjp7ImY6bGFiZWxzIjp7Ii4i' +
    'Ont9LCJmOmFwcCI6e319fX1CBnN0YXR1cxK1EwoRCgJocBILCgkKBS9kYXRhEgAKGAoCZWQSEhIQCgZNZW1vcnkSBgoENjRN' +
    'aQoLCgNlZDISBBICCgAKHAoDc2VjEhUyEwoBcxIJCgFrEgFwGIACGKQDIAAKGQoDbmZzEhI6EAoIMTAuMC4wLjESAi94GAEK' +
    'DgoDcHZjEgdSBQoBYxAAClMKBGRhcGkSS4IBSAofCgZsYWJlbHMSFQoCdjESD21ldGFkYXRhLmxhYmVscwoiCgNjcHUaGAoE' +
    'bWFpbhIKbGltaXRzLmNwdRoECgIxbSCkAhCkAwohCgJjbRIbmgEYCgUKA2NmZxIKCgFhEgVhLnR4dBj/AyABCoYBCgRwcm9q' +
    'En7SAXsKEQoPCgMKAXMSBgoBaxIBayAACgkaBwoFCgNjZmcKGhIYChYKAW4SEQoAEg1tZXRhZGF0YS5uYW1lChEiDwoDYXBp' +
    'EJAcGgV0b2tlbgopKicSDWV4YW1wbGUuY29tL3MaCAoGCgFhEgFiIgpidW5kbGUucGVtKAEQgAMKLwoDY3NpEijiASUKDWQu' +
    'ZXhhbXBsZS5jb20QARoEZXh0NCIGCgF4EgF5KgQKAm5zCvEBCgNlcGgS6QHqAeUBCuIBChgKABIAGgAiACoAMgA4AEIAWgYK' +
    'AXQSATESxQEKDVJlYWRXcml0ZU9uY2USJAoQCgdzdG9yYWdlEgUKAzJHaRIQCgdzdG9yYWdlEgUKAzFHaRoDcHYxIgwSCgoB' +
    'axICSW4aAXYqADIKRmlsZXN5c3RlbTovChdzbmFwc2hvdC5zdG9yYWdlLms4cy5pbxIOVm9sdW1lU25hcHNob3QaBHNuYXBC' +
    'NgoXc25hcHNob3Quc3RvcmFnZS5rOHMuaW8SDlZvbHVtZVNuYXBzaG90GgRzbmFwIgVvdGhlckoEZ29sZAoxCgNpbWcSKvIB' +
    'JwoXcmVnaXN0cnkuZXhhbXBsZS9kYXRhOjESDElmTm90UHJlc2VudBKpBgoEbWFpbhIKbmdpbng6MS4yNxoFbmdpbngiAi1n' +
    'IgtkYWVtb24gb2ZmOyoEL3NydjIRCgRodHRwEAAYUCIDVENQKgAyGAoAEPtBGLsDIgNVRFAqCTEyNy4wLjAuMTIKCgAQABgA' +
    'IgAqADoKCgVQTEFJThIBdjoJCgVFTVBUWRIAOh4KA1BPRBIAGhUKEwoCdjESDW1ldGFkYXRhLm5hbWU6IwoDTUVNEgAaGhIY' +
    'CgASDWxpbWl0cy5tZW1vcnkaBQoDMU1pOhcKA0NNSxIAGg4aDAoFCgNjZmcSAWEYADoSCgJTSxIAGgoiCAoDCgFzEgFrQmQK' +
    'DQoDY3B1EgYKBDUwMG0KEQoGbWVtb3J5EgcKBTEyOE1pChUKDm52aWRpYS5jb20vZ3B1EgMKATESDQoDY3B1EgYKBDI1MG0S' +
    'EAoGbWVtb3J5EgYKBDY0TWkaCAoDZ3B1EgFyShkKAmNtEAEaCC9ldGMvY2ZnIgVhLnR4dDIASjMKAmVkEAAaBi9jYWNoZSIA' +
    'Kg9Ib3N0VG9Db250YWluZXIyBiQoUE9EKToIRGlzYWJsZWRSQgo0EjIKCC9oZWFsdGh6EgoIARAAGgRodHRwGglsb2NhbGhv' +
    'c3QiBUhUVFBTKggKA1gtQRIBYhAFGAIgCigBMAM4AFoZCg0aCwoGCAAQUBoAEgFoEAAYACAAKAAwAGIQCggKBgoEZWNobxIE' +
    'IgIIAGoUL2Rldi90ZXJtaW5hdGlvbi1sb2dyBkFsd2F5c3pqChAKCU5FVF9BRE1JThIDQUxMEAAaDQoBdRIBchoBdCICczAg' +
    'ACgAMAE4AEDoB0oHRGVmYXVsdFIKCgFnEgAaAXcgAFoTCglMb2NhbGhvc3QSBnAuanNvbmIQCg5SdW50aW1lRGVmYXVsdIAB' +
    'AYgBAJABAZoBEAoDQ01fEgkKBQoDY2ZnEAGaAQkKABoFCgMKAXOiARVGYWxsYmFja1RvTG9nc09uRXJyb3KqARAKA2JsaxIJ' +
    'L2Rldi94dmRhsgEbCg8KDQoDY2F0CgYvcmVhZHkQABgAIAAoADAAugESCgNjcHUSC05vdFJlcXVpcmVkElYKBGdycGMSAWcq' +
    'AEIAWhMKByIFCKhGEgAQABgAIAAoADAAYiIKDRoLCgcIARAAGgFwEgASERIPCgASBwgAEJA/GgAaACIAagByAIABAIgBAJAB' +
    'AKIBABoFTmV2ZXIgACgeMgROb25lOgsKBGRpc2sSA3NzZEIFcm9ib3RKBXJvYm90UgJuMVgBYABoAXKGAQoNCgASABoAIgVz' +
    'MDpjMRDoBxgBIAAgBCjQDzAAOhoKEm5ldC5jb3JlLnNvbWF4Y29ubhIEMTAyNEIDGgF4Sg5PblJvb3RNaXNtYXRjaFIQCg5S' +
    'dW50aW1lRGVmYXVsdFoRCglMb2NhbGhvc3QSBHByb2ZiBlN0cmljdGoJUmVjdXJzaXZlegUKA3JlZ4IBAWiKAQFzkgGxAQpH' +
    'CjAKLgoQCgR6b25lEgJJbhoBYRoBYhIaCg1tZXRhZGF0YS5uYW1lEgVOb3RJbhoCbjISEwgAEg8KDQoDZ3B1EgZFeGlzdHMS' +
    'RQpDCgsKCQoDYXBwEgJkYhIEZGF0YRoWa3ViZXJuZXRlcy5pby9ob3N0bmFtZSIAKhFwb2QtdGVtcGxhdGUtaGFzaDIBeBof' +
    'Eh0IZBIZChESDwoDYXBwEgJJbhoEcmljaBoEem9uZZoBBmN1c3RvbaIBOgoEaW5pdBIHYnVzeWJveBoCc2gaAi1jGgR0cnVl' +
    'KgBCAGoAcgCAAQCIAQCQAQCiAQDCAQZBbHdheXOoAQCyARoKAWsSBUVxdWFsGgF2IglOb0V4ZWN1dGUoALIBDgoAEgZFeGlz' +
    'dHMaACIAugEcCggxMC4wLjAuMhIHYS5sb2NhbBIHYi5sb2NhbMIBBGhpZ2jIAQDSATQKBzEuMS4xLjESCXN2Yy5sb2NhbBoK' +
    'CgVuZG90cxIBMhoHCgVlZG5zMBoJCgVlbXB0eRIA2AEA4gETChFleGFtcGxlLmNvbS9yZWFkeeoBBmd2aXNvcvABAPoBBU5l' +
    'dmVyggIMCgNjcHUSBQoDMTBtigI6CAESBHpvbmUaDURvTm90U2NoZWR1bGUiDQoLCgNhcHASBHJpY2goAjIFSG9ub3I6Bkln' +
    'bm9yZUIBaJICPAo0CgVkZWJ1ZxIHYnVzeWJveCoAQgBqAHIAeg4KDAoKU1lTX1BUUkFDRYABAYgBAJABAaIBABIEbWFpbpgC' +
    'AKICBwoFbGludXioAgCyAgYKBHdhaXS6Ag8KA2dwdSIIZ3B1LXRtcGy6AgYKAmMyGgDCAgwKCgoDY3B1EgMKATI4AEAASgdJ' +
    'bmRleGVkUABaSgokCgdGYWlsSm9iEhkKBG1haW4SAkluGAAYAxj///////////8BCiIKBklnbm9yZRoYChBEaXNydXB0aW9u' +
    'VGFyZ2V0EgRUcnVlYAFoAnIGRmFpbGVkggEJCgcKAzAtMhAAGgggACgAMAA6ABoAIgA=',
};

function decode(base64: string): Record<string, unknown> {
  return decodeProtobufObject(Uint8Array.from(Buffer.from(base64, 'base64')));
}

function podTemplate(labels: Record<string, string> | undefined, spec: Record<string, unknown>) {
  return { metadata: labels === undefined ? {} : { labels }, spec };
}

it('kubectl create deployment decodes replicas, selector and the container port', () => {
  assert.deepEqual(decode(captured.deployment), {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: podTemplate(
        { app: 'web' },
        { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }], resources: {} }] },
      ),
      strategy: {},
    },
    status: {},
  });
});

it('kubectl create job decodes the command and restart policy', () => {
  assert.deepEqual(decode(captured.job), {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'pi', namespace: 'default' },
    spec: {
      template: podTemplate(undefined, {
        containers: [{ name: 'pi', image: 'busybox', command: ['echo', 'hi'], resources: {} }],
        restartPolicy: 'Never',
      }),
    },
    status: {},
  });
});

it('kubectl create cronjob decodes the schedule and job template', () => {
  assert.deepEqual(decode(captured.cronjob), {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'tick', namespace: 'default' },
    spec: {
      schedule: '*/5 * * * *',
      jobTemplate: {
        metadata: { name: 'tick' },
        spec: {
          template: podTemplate(undefined, {
            containers: [{ name: 'tick', image: 'busybox', command: ['date'], resources: {} }],
            restartPolicy: 'OnFailure',
          }),
        },
      },
    },
    status: {},
  });
});

it('kubectl autoscale decodes the autoscaler with its zero status counts', () => {
  assert.deepEqual(decode(captured.autoscale), {
    apiVersion: 'autoscaling/v1',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web' },
    spec: {
      scaleTargetRef: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' },
      minReplicas: 1,
      maxReplicas: 3,
      targetCPUUtilizationPercentage: 50,
    },
    status: { currentReplicas: 0, desiredReplicas: 0 },
  });
});

it('a job created from a cronjob decodes every pod template field as kubectl printed it', () => {
  // testdata/rich-job.json is kubectl's own `-o json` of the same job, less its nulls.
  const expected: unknown = JSON.parse(readFileSync(new URL('testdata/rich-job.json', import.meta.url), 'utf8'));
  assert.deepEqual(decode(captured.richJob), expected);
});
