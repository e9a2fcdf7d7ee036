import type { Job, Pod } from '../../api/kinds.js';
import { resourceOf, type ApiClient } from '../../client/api-client.js';
import type { EventRecorder } from '../../client/event-recorder.js';
import { rfc3339 } from '../../util/clock.js';
import type { Expectations } from '../runtime/expectations.js';
import type { ReconcileResult } from '../runtime/reconciler.js';
import { CompletedIndexes } from './completed-indexes.js';
import { ensureCondition, findCondition, JobConditionTexts, newCondition, type JobCondition } from './job-conditions.js';
import { type JobPodControl, MAX_POD_BATCH } from './job-pod-control.js';
import { JobPods } from './job-pods.js';
import type { FinishedPod, PodFailureBackoff } from './pod-failure-backoff.js';
import { sameJson } from './same-json.js';

const JOBS = resourceOf('batch/v1', 'Job');

type JobStatus = NonNullable<Job['status']>;

interface Finish {
  readonly type: 'Complete' | 'Failed';
  readonly text: { reason: string; message: string };
}

export interface JobSyncDeps {
  readonly client: ApiClient;
  readonly recorder: EventRecorder;
  readonly expectations: Expectations;
  readonly backoff: PodFailureBackoff;
  readonly podControl: JobPodControl;
  readonly now: number;
}

/**
 * One sync of an unfinished Job, as upstream's syncJob: count finished pods, decide
 * whether the Job has failed or completed, create or delete pods, then record
 * finished pods in status.uncountedTerminatedPods before releasing their tracking
 * finalizers and moving them into the succeeded/failed counters.
 */
export class JobSync {
  readonly #deps: JobSyncDeps;
  readonly #key: string;
  readonly #job: Job;
  readonly #pods: readonly Pod[];
  readonly #indexed: boolean;
  readonly #completions: number | undefined;
  readonly #status: JobStatus;
  readonly #conditions: JobCondition[];
  readonly #uncountedSucceeded: Set<string>;
  readonly #uncountedFailed: Set<string>;
  readonly #succeededIndexes: CompletedIndexes;
  readonly #toRelease: Pod[] = [];
  readonly #newlyFinished: FinishedPod[] = [];
  #requeueMs: number | undefined;

  constructor(deps: JobSyncDeps, key: string, job: Job, pods: readonly Pod[]) {
    this.#deps = deps;
    this.#key = key;
    this.#job = job;
    this.#pods = pods;
    this.#indexed = job.spec?.completionMode === 'Indexed';
    this.#completions = job.spec?.completions ?? undefined;
    this.#status = structuredClone(job.status ?? {});
    this.#conditions = (this.#status.conditions ?? []) as JobCondition[];
    this.#uncountedSucceeded = new Set(this.#status.uncountedTerminatedPods?.succeeded ?? []);
    this.#uncountedFailed = new Set(this.#status.uncountedTerminatedPods?.failed ?? []);
    this.#succeededIndexes = CompletedIndexes.parse(this.#status.completedIndexes, this.#completions ?? 0);
  }

