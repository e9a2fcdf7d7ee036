/** Whether a process with this PID exists (and is not yet reaped). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** SIGTERM to `pid`; SIGKILL if `exited` has not resolved after `timeoutMs`. */
export async function signalAndWait(pid: number, timeoutMs: number, exited: () => Promise<void>): Promise<void> {
  if (!sendSignal(pid, 'SIGTERM')) return;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = await Promise.race([
    exited().then(() => false),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => {
        resolve(true);
      }, timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  if (timedOut && sendSignal(pid, 'SIGKILL')) await exited();
}

function sendSignal(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}
