import os from 'node:os';

export interface MachineInfo {
  readonly cpuModel: string;
  readonly cpuCount: number;
  readonly totalMemoryBytes: number;
  readonly totalMemory: string;
  readonly platform: string;
  readonly kernel: string;
  readonly node: string;
  readonly date: string;
  /** 1, 5 and 15 minute load averages when the run started: other load skews results. */
  readonly loadAverageAtStart: readonly number[];
}

export function machineInfo(now: Date = new Date()): MachineInfo {
  const cpus = os.cpus();
  const models = [...new Set(cpus.map((cpu) => cpu.model.trim()))];
  return {
    cpuModel: models.join(' + ') || 'unknown',
    cpuCount: cpus.length,
    totalMemoryBytes: os.totalmem(),
    totalMemory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    platform: `${os.platform()} ${os.arch()}`,
    kernel: os.release(),
    node: process.version,
    date: now.toISOString(),
    loadAverageAtStart: os.loadavg().map((load) => Math.round(load * 100) / 100),
  };
}

export function describeMachine(machine: MachineInfo): string {
  return (
    `${machine.cpuCount} x ${machine.cpuModel}, ${machine.totalMemory} RAM, ` +
    `${machine.platform} (${machine.kernel}), Node ${machine.node}, ${machine.date}, ` +
    `load average at start ${machine.loadAverageAtStart.join(' ')}`
  );
}
