import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { beforeEach, describe, it } from 'node:test';
import { findResource } from '../../api/resources.js';
import { openStorage } from '../../storage/open-storage.js';
import { FakeClock } from '../../util/clock.js';
import { ObjectStore } from '../registry/object-store.js';
import { strategyFor } from '../registry/strategies.js';
import { ServiceAccountTokens } from './service-account-tokens.js';

const newKey = () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const serviceAccounts = findResource('', 'v1', 'serviceaccounts');

let clock: FakeClock;
let store: ObjectStore;
let tokens: ServiceAccountTokens;
let uid: string;

beforeEach(async () => {
  clock = new FakeClock();
  store = new ObjectStore({ storage: await openStorage('memory://'), clock, strategyFor });
  tokens = new ServiceAccountTokens({ store, clock, signingKeyPem: newKey() });
  assert.ok(serviceAccounts !== undefined);
  const account = await store.create(serviceAccounts, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'builder', namespace: 'ci' } }, { dryRun: false });
  uid = account.metadata.uid ?? '';
});

const issue = (overrides: { audiences?: string[]; expirationSeconds?: number } = {}) =>
  tokens.issue({ namespace: 'ci', serviceAccount: { name: 'builder', uid }, audiences: [tokens.issuer], expirationSeconds: 600, ...overrides }).token;

describe('service account tokens', () => {
  it('authenticate as the service account with its groups', async () => {
    assert.deepEqual(await tokens.authenticate(issue()), {
      user: 'system:serviceaccount:ci:builder',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:ci', 'system:authenticated'],
    });
  });

  it('stop authenticating once they expire', async () => {
    const token = issue();
    clock.advance(599_000);
    assert.notEqual(await tokens.authenticate(token), undefined);
    clock.advance(1000);
    assert.equal(await tokens.authenticate(token), undefined);
  });

  it('do not authenticate when meant for another audience or signed by another key', async () => {
    assert.equal(await tokens.authenticate(issue({ audiences: ['vault'] })), undefined);
    const stranger = new ServiceAccountTokens({ store, clock, signingKeyPem: newKey() });
    const foreign = stranger.issue({ namespace: 'ci', serviceAccount: { name: 'builder', uid }, audiences: [tokens.issuer], expirationSeconds: 600 }).token;
    assert.equal(await tokens.authenticate(foreign), undefined);
    assert.equal(await tokens.authenticate('not.a.jwt'), undefined);
  });

  it('publish their key as a JWKS with the key id the tokens carry', () => {
    const [header = ''] = issue().split('.');
    const { kid, alg } = JSON.parse(Buffer.from(header, 'base64url').toString()) as { kid: string; alg: string };
    assert.equal(alg, 'ES256');
    const { keys } = tokens.jwks() as { keys: { kid: string; kty: string; crv: string }[] };
    assert.equal(keys[0]?.kid, kid);
    assert.equal(keys[0].kty, 'EC');
    assert.equal(keys[0].crv, 'P-256');
  });
});
