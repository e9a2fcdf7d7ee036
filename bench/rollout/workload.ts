import type { Deployment } from '../../src/api/kinds.js';

export const NAMESPACE = 'rollout-bench';
export const DEPLOYMENT = 'web';
/** A one-replica Deployment run before the measured one, so leader election and informer sync are not timed. */
export const WARMUP_DEPLOYMENT = 'warmup';
/** The image the Deployment starts with, and the one the rolling update changes it to. */
export const IMAGES = ['registry.k8s.io/pause:3.9', 'registry.k8s.io/pause:3.10'] as const;
export const PODS_PER_NODE = 110;

function positiveFromEnv(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text.trim() === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, not "${text}"`);
  return value;
}

/** Replicas of the measured Deployment (TUG_BENCH_ROLLOUT_REPLICAS, default 1000). */
export function replicaCount(): number {
  return positiveFromEnv('TUG_BENCH_ROLLOUT_REPLICAS', 1000);
}

/** Simulated nodes (TUG_BENCH_ROLLOUT_NODES, default 100; 110 pods each). */
export function nodeCount(): number {
  return positiveFromEnv('TUG_BENCH_ROLLOUT_NODES', 100);
}

/**
 * A Deployment with the default RollingUpdate strategy (maxSurge 25%, maxUnavailable
 * 25%, no minReadySeconds) and small requests, so capacity is never what limits it.
 */
export function benchDeployment(name: string, replicas: number, image: string): Deployment {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NAMESPACE },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [{ name: 'app', image, resources: { requests: { cpu: '10m', memory: '16Mi' } } }],
        },
      },
    },
  };
}
