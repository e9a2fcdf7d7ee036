import jsonPatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import { apiErrors } from '../http/api-error.js';

/** RFC 6902 JSON patch; a patch that does not apply is a 422 as upstream reports it. */
export function applyJsonPatch(target: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) throw apiErrors.badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  try {
    return jsonPatch.applyPatch(structuredClone(target), patch as Operation[], true, false).newDocument;
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error);
    throw apiErrors.unprocessable(`the server rejected our request due to an error in our request: ${message}`);
  }
}
