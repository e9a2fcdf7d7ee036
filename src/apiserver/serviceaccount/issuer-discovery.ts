import type { Response } from '../http/http-types.js';
import { sendJson } from '../http/respond.js';
import type { ServiceAccountTokens } from './service-account-tokens.js';

/**
 * Serves upstream's service account issuer discovery (OIDC discovery document and
 * JWKS) so other systems can verify service account tokens. Returns whether the path
 * was one of them.
 */
export function serveIssuerDiscovery(response: Response, path: string, tokens: ServiceAccountTokens): boolean {
  if (path === '/.well-known/openid-configuration') {
    sendJson(response, 200, tokens.openIdConfiguration());
    return true;
  }
  if (path === '/openid/v1/jwks') {
    sendJson(response, 200, tokens.jwks(), 'application/jwk-set+json');
    return true;
  }
  return false;
}
