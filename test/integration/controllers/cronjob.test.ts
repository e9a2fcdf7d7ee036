import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CoreEvent, CronJob, Job } from '../../../src/api/kinds.js';
import { resourceOf } from '../../../src/client/api-client.js';
import { cronJobController } from '../../../src/controllers/cronjob/cronjob-controller.js';
import { jobController } from '../../../src/controllers/job/job-controller.js';
import { FakeClock, systemClock, type Clock } from '../../../src/util/clock.js';
import { eventually, startTestControlPlane, type TestControlPlane } from '../../helpers/control-plane.js';
import { kubectl } from '../../helpers/kubectl.js';
import { startPodStatusFaker, type PodStatusFaker } from '../../helpers/pod-status-faker.js';
import { condition, finishPod, isRunning, podsOf } from './job-test-pods.js';

const CRON_JOBS = resourceOf('batch/v1', 'CronJob');
const JOBS = resourceOf('batch/v1', 'Job');
const EVENTS = resourceOf('v1', 'Event');
const MINUTE = 60_000;

function cronJobManifest(name: string, spec: Record<string, unknown>): CronJob {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace: 'default' },
    spec: {
      schedule: '* * * * *',
      jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'tick', image: 'busybox' }] } } } },
      ...spec,
    },
  };
}

/** The real clock shifted so that the next minute boundary is `leadMs` away. */
function clockNearMinute(leadMs: number): Clock {
  const offset = (MINUTE - (Date.now() % MINUTE) - leadMs + MINUTE) % MINUTE;
  return {
    now: () => Date.now() + offset,
    schedule: (ms, callback) => systemClock.schedule(ms, callback),
    cancel: (handle) => {
      systemClock.cancel(handle);
    },
  };
}

async function jobsOf(plane: TestControlPlane, cronJob: string): Promise<Job[]> {
  const { items } = await plane.client.list<Job>(JOBS, { namespace: 'default' });
  return items.filter((job) => job.metadata.ownerReferences?.some((owner) => owner.kind === 'CronJob' && owner.name === cronJob) && job.metadata.deletionTimestamp === undefined);
}

async function completeJob(plane: TestControlPlane, name: string): Promise<void> {
  const pod = await eventually(`a running pod of ${name}`, async () => (await podsOf(plane.client, name)).find(isRunning));
  await finishPod(plane.client, pod, 0);
  await eventually(`job ${name} to complete`, async () => (condition(await plane.client.get<Job>(JOBS, 'default', name), 'Complete')?.status === 'True' ? true : undefined));
}

