import { readFileSync } from 'node:fs';
import { type EventLoopUtilization, performance } from 'node:perf_hooks';

/**
 * CPU accounting of a measured window, sampled from the main thread (the application's): its CPU time, its
 * event-loop utilisation, and how busy the whole machine was. Node 20 has no process.threadCpuUsage(): on
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
  /** Event-loop utilisation of the main thread, 0–1. */
  serverElu: number;
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
  const elu = performance.eventLoopUtilization(to.elu, from.elu);
  const cpuMs =
    from.threadCpuMs !== null && to.threadCpuMs !== null ? to.threadCpuMs - from.threadCpuMs : elu.active;
  const m =
    from.machine && to.machine
      ? { busy: to.machine.busy - from.machine.busy, total: to.machine.total - from.machine.total }
      : null;
  return {
    serverCpuMsPerRequest: requests ? round2(cpuMs / requests) : null,
    serverElu: round2(elu.utilization),
    machineCpu: m && m.total > 0 ? round2(m.busy / m.total) : null,
  };
}