  async run(): Promise<ReconcileResult | undefined> {
    const { now } = this.#deps;
    const job = this.#job;
    const interim = this.#interimFinish();
    this.#collectFinishedPods(interim !== undefined);
    const backoffRecord = this.#deps.backoff.next(this.#key, this.#newlyFinished);
    const suspended = job.spec?.suspend === true;
    this.#trackSuspension(suspended);

    let finish = interim ?? this.#failure(suspended);
    let active = this.#pods.filter(JobPods.isActive);
    let deleted = 0;
    if (finish !== undefined || suspended) {
      await this.#deps.podControl.delete(this.#key, job, active);
      deleted = active.length;
      active = [];
    } else if (this.#deps.expectations.satisfied(this.#key)) {
      const managed = await this.#manage(active, this.#deps.backoff.remainingMs(backoffRecord, now));
      deleted = managed.deleted.length;
      active = active.filter((pod) => !managed.deleted.includes(pod)).concat(managed.created);
    }
    if (finish === undefined && !suspended && this.#isComplete(active.length)) finish = { type: 'Complete', text: JobConditionTexts.completionsReached };
    if (suspended && active.length === 0 && this.#pods.every((pod) => !JobPods.isTerminating(pod))) delete this.#status.startTime;

    const terminating = this.#pods.filter(JobPods.isTerminating).length + deleted;
    this.#setCounts(active, terminating);
    if (finish !== undefined) this.#addInterimCondition(finish);
    let current = await this.#writeIfChanged(job);
    this.#deps.backoff.save(this.#key, backoffRecord);

    await this.#deps.podControl.release(this.#toRelease);
    this.#countReleased();
    if (finish !== undefined && this.#uncountedSucceeded.size + this.#uncountedFailed.size === 0 && terminating === 0) {
      this.#addFinalCondition(finish);
    }
    this.#setCounts(active, terminating);
    current = await this.#writeIfChanged(current);
    if (finish !== undefined && findCondition(this.#conditions, finish.type)?.status === 'True') this.#recordFinished(current, finish);
    if (finish === undefined) this.#requeueForDeadline(suspended);
    return this.#requeueMs === undefined ? undefined : { requeueAfterMs: this.#requeueMs };
  }

  #interimFinish(): Finish | undefined {
    const target = findCondition(this.#conditions, 'FailureTarget');
    if (target?.status === 'True') return { type: 'Failed', text: { reason: target.reason ?? '', message: target.message ?? '' } };
    const success = findCondition(this.#conditions, 'SuccessCriteriaMet');
    if (success?.status === 'True') return { type: 'Complete', text: { reason: success.reason ?? '', message: success.message ?? '' } };
    return undefined;
  }

  #collectFinishedPods(finishing: boolean): void {
    const { now, podControl } = this.#deps;
    for (const pod of this.#pods) {
      if (!JobPods.hasTrackingFinalizer(pod) || podControl.isReleasing(pod)) continue;
      const uid = pod.metadata.uid ?? '';
      const succeeded = pod.status?.phase === 'Succeeded';
      const failed = !succeeded && (JobPods.isFailed(pod, this.#job) || (finishing && pod.metadata.deletionTimestamp !== undefined));
      if (!succeeded && !failed) continue;
      this.#toRelease.push(pod);
      if (this.#uncountedSucceeded.has(uid) || this.#uncountedFailed.has(uid)) continue;
      const index = JobPods.completionIndex(pod);
      const validIndex = index !== undefined && index < (this.#completions ?? 0);
      const at = JobPods.finishedAt(pod, now);
      if (succeeded && this.#indexed) {
        if (validIndex && !this.#succeededIndexes.has(index)) this.#succeededIndexes.add(index);
        this.#newlyFinished.push({ failed: false, at });
      } else if (succeeded) {
        this.#uncountedSucceeded.add(uid);
        this.#newlyFinished.push({ failed: false, at });
      } else if (!this.#indexed || validIndex) {
        this.#uncountedFailed.add(uid);
        this.#newlyFinished.push({ failed: true, at });
      }
    }
  }

  #trackSuspension(suspended: boolean): void {
    const { now, recorder } = this.#deps;
    if (suspended) {
      if (ensureCondition(this.#conditions, 'Suspended', 'True', JobConditionTexts.suspended, now)) recorder.event(this.#job, 'Normal', 'Suspended', 'Job suspended');
      return;
    }
    if (ensureCondition(this.#conditions, 'Suspended', 'False', JobConditionTexts.resumed, now)) {
      recorder.event(this.#job, 'Normal', 'Resumed', 'Job resumed');
      this.#status.startTime = rfc3339(now);
    }
    this.#status.startTime ??= rfc3339(now);
  }

  #failed(): number {
    return (this.#status.failed ?? 0) + this.#uncountedFailed.size;
  }

  #succeeded(): number {
    return this.#indexed ? this.#succeededIndexes.size : (this.#status.succeeded ?? 0) + this.#uncountedSucceeded.size;
  }

  #failure(suspended: boolean): Finish | undefined {
    const backoffLimit = this.#job.spec?.backoffLimit ?? 6;
    if (this.#failed() > backoffLimit || this.#pastBackoffLimitOnFailure(backoffLimit)) {
      return { type: 'Failed', text: JobConditionTexts.backoffLimitExceeded };
    }
    const deadline = this.#deadlineAt();
    if (!suspended && deadline !== undefined && this.#deps.now >= deadline) return { type: 'Failed', text: JobConditionTexts.deadlineExceeded };
    return undefined;
  }

  #pastBackoffLimitOnFailure(backoffLimit: number): boolean {
    if (this.#job.spec?.template.spec?.restartPolicy !== 'OnFailure') return false;
    const restarts = this.#pods.filter(JobPods.isActive).reduce((sum, pod) => sum + JobPods.restarts(pod), 0);
    return backoffLimit === 0 ? restarts > 0 : restarts >= backoffLimit;
  }

  #deadlineAt(): number | undefined {
    const seconds = this.#job.spec?.activeDeadlineSeconds;
    const start = this.#status.startTime;
    if (seconds === undefined || start === undefined) return undefined;
    return Date.parse(start) + seconds * 1000;
  }

  #isComplete(active: number): boolean {
    if (this.#indexed) return this.#succeededIndexes.size >= (this.#completions ?? 0);
    if (this.#completions === undefined) return this.#succeeded() > 0 && active === 0;
    return this.#succeeded() >= this.#completions && active === 0;
  }

  async #manage(active: readonly Pod[], backoffMs: number): Promise<{ deleted: Pod[]; created: Pod[] }> {
    const parallelism = this.#job.spec?.parallelism ?? 1;
    const succeeded = this.#succeeded();
    let wantActive: number;
    if (this.#completions === undefined) wantActive = succeeded > 0 ? active.length : parallelism;
    else wantActive = Math.max(0, Math.min(parallelism, this.#completions - succeeded));

    const toDelete = this.#indexed ? this.#surplusIndexedPods(active) : [];
    const keep = active.filter((pod) => !toDelete.includes(pod));
    const excess = keep.length - wantActive;
    if (excess > 0) toDelete.push(...[...keep].sort(JobPods.byDeletionPreference).slice(0, excess));
    await this.#deps.podControl.delete(this.#key, this.#job, toDelete.slice(0, MAX_POD_BATCH));
    const activeCount = active.length - toDelete.length;
    if (activeCount >= wantActive) return { deleted: toDelete, created: [] };
    if (backoffMs > 0) {
      this.#requeue(backoffMs);
      return { deleted: toDelete, created: [] };
    }
    let diff = wantActive - activeCount;
    if (JobPods.onlyReplacesFailed(this.#job)) diff -= this.#pods.filter(JobPods.isTerminating).length;
    diff = Math.min(diff, MAX_POD_BATCH);
    if (diff <= 0) return { deleted: toDelete, created: [] };
    const indexes = this.#indexed ? this.#pendingIndexes(active, diff) : Array.from({ length: diff }, () => undefined);
    await this.#deps.podControl.create(this.#key, this.#job, indexes);
    // Created pods reach the cache later; count them as active placeholders now.
    const created = indexes.map(() => ({ apiVersion: 'v1', kind: 'Pod', metadata: {} }) satisfies Pod);
    return { deleted: toDelete, created };
  }

  /** Indexed pods whose index is invalid, already succeeded, or held by another active pod. */
  #surplusIndexedPods(active: readonly Pod[]): Pod[] {
    const seen = new Set<number>();
    const surplus: Pod[] = [];
    const sorted = [...active].sort((a, b) => JobPods.byDeletionPreference(b, a));
    for (const pod of sorted) {
      const index = JobPods.completionIndex(pod);
      if (index === undefined || index >= (this.#completions ?? 0) || this.#succeededIndexes.has(index) || seen.has(index)) surplus.push(pod);
      else seen.add(index);
    }
    return surplus;
  }

  #pendingIndexes(active: readonly Pod[], count: number): number[] {
    const held = new Set<number>();
    const holders = JobPods.onlyReplacesFailed(this.#job) ? this.#pods.filter((pod) => !JobPods.isTerminal(pod)) : active;
    for (const pod of holders) {
      const index = JobPods.completionIndex(pod);
      if (index !== undefined) held.add(index);
    }
    const pending: number[] = [];
    for (let index = 0; index < (this.#completions ?? 0) && pending.length < count; index++) {
      if (!held.has(index) && !this.#succeededIndexes.has(index)) pending.push(index);
    }
    return pending;
  }

  #setCounts(active: readonly Pod[], terminating: number): void {
    const status = this.#status;
    const setCount = (field: 'active' | 'succeeded' | 'failed', value: number) => {
      if (value === 0) delete status[field];
      else status[field] = value;
    };
    setCount('active', active.length);
    status.ready = active.filter(JobPods.isReady).length;
    status.terminating = terminating;
    if (this.#indexed) {
      status.completedIndexes = this.#succeededIndexes.toString();
      setCount('succeeded', this.#succeededIndexes.size);
    }
    status.uncountedTerminatedPods = {
      ...(this.#uncountedSucceeded.size === 0 ? {} : { succeeded: [...this.#uncountedSucceeded] }),
      ...(this.#uncountedFailed.size === 0 ? {} : { failed: [...this.#uncountedFailed] }),
    };
    if (this.#conditions.length > 0) status.conditions = this.#conditions;
  }

  /** Moves released pods from uncountedTerminatedPods into the counters. */
  #countReleased(): void {
    const stillTracked = new Set(
      this.#pods
        .filter((pod) => JobPods.hasTrackingFinalizer(pod) && !this.#toRelease.includes(pod) && !this.#deps.podControl.isReleasing(pod))
        .map((pod) => pod.metadata.uid ?? ''),
    );
    for (const [uncounted, field] of [[this.#uncountedSucceeded, 'succeeded'], [this.#uncountedFailed, 'failed']] as const) {
      for (const uid of [...uncounted]) {
        if (stillTracked.has(uid)) continue;
        uncounted.delete(uid);
        if (!(field === 'succeeded' && this.#indexed)) this.#status[field] = (this.#status[field] ?? 0) + 1;
      }
    }
  }

  #addInterimCondition(finish: Finish): void {
    const type = finish.type === 'Failed' ? 'FailureTarget' : 'SuccessCriteriaMet';
    if (findCondition(this.#conditions, type)?.status !== 'True') this.#conditions.push(newCondition(type, 'True', finish.text, this.#deps.now));
  }

  #addFinalCondition(finish: Finish): void {
    if (findCondition(this.#conditions, finish.type)?.status === 'True') return;
    const condition = newCondition(finish.type, 'True', finish.text, this.#deps.now);
    this.#conditions.push(condition);
    if (finish.type === 'Complete' && condition.lastTransitionTime !== undefined) this.#status.completionTime = condition.lastTransitionTime;
  }

  #recordFinished(job: Job, finish: Finish): void {
    const alreadyFinished = findCondition((this.#job.status?.conditions ?? []) as JobCondition[], finish.type)?.status === 'True';
    if (alreadyFinished) return;
    if (finish.type === 'Complete') this.#deps.recorder.event(job, 'Normal', 'Completed', 'Job completed');
    else this.#deps.recorder.event(job, 'Warning', finish.text.reason, finish.text.message);
  }

  #requeueForDeadline(suspended: boolean): void {
    const deadline = this.#deadlineAt();
    if (!suspended && deadline !== undefined) this.#requeue(Math.max(0, deadline - this.#deps.now));
  }

  #requeue(ms: number): void {
    this.#requeueMs = this.#requeueMs === undefined ? ms : Math.min(this.#requeueMs, ms);
  }

  async #writeIfChanged(job: Job): Promise<Job> {
    if (sameJson(job.status ?? {}, this.#status)) return job;
    const updated = await this.#deps.client.update<Job>(JOBS, { ...job, status: structuredClone(this.#status) }, { subresource: 'status' });
    return { ...updated, apiVersion: 'batch/v1', kind: 'Job' };
  }
}
