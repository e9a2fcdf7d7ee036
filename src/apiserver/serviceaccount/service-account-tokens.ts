import { createPrivateKey, createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import type { ApiObject } from '../../api/object.js';
import { findResource, type ResourceInfo } from '../../api/resources.js';
import type { Clock } from '../../util/clock.js';
import type { UserInfo } from '../http/http-types.js';
import type { ObjectStore } from '../registry/object-store.js';
import { jwsAlgorithmOf, keyIdOf, signJwt, unverifiedClaims, verifyJwt } from './jwt.js';

/** Upstream's default `--service-account-issuer` (and API audience) for a cluster.local cluster. */
export const DEFAULT_ISSUER = 'https://kubernetes.default.svc.cluster.local';

const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:';

export interface ServiceAccountTokensOptions {
  readonly store: ObjectStore;
  readonly clock: Clock;
  /** The PEM private key (ECDSA P-256 or RSA) that signs tokens. */
  readonly signingKeyPem: string;
  readonly issuer?: string;
  /** Audiences the API server accepts; a token must name at least one. Default: the issuer. */
  readonly apiAudiences?: readonly string[];
}

/** The object a token is bound to; its lifetime ends the token's. */
export interface BoundObject {
  readonly kind: 'Pod' | 'Secret';
  readonly name: string;
  readonly uid: string;
}

export interface TokenToIssue {
  readonly namespace: string;
  readonly serviceAccount: { readonly name: string; readonly uid: string };
  readonly audiences: readonly string[];
  readonly expirationSeconds: number;
  readonly boundObject?: BoundObject;
}

/**
 * Issues and verifies bound service-account tokens: JWTs shaped as upstream's (`iss`,
 * `sub` system:serviceaccount:NS:NAME, `aud`, `exp`, `iat`, `nbf`, `jti` and the
 * `kubernetes.io` claim naming the namespace, service account and bound pod or secret).
 * A token authenticates only while the service account (and the bound object) it
 * names still exists with the same uid.
 */
export class ServiceAccountTokens {
  readonly #options: ServiceAccountTokensOptions;
  readonly #privateKey: KeyObject;
  readonly #publicKey: KeyObject;
  readonly #keyId: string;

  constructor(options: ServiceAccountTokensOptions) {
    this.#options = options;
    this.#privateKey = createPrivateKey(options.signingKeyPem);
    this.#publicKey = createPublicKey(this.#privateKey);
    jwsAlgorithmOf(this.#privateKey);
    this.#keyId = keyIdOf(this.#privateKey);
  }

  get issuer(): string {
    return this.#options.issuer ?? DEFAULT_ISSUER;
  }

  get apiAudiences(): readonly string[] {
    return this.#options.apiAudiences ?? [this.issuer];
  }

  /** Signs a token; returns it with its expiry (milliseconds since the epoch). */
  issue(request: TokenToIssue): { token: string; expiresAt: number } {
    const issuedAt = Math.floor(this.#options.clock.now() / 1000);
    const expiresAt = issuedAt + request.expirationSeconds;
    const bound = request.boundObject;
    const claims = {
      aud: request.audiences,
      exp: expiresAt,
      iat: issuedAt,
      iss: this.issuer,
      jti: randomUUID(),
      'kubernetes.io': {
        namespace: request.namespace,
        ...(bound === undefined ? {} : { [bound.kind === 'Pod' ? 'pod' : 'secret']: { name: bound.name, uid: bound.uid } }),
        serviceaccount: { name: request.serviceAccount.name, uid: request.serviceAccount.uid },
      },
      nbf: issuedAt,
      sub: `${SERVICE_ACCOUNT_PREFIX}${request.namespace}:${request.serviceAccount.name}`,
    };
    return { token: signJwt(claims, this.#privateKey, this.#keyId), expiresAt: expiresAt * 1000 };
  }

  /**
   * The service account a bearer token authenticates, or undefined when the token is
   * not ours, forged, expired, not yet valid, meant for another audience, or names a
   * service account or bound object that is gone (or was recreated with another uid).
   */
  async authenticate(token: string): Promise<UserInfo | undefined> {
    if (unverifiedClaims(token)?.iss !== this.issuer) return undefined;
    const claims = verifyJwt(token, this.#publicKey)?.claims;
    if (claims === undefined) return undefined;
    const now = this.#options.clock.now() / 1000;
    if (typeof claims.exp !== 'number' || claims.exp <= now) return undefined;
    if (typeof claims.nbf === 'number' && claims.nbf > now + NOT_BEFORE_LEEWAY_SECONDS) return undefined;
    const audiences = typeof claims.aud === 'string' ? [claims.aud] : Array.isArray(claims.aud) ? claims.aud : [];
    if (!audiences.some((audience) => this.apiAudiences.includes(audience as string))) return undefined;
    const identity = kubernetesClaim(claims);
    if (identity === undefined || claims.sub !== `${SERVICE_ACCOUNT_PREFIX}${identity.namespace}:${identity.serviceAccount.name}`) return undefined;
    if (!(await this.#exists(SERVICE_ACCOUNTS, identity.namespace, identity.serviceAccount))) return undefined;
    if (identity.pod !== undefined && !(await this.#exists(PODS, identity.namespace, identity.pod))) return undefined;
    if (identity.secret !== undefined && !(await this.#exists(SECRETS, identity.namespace, identity.secret))) return undefined;
    return {
      user: `${SERVICE_ACCOUNT_PREFIX}${identity.namespace}:${identity.serviceAccount.name}`,
      groups: ['system:serviceaccounts', `system:serviceaccounts:${identity.namespace}`, 'system:authenticated'],
    };
  }

  /** `/.well-known/openid-configuration`, as upstream's service account issuer discovery serves it. */
  openIdConfiguration(): Record<string, unknown> {
    return {
      issuer: this.issuer,
      jwks_uri: `${this.issuer}/openid/v1/jwks`,
      response_types_supported: ['id_token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: [jwsAlgorithmOf(this.#privateKey)],
    };
  }

  /** `/openid/v1/jwks`: the public key that verifies tokens. */
  jwks(): Record<string, unknown> {
    const jwk = this.#publicKey.export({ format: 'jwk' });
    return { keys: [{ use: 'sig', kid: this.#keyId, alg: jwsAlgorithmOf(this.#privateKey), ...jwk }] };
  }

  async #exists(info: ResourceInfo, namespace: string, ref: { name: string; uid: string }): Promise<boolean> {
    let object: ApiObject;
    try {
      object = await this.#options.store.get(info, namespace, ref.name);
    } catch {
      return false;
    }
    if (object.metadata.uid !== ref.uid) return false;
    const deletion = object.metadata.deletionTimestamp;
    return deletion === undefined || Date.parse(deletion) > this.#options.clock.now();
  }
}

/** Upstream's leeway for clock skew on `nbf`. */
const NOT_BEFORE_LEEWAY_SECONDS = 60;

const SERVICE_ACCOUNTS = required('serviceaccounts');
const PODS = required('pods');
const SECRETS = required('secrets');

function required(resource: string): ResourceInfo {
  const info = findResource('', 'v1', resource);
  if (info === undefined) throw new Error(`core/v1 ${resource} is not served`);
  return info;
}

interface Ref {
  name: string;
  uid: string;
}

function kubernetesClaim(claims: Record<string, unknown>): { namespace: string; serviceAccount: Ref; pod?: Ref; secret?: Ref } | undefined {
  const claim = claims['kubernetes.io'];
  if (typeof claim !== 'object' || claim === null) return undefined;
  const { namespace, serviceaccount, pod, secret } = claim as Record<string, unknown>;
  const serviceAccount = refOf(serviceaccount);
  if (typeof namespace !== 'string' || serviceAccount === undefined) return undefined;
  const podRef = refOf(pod);
  const secretRef = refOf(secret);
  if ((pod !== undefined && podRef === undefined) || (secret !== undefined && secretRef === undefined)) return undefined;
  return { namespace, serviceAccount, ...(podRef === undefined ? {} : { pod: podRef }), ...(secretRef === undefined ? {} : { secret: secretRef }) };
}

function refOf(value: unknown): Ref | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { name, uid } = value as Record<string, unknown>;
  return typeof name === 'string' && typeof uid === 'string' ? { name, uid } : undefined;
}
