// How busy the machine was with work other than the bench's own processes during a phase, so a
// noisy run can be told from a real regression. Linux only (/proc/stat); elsewhere it reports
// nothing. Steal time (a VM's vCPU waiting for the host) counts as other load.
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux the bench runs on

function machineTicks() {
  try {
    const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = fields.map(Number);
    return { busy: user + nice + system + irq + softirq + steal, wall: Date.now() };
  } catch {
    return undefined;
  }
}

/**
 * Starts a measurement. `stop(ownCpuMicros)` takes the CPU time the bench's own processes used
 * meanwhile (µs) and returns the rest of the machine's busy time as a share of one core, or
 * undefined when /proc/stat is unavailable.
 */
export function startLoadMeter() {
  const before = machineTicks();
  return {
    stop(ownCpuMicros) {
      const after = machineTicks();
      if (before === undefined || after === undefined) return undefined;
      const busySeconds = (after.busy - before.busy) / TICKS_PER_SECOND;
      const wallSeconds = (after.wall - before.wall) / 1000;
      if (wallSeconds <= 0) return undefined;
      return Math.max(0, (busySeconds - ownCpuMicros / 1e6) / wallSeconds);
    },
  };
}
