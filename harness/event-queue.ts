/**
 * The run's single event queue, ordered by (time, seq). `seq` is a global counter assigned when an event is
 * queued, so events due at the same millisecond run in the order they were queued — the tie-break that makes
 * a run depend on nothing but the seed.
 *
 * Virtual time is integer milliseconds and many events share one, so the queue is a min-heap of *distinct*
 * times plus a FIFO bucket per time. Because seq only grows, appending to a bucket keeps it sorted by seq;
 * the heap stays small (one entry per pending millisecond), which is what makes this ~2× a plain event heap.
 *
 * A bucket is found by its time in a direct-mapped table (time mod SLOTS): pending times are mostly a few ms
 * apart, so two rarely share a slot, and the one that finds its slot taken goes to a map. A map alone paid an
 * insert, lookups and a delete per millisecond, with the rehashing that churn brings.
 */
export interface QueuedEvent {
  time: number;
  seq: number;
}

/**
 * A millisecond's events, items[head..tail). A drained bucket keeps its array (every slot already cleared by
 * pop) and is refilled from slot 0: truncating it with `length = 0` is a slow runtime call on every drain.
 */
class Bucket<E> {
  time = 0;
  items: (E | undefined)[] = [];
  head = 0;
  tail = 0;
}

const SLOTS = 4096;
const SLOT_MASK = SLOTS - 1;

export class EventQueue<E extends QueuedEvent> {
  readonly #times: number[] = [];
  /** Buckets by time: in slot `time & SLOT_MASK`, or in #overflow when that slot holds another time's bucket. */
  readonly #slots: (Bucket<E> | undefined)[] = new Array<Bucket<E> | undefined>(SLOTS).fill(undefined);
  readonly #overflow = new Map<number, Bucket<E>>();
  /** Drained buckets, reused to spare the allocator. */
  readonly #spare: Bucket<E>[] = [];
  #size = 0;
  /** The bucket at the head of the heap, cached: consecutive pops mostly hit the same millisecond. */
  #current: Bucket<E> | undefined;

  get size(): number {
    return this.#size;
  }

  peek(): E | undefined {
    const bucket = this.#head();
    return bucket === undefined ? undefined : (bucket.items[bucket.head] as E);
  }

  push(event: E): void {
    let bucket = this.#find(event.time);
    if (bucket === undefined) {
      bucket = this.#spare.pop() ?? new Bucket<E>();
      bucket.time = event.time;
      const slot = event.time & SLOT_MASK;
      if (this.#slots[slot] === undefined) this.#slots[slot] = bucket;
      else this.#overflow.set(event.time, bucket);
      this.#pushTime(event.time);
    }
    if (bucket.tail < bucket.items.length) bucket.items[bucket.tail] = event;
    else bucket.items.push(event);
    bucket.tail++;
    this.#size++;
  }

  pop(): E | undefined {
    return this.popDue(Infinity);
  }

  /** The next event if it is due at or before `until` (peek and pop in one look at the head). */
  popDue(until: number): E | undefined {
    const bucket = this.#head();
    if (bucket === undefined) return undefined;
    const event = bucket.items[bucket.head] as E;
    if (event.time > until) return undefined;
    bucket.items[bucket.head] = undefined;
    bucket.head++;
    this.#size--;
    if (bucket.head === bucket.tail) {
      const slot = bucket.time & SLOT_MASK;
      if (this.#slots[slot] === bucket) this.#slots[slot] = undefined;
      else this.#overflow.delete(bucket.time);
      this.#popTime();
      this.#current = undefined;
      bucket.head = 0;
      bucket.tail = 0;
      this.#spare.push(bucket);
    }
    return event;
  }

  #head(): Bucket<E> | undefined {
    if (this.#current !== undefined) return this.#current;
    const time = this.#times[0];
    if (time === undefined) return undefined;
    this.#current = this.#find(time);
    return this.#current;
  }

  #find(time: number): Bucket<E> | undefined {
    const bucket = this.#slots[time & SLOT_MASK];
    if (bucket !== undefined && bucket.time === time) return bucket;
    return this.#overflow.size === 0 ? undefined : this.#overflow.get(time);
  }

  #pushTime(time: number): void {
    const heap = this.#times;
    let i = heap.length;
    heap.push(time);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as number;
      if (p <= time) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = time;
    if (i === 0) this.#current = undefined;
  }

  #popTime(): void {
    const heap = this.#times;
    const last = heap.pop() as number;
    const n = heap.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      let c = heap[left] as number;
      if (right < n && (heap[right] as number) < c) {
        child = right;
        c = heap[right] as number;
      }
      if (last <= c) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = last;
  }
}
