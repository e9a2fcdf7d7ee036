import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CoreEvent, Job, Pod } from '../../../src/api/kinds.js';
import { resourceOf } from '../../../src/client/api-client.js';
import { isNotFound } from '../../../src/client/api-status-error.js';
import { jobController } from '../../../src/controllers/job/job-controller.js';
import { ttlAfterFinishedController } from '../../../src/controllers/ttl-after-finished/ttl-after-finished-controller.js';
import { eventually, startTestControlPlane, type TestControlPlane } from '../../helpers/control-plane.js';
import { kubectl } from '../../helpers/kubectl.js';
import { startPodStatusFaker, type PodStatusFaker } from '../../helpers/pod-status-faker.js';
import { condition, finishPod, isRunning, jobManifest, podsOf } from './job-test-pods.js';

const JOBS = resourceOf('batch/v1', 'Job');
const EVENTS = resourceOf('v1', 'Event');
const TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';

describe('the Job controller', () => {
  let plane: TestControlPlane;
  let faker: PodStatusFaker;
  before(async () => {
    plane = await startTestControlPlane({
      controllers: [jobController({ podFailureBackoffBaseMs: 50, podFailureBackoffMaxMs: 200 }), ttlAfterFinishedController()],
    });
    faker = await startPodStatusFaker(plane.client);
  });
  after(async () => {
    await faker.stop();
    await plane.stop();
  });

  const getJob = async (name: string) => await plane.client.get<Job>(JOBS, 'default', name);
  const eventReasons = async (name: string) => {
    const { items } = await plane.client.list<CoreEvent>(EVENTS, { namespace: 'default' });
    return items.filter((event) => event.involvedObject.name === name).map((event) => event.reason);
  };

  it('runs a Job of 3 completions two pods at a time until it is complete, and kubectl wait sees it', async () => {
    const { client, kubeconfig } = plane;
    const manifest = JSON.stringify(jobManifest('three', { completions: 3, parallelism: 2 }));
    const applied = await kubectl(kubeconfig, ['apply', '-f', '-'], { stdin: manifest });
    assert.equal(applied.code, 0, applied.stderr);
    const waiting = kubectl(kubeconfig, ['wait', '--for=condition=complete', 'job/three', '--timeout=60s']);
    let finished = 0;
    while (finished < 3) {
      const running = await eventually('a running pod of job three', async () => {
        const pods = await podsOf(client, 'three');
        const active = pods.filter((pod) => pod.status?.phase !== 'Succeeded' && pod.metadata.deletionTimestamp === undefined);
        assert.ok(active.length <= 2, `at most parallelism pods run at once, saw ${active.length}`);
        const first = active.find(isRunning);
        return active.length === Math.min(2, 3 - finished) ? first : undefined;
      });
      assert.ok(running.metadata.finalizers?.includes(TRACKING_FINALIZER), 'pods carry the tracking finalizer while they run');
      await finishPod(client, running, 0);
      finished += 1;
    }
    const waited = await waiting;
    assert.equal(waited.code, 0, waited.stderr);
    assert.match(waited.stdout, /job.batch\/three condition met/);
    const job = await getJob('three');
    assert.equal(job.status?.succeeded, 3);
    assert.equal(job.status.active, undefined);
    assert.ok(job.status.completionTime !== undefined && job.status.startTime !== undefined);
    assert.equal(condition(job, 'SuccessCriteriaMet')?.status, 'True');
    assert.equal(condition(job, 'Complete')?.reason, 'CompletionsReached');
    assert.deepEqual(job.status.uncountedTerminatedPods, {});
    const pods = await podsOf(client, 'three');
    assert.equal(pods.length, 3);
    assert.ok(pods.every((pod) => !(pod.metadata.finalizers ?? []).includes(TRACKING_FINALIZER)), 'finished pods are released');
    const reasons = await eventually('the Completed event', async () => {
      const found = await eventReasons('three');
      return found.includes('Completed') ? found : undefined;
    });
    assert.equal(reasons.filter((reason) => reason === 'SuccessfulCreate').length, 3);
  });

  it('fails a Job whose pods keep failing once it passes backoffLimit', async () => {
    const { client } = plane;
    await client.create(JOBS, jobManifest('failing', { backoffLimit: 1 }));
    const failedPods = new Set<string>();
    const job = await eventually('job failing to fail', async () => {
      const current = await getJob('failing');
      if (condition(current, 'Failed')?.status === 'True') return current;
      for (const pod of (await podsOf(client, 'failing')).filter(isRunning)) {
        if (failedPods.has(pod.metadata.uid ?? '')) continue;
        failedPods.add(pod.metadata.uid ?? '');
        await finishPod(client, pod, 1);
      }
      return undefined;
    });
    assert.equal(job.status?.failed, 2);
    assert.equal(failedPods.size, 2);
    assert.deepEqual(condition(job, 'FailureTarget'), { ...condition(job, 'FailureTarget'), status: 'True', reason: 'BackoffLimitExceeded' });
    assert.equal(condition(job, 'Failed')?.reason, 'BackoffLimitExceeded');
    assert.equal(condition(job, 'Failed')?.message, 'Job has reached the specified backoff limit');
    assert.equal(job.status.completionTime, undefined);
    await eventually('the BackoffLimitExceeded event', async () => ((await eventReasons('failing')).includes('BackoffLimitExceeded') ? true : undefined));
  });

  it('fails a Job that runs longer than activeDeadlineSeconds and removes its pods', async () => {
    const { client } = plane;
    await client.create(JOBS, jobManifest('slow', { activeDeadlineSeconds: 1, parallelism: 2, completions: 2 }));
    const job = await eventually('job slow to fail', async () => {
      const current = await getJob('slow');
      return condition(current, 'Failed')?.status === 'True' ? current : undefined;
    });
    assert.equal(condition(job, 'Failed')?.reason, 'DeadlineExceeded');
    assert.equal(condition(job, 'Failed')?.message, 'Job was active longer than specified deadline');
    assert.equal(job.status?.active, undefined);
    assert.equal(job.status?.failed, 2);
    assert.deepEqual(await podsOf(client, 'slow'), []);
  });

  it('gives each pod of an Indexed Job its completion index and hostname', async () => {
    const { client } = plane;
    await client.create(JOBS, jobManifest('indexed', { completionMode: 'Indexed', completions: 3, parallelism: 3 }));
    const pods = await eventually('three running indexed pods', async () => {
      const running = (await podsOf(client, 'indexed')).filter(isRunning);
      return running.length === 3 ? running : undefined;
    });
    const byIndex = (pod: Pod) => pod.metadata.annotations?.['batch.kubernetes.io/job-completion-index'] ?? '';
    assert.deepEqual(pods.map(byIndex).sort(), ['0', '1', '2']);
    for (const pod of pods) {
      assert.equal(pod.metadata.labels?.['batch.kubernetes.io/job-completion-index'], byIndex(pod));
      assert.equal(pod.spec?.hostname, `indexed-${byIndex(pod)}`);
      const env = pod.spec.containers[0]?.env?.find((variable) => variable.name === 'JOB_COMPLETION_INDEX');
      assert.equal(env?.valueFrom?.fieldRef?.fieldPath, "metadata.annotations['batch.kubernetes.io/job-completion-index']");
    }
    const indexOne = pods.find((pod) => byIndex(pod) === '1');
    assert.ok(indexOne);
    await finishPod(client, indexOne, 0);
    await eventually('index 1 to be completed', async () => ((await getJob('indexed')).status?.completedIndexes === '1' ? true : undefined));
    for (const pod of pods.filter((item) => item !== indexOne)) await finishPod(client, pod, 0);
    const job = await eventually('job indexed to complete', async () => {
      const current = await getJob('indexed');
      return condition(current, 'Complete')?.status === 'True' ? current : undefined;
    });
    assert.equal(job.status?.completedIndexes, '0-2');
    assert.equal(job.status.succeeded, 3);
  });

  it('keeps a suspended Job without pods and starts it when resumed', async () => {
    const { client } = plane;
    await client.create(JOBS, jobManifest('paused', { suspend: true }));
    const suspended = await eventually('the Suspended condition', async () => {
      const current = await getJob('paused');
      return condition(current, 'Suspended')?.status === 'True' ? current : undefined;
    });
    assert.equal(condition(suspended, 'Suspended')?.reason, 'JobSuspended');
    assert.equal(suspended.status?.startTime, undefined);
    assert.deepEqual(await podsOf(client, 'paused'), []);
    await client.patch(JOBS, 'default', 'paused', 'merge', { spec: { suspend: false } });
    await eventually('a running pod after resume', async () => ((await podsOf(client, 'paused')).some(isRunning) ? true : undefined));
    const resumed = await getJob('paused');
    assert.equal(condition(resumed, 'Suspended')?.status, 'False');
    assert.equal(condition(resumed, 'Suspended')?.reason, 'JobResumed');
  });

  it('deletes a finished Job ttlSecondsAfterFinished after it finished', async () => {
    const { client } = plane;
    await client.create(JOBS, jobManifest('short-lived', { ttlSecondsAfterFinished: 1 }));
    const pod = await eventually('a running pod', async () => (await podsOf(client, 'short-lived')).find(isRunning));
    await finishPod(client, pod, 0);
    await eventually('job short-lived to complete', async () => (condition(await getJob('short-lived'), 'Complete')?.status === 'True' ? true : undefined));
    await eventually('job short-lived to be deleted', async () => {
      try {
        await getJob('short-lived');
        return undefined;
      } catch (error) {
        return isNotFound(error) ? true : undefined;
      }
    });
  });
});
