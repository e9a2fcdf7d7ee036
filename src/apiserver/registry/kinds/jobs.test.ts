import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApiObject } from '../../../api/object.js';
import { CONTROLLER_UID_LABEL } from './job-strategy.js';
import { created, resource, tryCreate, tryUpdate } from './strategy-harness.js';

const jobs = resource('batch', 'v1', 'jobs');
const cronJobs = resource('batch', 'v1', 'cronjobs');
const podTemplate = { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl:5.34' }] } };

function job(spec: Record<string, unknown>, name = 'pi'): ApiObject {
  return { apiVersion: 'batch/v1', kind: 'Job', metadata: { name, namespace: 'default' }, spec };
}

function cronJob(spec: Record<string, unknown>, name = 'nightly'): ApiObject {
  return { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name, namespace: 'default' }, spec };
}

describe('job strategy', () => {
  it('generates a selector on the uid and labels the pods and the job with it', () => {
    const object = created(jobs, job({ template: podTemplate }));
    const spec = object['spec'] as Record<string, Record<string, unknown>>;
    const uid = (spec['selector']?.['matchLabels'] as Record<string, string>)[CONTROLLER_UID_LABEL] ?? '';
    assert.match(uid, /^[0-9a-f-]{36}$/);
    const labels = (spec['template']?.['metadata'] as Record<string, unknown>)['labels'];
    assert.deepEqual(labels, { 'job-name': 'pi', 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': uid, [CONTROLLER_UID_LABEL]: uid });
    assert.deepEqual(object.metadata.labels, labels);
  });

  it('fills in the upstream defaults', () => {
    const spec = created(jobs, job({ template: podTemplate }))['spec'] as Record<string, unknown>;
    assert.deepEqual(
      [spec['completions'], spec['parallelism'], spec['backoffLimit'], spec['completionMode'], spec['suspend'], spec['podReplacementPolicy']],
      [1, 1, 6, 'NonIndexed', false, 'TerminatingOrFailed'],
    );
    const parallel = created(jobs, job({ template: podTemplate, parallelism: 3 }))['spec'] as Record<string, unknown>;
    assert.equal(parallel['completions'], undefined);
  });

  it('needs pods that restart OnFailure or Never', () => {
    const { errors } = tryCreate(jobs, job({ template: { spec: { containers: [{ name: 'pi', image: 'perl' }] } } }));
    assert.deepEqual(errors, ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']);
    const other = tryCreate(jobs, job({ template: { spec: { ...podTemplate.spec, restartPolicy: 'Sometimes' } } }));
    assert.deepEqual(other.errors, [
      'spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      'spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "OnFailure", "Never"',
    ]);
  });

  it('refuses a selector of its own unless manualSelector is set', () => {
    const mine = { selector: { matchLabels: { app: 'pi' } }, template: { ...podTemplate, metadata: { labels: { app: 'pi' } } } };
    const { errors } = tryCreate(jobs, job(mine));
    assert.equal(errors.length, 1);
    assert.match(errors[0] ?? '', /^spec\.selector: Invalid value: v1\.LabelSelector\{.*\}: `selector` not auto-generated$/);
    assert.deepEqual(tryCreate(jobs, job({ ...mine, manualSelector: true })).errors, []);
  });

  it('keeps the pod template fixed after creation', () => {
    const old = created(jobs, job({ template: podTemplate }));
    const next = structuredClone(old);
    (((next['spec'] as Record<string, Record<string, unknown>>)['template']?.['spec'] as Record<string, unknown[]>)['containers']?.[0] as Record<string, unknown>)['image'] = 'perl:5.36';
    assert.deepEqual(tryUpdate(jobs, old, next).errors, ['spec.template: Invalid value: core.PodTemplateSpec{...}: field is immutable']);
    const suspended = structuredClone(old);
    (suspended['spec'] as Record<string, unknown>)['suspend'] = true;
    assert.deepEqual(tryUpdate(jobs, old, suspended).errors, []);
  });

  it('checks that indexed pod names stay DNS labels', () => {
    const { errors } = tryCreate(jobs, job({ template: podTemplate, completionMode: 'Indexed', completions: 10 }, 'a'.repeat(62)));
    assert.equal(errors.at(-1), `metadata.name: Invalid value: "${'a'.repeat(62)}": will not able to create pod with invalid DNS label: ${'a'.repeat(62)}-9`);
  });
});

describe('cron job strategy', () => {
  it('fills in the upstream defaults and pod defaults in the job template', () => {
    const spec = created(cronJobs, cronJob({ schedule: '@hourly', jobTemplate: { spec: { template: podTemplate } } }))['spec'] as Record<string, unknown>;
    assert.deepEqual([spec['concurrencyPolicy'], spec['suspend'], spec['successfulJobsHistoryLimit'], spec['failedJobsHistoryLimit']], ['Allow', false, 3, 1]);
    const jobSpec = (spec['jobTemplate'] as Record<string, Record<string, unknown>>)['spec'];
    assert.equal(jobSpec?.['backoffLimit'], undefined, 'job defaults come when the Job is created');
    assert.equal(((jobSpec?.['template'] as Record<string, unknown>)['spec'] as Record<string, unknown>)['dnsPolicy'], 'ClusterFirst');
  });

  it('reports a bad schedule, policy, time zone, selector and name', () => {
    const { errors } = tryCreate(cronJobs, cronJob({
      schedule: '0 25 * * *',
      concurrencyPolicy: 'Sometimes',
      timeZone: 'Mars/Olympus',
      jobTemplate: { spec: { selector: { matchLabels: { a: 'b' } }, template: podTemplate } },
    }, 'n'.repeat(53)));
    assert.deepEqual(errors, [
      'spec.schedule: Invalid value: "0 25 * * *": end of range (25) above maximum (23): 25',
      'spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus',
      'spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"',
      'spec.jobTemplate.spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"a":"b"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` will be auto-generated',
      `metadata.name: Invalid value: "${'n'.repeat(53)}": must be no more than 52 characters`,
    ]);
  });

  it('refuses time zones in the schedule itself', () => {
    const { errors } = tryCreate(cronJobs, cronJob({ schedule: 'TZ=UTC 0 * * * *', jobTemplate: { spec: { template: podTemplate } } }));
    assert.deepEqual(errors, ['spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead']);
  });
});

it('refuses Job fields the Job controller does not act on yet, instead of ignoring them', () => {
  const { errors } = tryCreate(
    jobs,
    job({
      backoffLimitPerIndex: 1,
      completionMode: 'Indexed',
      completions: 2,
      podFailurePolicy: { rules: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [42] } }] },
      template: podTemplate,
    }),
  );
  assert.deepEqual(
    errors.filter((error) => error.includes('not supported by this server yet')).map((error) => error.split(':')[0]),
    ['spec.podFailurePolicy', 'spec.backoffLimitPerIndex'],
  );
});
