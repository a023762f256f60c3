/**
 * The run's single event queue: a binary min-heap ordered by (time, seq). `seq` is a global counter, so
 * events due at the same millisecond run in the order they were scheduled — the tie-break that makes a
 * run independent of anything but the seed.
 */
export interface QueuedEvent {
  time: number;
  seq: number;
}

export class EventQueue<E extends QueuedEvent> {
  #heap: E[] = [];

  get size(): number {
    return this.#heap.length;
  }

  peek(): E | undefined {
    return this.#heap[0];
  }

  push(event: E): void {
    const heap = this.#heap;
    let i = heap.length;
    heap.push(event);
    while (i > 0) {
      const parentIndex = (i - 1) >> 1;
      const parent = heap[parentIndex] as E;
      if (parent.time < event.time || (parent.time === event.time && parent.seq < event.seq)) break;
      heap[i] = parent;
      i = parentIndex;
    }
    heap[i] = event;
  }

  pop(): E | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    const n = heap.length;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      let c = heap[left] as E;
      if (right < n) {
        const r = heap[right] as E;
        if (r.time < c.time || (r.time === c.time && r.seq < c.seq)) {
          child = right;
          c = r;
        }
      }
      if (last.time < c.time || (last.time === c.time && last.seq < c.seq)) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}
