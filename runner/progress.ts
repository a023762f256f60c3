/**
 * A sweep's progress: seeds done of the total, the rate, the time left at that rate, and failures so far. On a
 * terminal it is one line redrawn in place (CliIo.progress); elsewhere (CI logs, pipes) a line every tenth of the
 * sweep, so a log shows progress without a line per seed. Our own: a progress library would bring a terminal
 * renderer for what is one line.
 */
import type { CliIo } from './io.ts';

export interface ProgressState {
  label: string;
  done: number;
  total: number;
  failing: number;
  elapsedMs: number;
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${String(s % 60).padStart(2, '0')} s` : `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

export function progressLine(p: ProgressState): string {
  const perMinute = p.elapsedMs > 0 ? (p.done / p.elapsedMs) * 60_000 : 0;
  const left = p.done > 0 && p.done < p.total ? ` · ETA ${duration(((p.total - p.done) / p.done) * p.elapsedMs)}` : '';
  const failing = p.failing === 0 ? 'no failures' : `${p.failing} FAILING`;
  return `… ${p.done}/${p.total} seeds of ${p.label} · ${perMinute.toFixed(0)} seeds/min${left} · ${failing}`;
}

export interface ProgressReporter {
  update(p: ProgressState): void;
  /** Clears a redrawn line before the summary is printed. */
  finish(): void;
}

export function progressReporter(io: CliIo): ProgressReporter {
  const redraw = io.progress;
  if (redraw !== undefined) return { update: (p) => redraw(progressLine(p)), finish: () => redraw('') };
  let lastTenth = -1;
  return {
    update: (p) => {
      const tenth = Math.floor((p.done * 10) / Math.max(1, p.total));
      if (tenth === lastTenth && p.done !== p.total) return;
      lastTenth = tenth;
      io.stderr(progressLine(p));
    },
    finish: () => {},
  };
}
