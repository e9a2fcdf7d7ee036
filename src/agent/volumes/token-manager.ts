import type { ApiObject } from '../../api/object.js';
import { resourceOf, type ApiClient } from '../../client/api-client.js';
import type { Clock } from '../../util/clock.js';

const SERVICE_ACCOUNTS = resourceOf('v1', 'ServiceAccount');
/** Upstream's token manager refreshes at 80% of a token's lifetime, or after 24 hours. */
const REFRESH_FRACTION = 0.8;
const MAX_AGE_MS = 24 * 3600 * 1000;

export interface TokenRequestSpec {
  readonly namespace: string;
  readonly serviceAccount: string;
  /** Empty: the API server's own audiences. */
  readonly audiences: readonly string[];
  readonly expirationSeconds: number;
  readonly pod: { readonly name: string; readonly uid: string };
}

interface CachedToken {
  readonly token: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
}

/**
 * Pod-bound service account tokens from the TokenRequest API, cached per pod and
 * request, as the kubelet's token manager: a cached token is used until 80% of its
 * lifetime has passed, then a new one is requested.
 */
export class TokenManager {
  readonly #client: ApiClient;
  readonly #clock: Clock;
  readonly #cache = new Map<string, CachedToken>();

  constructor(options: { client: ApiClient; clock: Clock }) {
    this.#client = options.client;
    this.#clock = options.clock;
  }

  async token(spec: TokenRequestSpec): Promise<string> {
    const key = JSON.stringify([spec.pod.uid, spec.namespace, spec.serviceAccount, spec.audiences, spec.expirationSeconds]);
    const now = this.#clock.now();
    const cached = this.#cache.get(key);
    if (cached !== undefined && !needsRefresh(cached, now)) return cached.token;
    const request: ApiObject = {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      metadata: {},
      spec: {
        audiences: spec.audiences,
        expirationSeconds: spec.expirationSeconds,
        boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: spec.pod.name, uid: spec.pod.uid },
      },
    };
    const answer = await this.#client.createSubresource<ApiObject & { status?: { token?: string; expirationTimestamp?: string } }>(
      SERVICE_ACCOUNTS,
      spec.namespace,
      spec.serviceAccount,
      'token',
      request,
    );
    const token = answer.status?.token;
    if (token === undefined || token === '') throw new Error(`the TokenRequest for service account "${spec.serviceAccount}" returned no token`);
    const expiry = Date.parse(answer.status?.expirationTimestamp ?? '');
    this.#cache.set(key, { token, issuedAt: now, expiresAt: Number.isNaN(expiry) ? now + spec.expirationSeconds * 1000 : expiry });
    return token;
  }

  /** Drops the tokens of a pod that is gone. */
  forgetPod(podUid: string): void {
    for (const key of this.#cache.keys()) if (key.startsWith(`[${JSON.stringify(podUid)},`)) this.#cache.delete(key);
  }
}

function needsRefresh(cached: CachedToken, now: number): boolean {
  return now >= cached.issuedAt + (cached.expiresAt - cached.issuedAt) * REFRESH_FRACTION || now - cached.issuedAt > MAX_AGE_MS;
}
