import { type ProcessResult, runProcess } from './run-process.js';

export type KubectlResult = ProcessResult;

/** Runs the real kubectl (`KUBECTL` or the one on PATH) against a kubeconfig. */
export function kubectl(kubeconfig: string, args: readonly string[], options: { stdin?: string; env?: Record<string, string>; binary?: string } = {}): Promise<KubectlResult> {
  const { binary, ...rest } = options;
  return runProcess(binary ?? process.env.KUBECTL ?? 'kubectl', ['--kubeconfig', kubeconfig, ...args], rest);
}
