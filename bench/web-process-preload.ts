/**
 * Loaded by each web process the bench starts (`--import`, before src/main.ts; see web-processes.ts): answers
 * the bench's CPU samples over the IPC channel, from the process's main thread, and stops the process when
 * the bench goes away (the channel closes even if the bench was killed), so that none is left behind.
 */
import { sampleCpu } from './cpu.ts';

export interface SampleRequest {
  kind: 'bench:sample';
  id: number;
}

if (process.send) {
  process.on('message', (m: SampleRequest) => {
    if (m?.kind === 'bench:sample') process.send?.({ kind: 'bench:sample', id: m.id, sample: sampleCpu() });
  });
  // main.ts stops gracefully on SIGTERM (and forces its exit after 25 s).
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
