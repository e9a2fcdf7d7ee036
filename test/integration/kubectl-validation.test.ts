import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { kubectl } from '../helpers/kubectl.js';
import { startTugServer, type RunningServer } from '../helpers/tug-server.js';

let server: RunningServer;
const k = (...args: string[]) => kubectl(server.kubeconfig, args);
const apply = (manifest: string) => kubectl(server.kubeconfig, ['apply', '-f', '-'], { stdin: manifest });
const jsonpath = async (target: string, path: string): Promise<string> => {
  const result = await k('get', target, '-o', `jsonpath=${path}`);
  assert.equal(result.code, 0, result.stderr);
  return result.stdout;
};

/** Applies a manifest that must be refused with 422, and returns kubectl's message. */
async function refused(manifest: string): Promise<string> {
  const result = await apply(manifest);
  assert.equal(result.code, 1, `expected a refusal, got: ${result.stdout}`);
  return result.stderr;
}

async function applied(manifest: string): Promise<void> {
  const result = await apply(manifest);
  assert.equal(result.code, 0, result.stderr);
}

function deployment(options: { selector?: string; labels?: string; image?: string; extra?: string } = {}): string {
  const selector = options.selector === undefined ? '' : `  selector:\n    matchLabels:\n      app: ${options.selector}\n`;
  const image = options.image === undefined ? '' : `        image: ${options.image}\n`;
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
${selector}${options.extra ?? ''}  template:
    metadata:
      labels:
        app: ${options.labels ?? 'web'}
    spec:
      containers:
      - name: web
${image}        ports:
        - containerPort: 80
`;
}

const service = (spec: string) => `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
${spec}`;

describe('kubectl validation and defaults', () => {
  before(async () => {
    server = await startTugServer();
  });
  after(async () => {
    await server.stop();
  });

  it('refuses a bad deployment, listing every problem with its field path', async () => {
    const stderr = await refused(deployment({ labels: 'x' }));
    assert.match(stderr, /The Deployment "web" is invalid: \n/);
    assert.match(stderr, /^\* spec\.selector: Required value$/m);
    assert.match(stderr, /^\* spec\.template\.metadata\.labels: Invalid value: map\[string\]string\{"app":"x"\}: `selector` does not match template `labels`$/m);
    assert.match(stderr, /^\* spec\.template\.spec\.containers\[0\]\.image: Required value$/m);
    const missing = await k('get', 'deploy', 'web');
    assert.equal(missing.code, 1, 'nothing was stored');
  });

  it('reads a deployment back with the rollout and pod defaults', async () => {
    await applied(deployment({ selector: 'web', image: 'nginx:1.27' }));
    assert.equal(await jsonpath('deploy/web', '{.spec.strategy.type} {.spec.strategy.rollingUpdate.maxSurge} {.spec.strategy.rollingUpdate.maxUnavailable}'), 'RollingUpdate 25% 25%');
    assert.equal(await jsonpath('deploy/web', '{.spec.replicas} {.spec.revisionHistoryLimit} {.spec.progressDeadlineSeconds}'), '1 10 600');
    const pod = '{.spec.template.spec.restartPolicy} {.spec.template.spec.dnsPolicy} {.spec.template.spec.terminationGracePeriodSeconds} {.spec.template.spec.schedulerName}';
    assert.equal(await jsonpath('deploy/web', pod), 'Always ClusterFirst 30 default-scheduler');
    const container = '{.spec.template.spec.containers[0].imagePullPolicy} {.spec.template.spec.containers[0].terminationMessagePath} {.spec.template.spec.containers[0].terminationMessagePolicy} {.spec.template.spec.containers[0].ports[0].protocol}';
    assert.equal(await jsonpath('deploy/web', container), 'IfNotPresent /dev/termination-log File TCP');
    const yaml = await k('get', 'deploy', 'web', '-o', 'yaml');
    assert.match(yaml.stdout, /^ {6}securityContext: \{\}$/m);
    assert.match(yaml.stdout, /^ {8}resources: \{\}$/m);
  });

  it('re-applies an unchanged deployment without a change and refuses a new selector', async () => {
    const unchanged = await apply(deployment({ selector: 'web', image: 'nginx:1.27' }));
    assert.equal(unchanged.stdout.trim(), 'deployment.apps/web unchanged', unchanged.stderr);
    const stderr = await refused(deployment({ selector: 'web2', labels: 'web2', image: 'nginx:1.27' }));
    assert.match(stderr, /spec\.selector: Invalid value: v1\.LabelSelector\{MatchLabels:map\[string\]string\{"app":"web2"\}, MatchExpressions:\[\]v1\.LabelSelectorRequirement\(nil\)\}: field is immutable/);
  });

  it('pulls untagged and latest images Always', async () => {
    await applied('apiVersion: v1\nkind: Pod\nmetadata:\n  name: latest\nspec:\n  containers:\n  - name: a\n    image: nginx\n  - name: b\n    image: nginx:latest\n');
    assert.equal(await jsonpath('pod/latest', '{.spec.containers[*].imagePullPolicy}'), 'Always Always');
  });

  it('reads a service back with its defaults', async () => {
    await applied(service('  selector:\n    app: web\n  ports:\n  - port: 80\n'));
    assert.equal(await jsonpath('svc/web', '{.spec.type} {.spec.sessionAffinity} {.spec.internalTrafficPolicy} {.spec.ipFamilyPolicy} {.spec.ipFamilies[0]}'), 'ClusterIP None Cluster SingleStack IPv4');
    assert.equal(await jsonpath('svc/web', '{.spec.ports[0].protocol} {.spec.ports[0].targetPort}'), 'TCP 80');
  });

  it('refuses a service of an unknown type with the supported values, and one without ports', async () => {
    const stderr = await refused(service('  type: Balanced\n  ports:\n  - port: 80\n  - port: 70000\n    name: big\n'));
    assert.match(stderr, /^\* spec\.ports\[0\]\.name: Required value$/m);
    assert.match(stderr, /^\* spec\.ports\[1\]\.port: Invalid value: 70000: must be between 1 and 65535, inclusive$/m);
    assert.match(stderr, /^\* spec\.type: Unsupported value: "Balanced": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"$/m);
    const noPorts = await refused('apiVersion: v1\nkind: Service\nmetadata:\n  name: empty\nspec:\n  selector:\n    app: web\n');
    assert.match(noPorts, /The Service "empty" is invalid: spec\.ports: Required value/);
  });

  it('refuses config map keys that are not config keys or that appear twice', async () => {
    const stderr = await refused('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad\ndata:\n  "my key": one\n  shared: two\nbinaryData:\n  shared: eQ==\n');
    const keyRule = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
    assert.ok(stderr.includes(`\n* data[my key]: Invalid value: "my key": ${keyRule}\n`), stderr);
    assert.match(stderr, /^\* data\[shared\]: Invalid value: "shared": duplicate of key present in binaryData$/m);
  });

  it('keeps the data of an immutable config map', async () => {
    const configMap = (value: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: frozen\nimmutable: true\ndata:\n  mode: ${value}\n`;
    await applied(configMap('fast'));
    const stderr = await refused(configMap('slow'));
    assert.match(stderr, /The ConfigMap "frozen" is invalid: data: Forbidden: field is immutable when `immutable` is set/);
  });

  it('folds secret stringData into data, refuses bad base64 and keeps the type', async () => {
    await applied('apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\nstringData:\n  user: admin\n');
    assert.equal(await jsonpath('secret/creds', '{.type} {.data.user}'), 'Opaque YWRtaW4=');
    const bad = await refused('apiVersion: v1\nkind: Secret\nmetadata:\n  name: broken\ndata:\n  token: not-base64!\n');
    assert.match(bad, /data\[token\]: Invalid value: "<secret contents redacted>": illegal base64 data at input byte 3/);
    const retyped = await kubectl(server.kubeconfig, ['replace', '-f', '-'], { stdin: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\ntype: kubernetes.io/tls\ndata:\n  tls.crt: YQ==\n  tls.key: YQ==\n' });
    assert.equal(retyped.code, 1);
    assert.match(retyped.stderr, /type: Invalid value: "kubernetes\.io\/tls": field is immutable/);
  });

  it('refuses a bad pod and defaults a good one', async () => {
    const bad = await refused('apiVersion: v1\nkind: Pod\nmetadata:\n  name: bad\nspec:\n  restartPolicy: Sometimes\n  containers:\n  - name: Web\n    resources:\n      limits:\n        cpu: "1"\n      requests:\n        cpu: "2"\n');
    assert.match(bad, /^\* spec\.containers\[0\]\.name: Invalid value: "Web": a lowercase RFC 1123 label must consist of/m);
    assert.match(bad, /^\* spec\.containers\[0\]\.resources\.requests: Invalid value: "2": must be less than or equal to cpu limit of 1$/m);
    assert.match(bad, /^\* spec\.containers\[0\]\.image: Required value$/m);
    assert.match(bad, /^\* spec\.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"$/m);
    const pod = (port: number) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: solo\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    ports:\n    - containerPort: ${port}\n    resources:\n      limits:\n        cpu: 0.5\n        memory: 128Mi\n`;
    await applied(pod(80));
    assert.equal(await jsonpath('pod/solo', '{.spec.restartPolicy} {.spec.enableServiceLinks} {.status.phase} {.status.qosClass}'), 'Always true Pending Guaranteed');
    assert.equal(await jsonpath('pod/solo', '{.spec.containers[0].resources.requests.cpu} {.spec.containers[0].resources.limits.cpu}'), '500m 500m');
    const changed = await refused(pod(81));
    assert.match(changed, /The Pod "solo" is invalid: spec: Forbidden: pod updates may not change fields other than `spec\.containers\[\*\]\.image`,`spec\.initContainers\[\*\]\.image`,`spec\.activeDeadlineSeconds`/);
  });

  it('needs Job pods that restart OnFailure or Never, and generates the selector of a good Job', async () => {
    const job = (restart: string) => `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi\nspec:\n  template:\n    spec:\n${restart}      containers:\n      - name: pi\n        image: perl:5.34\n`;
    const stderr = await refused(job(''));
    assert.match(stderr, /The Job "pi" is invalid: spec\.template\.spec\.restartPolicy: Required value: valid values: "OnFailure", "Never"/);
    await applied(job('      restartPolicy: Never\n'));
    assert.equal(await jsonpath('job/pi', '{.spec.completions} {.spec.parallelism} {.spec.backoffLimit} {.spec.completionMode} {.spec.suspend}'), '1 1 6 NonIndexed false');
    const uid = await jsonpath('job/pi', "{.spec.selector.matchLabels['batch\\.kubernetes\\.io/controller-uid']}");
    assert.match(uid, /^[0-9a-f-]{36}$/);
    assert.equal(await jsonpath('job/pi', "{.spec.template.metadata.labels['batch\\.kubernetes\\.io/job-name']}"), 'pi');
  });

  it('refuses a CronJob with a bad schedule and defaults a good one', async () => {
    const cronJob = (schedule: string) => `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: nightly\nspec:\n  schedule: "${schedule}"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n          - name: backup\n            image: busybox:1.36\n`;
    const stderr = await refused(cronJob('0 25 * * *'));
    assert.match(stderr, /spec\.schedule: Invalid value: "0 25 \* \* \*": end of range \(25\) above maximum \(23\): 25/);
    await applied(cronJob('@daily'));
    assert.equal(await jsonpath('cronjob/nightly', '{.spec.concurrencyPolicy} {.spec.suspend} {.spec.successfulJobsHistoryLimit} {.spec.failedJobsHistoryLimit}'), 'Allow false 3 1');
  });

  it('defaults stateful and daemon sets', async () => {
    const workload = (kind: string, extra: string) => `apiVersion: apps/v1\nkind: ${kind}\nmetadata:\n  name: store\nspec:\n${extra}  selector:\n    matchLabels:\n      app: store\n  template:\n    metadata:\n      labels:\n        app: store\n    spec:\n      containers:\n      - name: store\n        image: redis:7\n`;
    await applied(workload('StatefulSet', '  serviceName: store\n'));
    assert.equal(await jsonpath('sts/store', '{.spec.podManagementPolicy} {.spec.updateStrategy.type} {.spec.updateStrategy.rollingUpdate.partition} {.spec.revisionHistoryLimit}'), 'OrderedReady RollingUpdate 0 10');
    assert.equal(await jsonpath('sts/store', '{.spec.persistentVolumeClaimRetentionPolicy.whenDeleted} {.spec.persistentVolumeClaimRetentionPolicy.whenScaled}'), 'Retain Retain');
    await applied(workload('DaemonSet', ''));
    assert.equal(await jsonpath('ds/store', '{.spec.updateStrategy.type} {.spec.updateStrategy.rollingUpdate.maxUnavailable} {.spec.updateStrategy.rollingUpdate.maxSurge} {.spec.revisionHistoryLimit}'), 'RollingUpdate 1 0 10');
  });

  it('checks claims, ingresses and role bindings', async () => {
    const claim = await refused('apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  resources:\n    requests:\n      storage: 1Gi\n');
    assert.match(claim, /spec\.accessModes: Required value: at least 1 access mode is required/);
    const ingress = await refused('apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  rules:\n  - http:\n      paths:\n      - path: /\n        backend:\n          service:\n            name: web\n            port:\n              number: 80\n');
    assert.match(ingress, /spec\.rules\[0\]\.http\.paths\[0\]\.pathType: Required value: pathType must be specified/);
    const binding = (role: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: read\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: ${role}\nsubjects:\n- kind: User\n  name: jane\n`;
    await applied(binding('view'));
    const changed = await refused(binding('edit'));
    assert.match(changed, /roleRef: Invalid value: rbac\.RoleRef\{APIGroup:"rbac\.authorization\.k8s\.io", Kind:"ClusterRole", Name:"edit"\}: cannot change roleRef/);
  });
});
