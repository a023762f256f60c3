/**
 * A scheduler's lane (Scheduler.deliverAfterFixedDelay): events of one fixed delay, in the order they were
 * scheduled. Virtual time never goes back, so their times never decrease and their seqs increase: the lane is
 * already in the run's order (time, then seq) and needs no sorting. RPC timeouts go here: nearly every one is
 * cancelled (its reply came) long before it is due, and in a lane it costs an append, then a look when it reaches
 * the head — not a place in the queue's buckets and heap. Only the scheduler makes lanes and pops from them,
 * merging their heads with its queue.
 */
export class FixedDelayLane<E extends { readonly cancelled: boolean }> {
  readonly #items: (E | undefined)[] = [];
  #head = 0;

  add(event: E): void {
    this.#items.push(event);
  }

  /** The earliest event still to run (cancelled ones at the head are dropped, as the loop would skip them). */
  peek(): E | undefined {
    const items = this.#items;
    let head = this.#head;
    let event = items[head];
    while (event !== undefined && event.cancelled) {
      items[head++] = undefined;
      event = items[head];
    }
    this.#head = head;
    // Drained: start the array afresh rather than let it grow for ever.
    if (event === undefined && head > 0) {
      this.#items.length = 0;
      this.#head = 0;
    }
    return event;
  }

  shift(): void {
    this.#items[this.#head++] = undefined;
  }

  get size(): number {
    return this.#items.length - this.#head;
  }
}
