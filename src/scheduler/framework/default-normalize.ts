import { MAX_NODE_SCORE } from './plugin.js';

/**
 * Scales scores so the highest becomes MAX_NODE_SCORE (integer division, as
 * upstream); with `reverse`, the highest raw score becomes 0 instead.
 */
export function defaultNormalizeScores(scores: number[], reverse: boolean): void {
  let max = 0;
  for (const score of scores) if (score > max) max = score;
  for (let i = 0; i < scores.length; i++) {
    if (max === 0) {
      scores[i] = reverse ? MAX_NODE_SCORE : 0;
      continue;
    }
    const scaled = Math.floor((MAX_NODE_SCORE * (scores[i] ?? 0)) / max);
    scores[i] = reverse ? MAX_NODE_SCORE - scaled : scaled;
  }
}
