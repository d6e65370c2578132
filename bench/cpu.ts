import { readFileSync } from 'node:fs';
import { type EventLoopUtilization, performance } from 'node:perf_hooks';

/**
 * CPU accounting of a measured window, sampled from the application's main thread (the bench's, or that of
 * each web process, see web-process-preload.ts): its CPU time, its event-loop utilisation, and how busy the
 * whole machine was. Node 20 has no process.threadCpuUsage(): on
 * Linux a thread's CPU time is read from /proc/thread-self, elsewhere the main thread's is approximated by
 * the event loop's active time (which also counts time waiting for a core).
 */

/** Linux reports thread times in clock ticks of 1/100 s (USER_HZ, 100 on every common architecture). */
const TICK_MS = 10;

export interface CpuSample {
  elu: EventLoopUtilization;
  /** CPU time of the main thread (user + system), ms; null where /proc is not available. */
  threadCpuMs: number | null;
  /** Jiffies of all cores since boot, from /proc/stat; null where it is not available. */
  machine: { busy: number; total: number } | null;
}

export interface CpuFigures {
  /** Main thread CPU time per measured request, ms. */
  serverCpuMsPerRequest: number | null;
  /** Event-loop utilisation of the main thread, 0–1 (the mean over the web processes); null if unknown. */
  serverElu: number | null;
  /** Share of all cores busy (every process), 0–1; null outside Linux. */
  machineCpu: number | null;
}

/** CPU time (user + system) of the calling thread, in ms; null where /proc is not available. */
export function threadCpuMs(): number | null {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    // Fields after the command name (which may hold spaces, hence the last ')'): utime and stime are the
    // 14th and 15th fields of the line, the 12th and 13th after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return null;
  }
}

function machineJiffies(): { busy: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    if (!line.startsWith('cpu ')) return null;
    // user nice system idle iowait irq softirq steal (guest and guest_nice are already in user and nice).
    const v = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = v.reduce((a, b) => a + b, 0);
    return { busy: total - v[3]! - (v[4] ?? 0), total };
  } catch {
    return null;
  }
}

export function sampleCpu(): CpuSample {
  return { elu: performance.eventLoopUtilization(), threadCpuMs: threadCpuMs(), machine: machineJiffies() };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function cpuFigures(from: CpuSample, to: CpuSample, requests: number): CpuFigures {
  return serversCpuFigures([{ from, to }], { from, to }, requests);
}

/**
 * Figures of several servers (the main threads of the web processes): their CPU time added up, the mean of
 * their event-loop utilisations; `machine` holds the bench's own samples (for the share of all cores busy).
 * A server without its two samples leaves its CPU and the ELU unknown (null).
 */
export function serversCpuFigures(
  servers: { from: CpuSample | null; to: CpuSample | null }[],
  machine: { from: CpuSample; to: CpuSample },
  requests: number,
): CpuFigures {
  let cpuMs: number | null = 0;
  let eluSum: number | null = 0;
  for (const { from, to } of servers) {
    if (!from || !to) {
      cpuMs = eluSum = null;
      break;
    }
    const elu = performance.eventLoopUtilization(to.elu, from.elu);
    const ms =
      from.threadCpuMs !== null && to.threadCpuMs !== null ? to.threadCpuMs - from.threadCpuMs : elu.active;
    if (cpuMs !== null) cpuMs += ms;
    if (eluSum !== null) eluSum += elu.utilization;
  }
  const { from, to } = machine;
  const m =
    from.machine && to.machine
      ? { busy: to.machine.busy - from.machine.busy, total: to.machine.total - from.machine.total }
      : null;
  return {
    serverCpuMsPerRequest: requests && cpuMs !== null ? round2(cpuMs / requests) : null,
    serverElu: eluSum === null || !servers.length ? null : round2(eluSum / servers.length),
    machineCpu: m && m.total > 0 ? round2(m.busy / m.total) : null,
  };
}
