import type { Pod } from '../../api/kinds.js';
import type { Clock } from '../../util/clock.js';
import { errorMessage } from '../../util/errors.js';
import type { ContainerRuntime, RegistryAuth } from '../runtime/container-runtime.js';
import type { PodContainer } from '../volumes/pod-volumes.js';
import { goDuration, RestartBackoff } from './restart-backoff.js';

/** The container cannot start for an image reason; `reason` becomes its Waiting reason. */
export class ImageError extends Error {
  readonly reason: string;
  /** How long until pulling is worth trying again. */
  readonly retryAfterMs: number;

  constructor(reason: string, message: string, retryAfterMs: number) {
    super(message);
    this.reason = reason;
    this.retryAfterMs = retryAfterMs;
  }
}

export type PodEventSink = (pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string) => void;

/** The pull policy a kubelet assumes when none is set: Always for `:latest` or no tag, else IfNotPresent. */
export function pullPolicy(container: PodContainer): string {
  if (container.imagePullPolicy !== undefined) return container.imagePullPolicy;
  const image = container.image ?? '';
  if (image.includes('@')) return 'IfNotPresent';
  const lastPart = image.slice(image.lastIndexOf('/') + 1);
  const tag = lastPart.includes(':') ? lastPart.slice(lastPart.indexOf(':') + 1) : 'latest';
  return tag === 'latest' ? 'Always' : 'IfNotPresent';
}

/** The kubelet's image manager: honours imagePullPolicy, reports Pulling/Pulled/Failed/BackOff, and backs off failed pulls per pod and image. */
export class ImagePuller {
  readonly #runtime: ContainerRuntime;
  readonly #clock: Clock;
  readonly #events: PodEventSink;
  readonly #backoff: RestartBackoff;
  readonly #authFor: (image: string) => RegistryAuth | undefined;

  constructor(options: { runtime: ContainerRuntime; clock: Clock; events: PodEventSink; authFor?: (image: string) => RegistryAuth | undefined }) {
    this.#runtime = options.runtime;
    this.#authFor = options.authFor ?? (() => undefined);
    this.#clock = options.clock;
    this.#events = options.events;
    this.#backoff = new RestartBackoff({ clock: options.clock });
  }

  /** Makes sure the container's image is present and returns its id (image ref). */
  async ensureImage(pod: Pod, container: PodContainer): Promise<string> {
    const image = container.image ?? '';
    const policy = pullPolicy(container);
    const present = await this.#runtime.imageStatus(image);
    if (policy === 'Never' || (policy === 'IfNotPresent' && present !== undefined)) {
      if (present !== undefined) {
        this.#events(pod, 'Normal', 'Pulled', `Container image "${image}" already present on machine`);
        return present.id;
      }
      const message = `Container image "${image}" is not present with pull policy of Never`;
      this.#events(pod, 'Warning', 'ErrImageNeverPull', message);
      throw new ImageError('ErrImageNeverPull', message, 0);
    }
    const key = `${pod.metadata.uid ?? ''}/${image}`;
    const remaining = this.#backoff.remainingSinceUpdate(key);
    if (remaining > 0) {
      this.#events(pod, 'Normal', 'BackOff', `Back-off pulling image "${image}"`);
      this.#events(pod, 'Warning', 'Failed', 'Error: ImagePullBackOff');
      throw new ImageError('ImagePullBackOff', `Back-off pulling image "${image}"`, remaining);
    }
    this.#events(pod, 'Normal', 'Pulling', `Pulling image "${image}"`);
    const started = this.#clock.now();
    try {
      const auth = this.#authFor(image);
      const ref = await this.#runtime.pullImage(image, auth === undefined ? {} : { auth });
      const took = goDurationPrecise(this.#clock.now() - started);
      const size = (await this.#runtime.imageStatus(ref))?.sizeBytes;
      this.#events(pod, 'Normal', 'Pulled', `Successfully pulled image "${image}" in ${took} (${took} including waiting).${size === undefined ? '' : ` Image size: ${size} bytes.`}`);
      return ref;
    } catch (error) {
      this.#backoff.next(key);
      const message = errorMessage(error);
      this.#events(pod, 'Warning', 'Failed', `Failed to pull image "${image}": ${message}`);
      this.#events(pod, 'Warning', 'Failed', 'Error: ErrImagePull');
      throw new ImageError('ErrImagePull', message, this.#backoff.remainingSinceUpdate(key));
    }
  }

  forgetPod(podUid: string): void {
    this.#backoff.forgetPrefix(`${podUid}/`);
  }
}

function goDurationPrecise(ms: number): string {
  return ms < 1000 ? `${ms}ms` : ms < 60_000 ? `${(ms / 1000).toFixed(3).replace(/\.?0+$/, '')}s` : goDuration(ms);
}