describe('the CronJob controller on a fake clock', () => {
  // One second before the first minute boundary that is at least two seconds away.
  const firstRun = Math.ceil((Date.now() + 2000) / MINUTE) * MINUTE;
  const clock = new FakeClock(firstRun - 1000);
  let plane: TestControlPlane;
  let faker: PodStatusFaker;
  before(async () => {
    plane = await startTestControlPlane({ controllers: [jobController(), cronJobController({ clock })] });
    faker = await startPodStatusFaker(plane.client);
  });
  after(async () => {
    await faker.stop();
    await plane.stop();
  });

  it('starts a Job each minute, holds a run back under Forbid until the running one completes, and prunes beyond the history limit', async () => {
    const { client } = plane;
    await client.create(CRON_JOBS, cronJobManifest('ticker', { concurrencyPolicy: 'Forbid', successfulJobsHistoryLimit: 1 }));
    await eventually('the CronJob to be seen', async () => ((await client.get<CronJob>(CRON_JOBS, 'default', 'ticker')).metadata.uid === undefined ? undefined : true));
    clock.advance(1500);
    const [first] = await eventually('the first job', async () => {
      const jobs = await jobsOf(plane, 'ticker');
      return jobs.length === 1 ? jobs : undefined;
    });
    assert.ok(first);
    assert.equal(first.metadata.name, `ticker-${firstRun / MINUTE}`);
    assert.equal(first.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'], new Date(firstRun).toISOString().replace('.000Z', 'Z'));
    assert.equal(first.metadata.ownerReferences?.[0]?.controller, true);
    const scheduled = await eventually('the CronJob status to list the job', async () => {
      const cronJob = await client.get<CronJob>(CRON_JOBS, 'default', 'ticker');
      return cronJob.status?.active?.length === 1 ? cronJob : undefined;
    });
    assert.equal(scheduled.status?.active?.[0]?.name, first.metadata.name);
    assert.equal(Date.parse(scheduled.status.lastScheduleTime ?? ''), firstRun);

    clock.advance(MINUTE);
    await eventually('the JobAlreadyActive event', async () => {
      const { items } = await client.list<CoreEvent>(EVENTS, { namespace: 'default' });
      return items.some((event) => event.involvedObject.name === 'ticker' && event.reason === 'JobAlreadyActive') ? true : undefined;
    });
    assert.equal((await jobsOf(plane, 'ticker')).length, 1);

    await completeJob(plane, first.metadata.name ?? '');
    // The start time skipped under Forbid is still due (no startingDeadlineSeconds), so it runs now.
    const secondName = `ticker-${firstRun / MINUTE + 1}`;
    const caughtUp = await eventually('the skipped run to start once the first job completed', async () => {
      const cronJob = await client.get<CronJob>(CRON_JOBS, 'default', 'ticker');
      return cronJob.status?.active?.[0]?.name === secondName ? cronJob : undefined;
    });
    assert.ok(caughtUp.status?.lastSuccessfulTime);
    assert.equal(Date.parse(caughtUp.status.lastScheduleTime ?? ''), firstRun + MINUTE);

    await completeJob(plane, secondName);
    const remaining = await eventually('the older successful job to be pruned', async () => {
      const jobs = await jobsOf(plane, 'ticker');
      return jobs.length === 1 ? jobs : undefined;
    });
    assert.equal(remaining[0]?.metadata.name, secondName);
    const idle = await eventually('the CronJob to have no active job', async () => {
      const cronJob = await client.get<CronJob>(CRON_JOBS, 'default', 'ticker');
      return cronJob.status?.active === undefined ? cronJob : undefined;
    });
    assert.equal(Date.parse(idle.status?.lastScheduleTime ?? ''), firstRun + MINUTE);
  });

  it('starts nothing while suspended, and the most recent missed run once resumed', async () => {
    const { client, kubeconfig } = plane;
    await client.create(CRON_JOBS, cronJobManifest('sleeper', { suspend: true }));
    clock.advance(2 * MINUTE);
    const listed = await kubectl(kubeconfig, ['get', 'cronjob', 'sleeper', '-o', 'jsonpath={.spec.suspend}']);
    assert.equal(listed.stdout, 'true');
    assert.deepEqual(await jobsOf(plane, 'sleeper'), []);
    await client.patch(CRON_JOBS, 'default', 'sleeper', 'merge', { spec: { suspend: false } });
    const jobs = await eventually('a job after resuming', async () => {
      const found = await jobsOf(plane, 'sleeper');
      return found.length > 0 ? found : undefined;
    });
    assert.deepEqual(jobs.map((job) => job.metadata.name), [`sleeper-${Math.floor(clock.now() / MINUTE)}`]);
  });
});

describe('the CronJob controller on the real clock', () => {
  let plane: TestControlPlane;
  before(async () => {
    plane = await startTestControlPlane({ controllers: [cronJobController({ clock: clockNearMinute(1500) })] });
  });
  after(async () => {
    await plane.stop();
  });

  it('starts a Job at the next minute boundary, as kubectl shows', async () => {
    const { kubeconfig } = plane;
    const created = await kubectl(kubeconfig, ['create', 'cronjob', 'real', '--image=busybox', '--schedule=* * * * *']);
    assert.equal(created.code, 0, created.stderr);
    const jobs = await eventually('a job of cronjob real', async () => {
      const found = await jobsOf(plane, 'real');
      return found.length > 0 ? found : undefined;
    });
    assert.match(jobs[0]?.metadata.name ?? '', /^real-\d+$/);
    const shown = await eventually('kubectl to show the last schedule time', async () => {
      const result = await kubectl(kubeconfig, ['get', 'cronjob', 'real', '-o', 'jsonpath={.status.lastScheduleTime}']);
      return result.stdout === '' ? undefined : result.stdout;
    });
    assert.match(shown, /^\d{4}-\d\d-\d\dT\d\d:\d\d:00Z$/);
  });
});
