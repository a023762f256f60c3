/**
 * Typed arrays for the searches' tables, carved out of shared blocks rather than each made on its own.
 *
 * Why: a typed array of more than 64 bytes gets a backing store of its own outside the JavaScript heap, which
 * costs about a microsecond to make and more for the collector to free. A search makes some thirty of them
 * (its chain plan, paths, memo, state tables), most of a few hundred bytes, and a check makes one search per
 * key: on histories of many keys with few operations each, making them was a good part of the check. A view
 * into a shared block is one small heap object.
 *
 * A carved array behaves as a new one: it is zeroed (a block's bytes are handed out once, never reused) and its
 * `byteLength` is its own, so the memory budget counts exactly what it counted before. A block stays alive while
 * any view into it does, so at most one block's worth is held in vain by a long-lived array. Large arrays (a
 * big memo, a long history's tables) are made on their own, as before: carving them would gain little.
 */
/** 64 KiB measured faster than 128 KiB on failover checks (a block is memory the allocator must zero anew). */
const BLOCK_BYTES = 64 * 1024;
/** Larger requests get a backing store of their own: a block is not wasted on a few of them. */
const LARGEST_CARVED = 8 * 1024;

let block = new ArrayBuffer(BLOCK_BYTES);
let used = 0;

/** The offset in `block` of `bytes` fresh zeroed bytes, 8-byte aligned (enough for any element type). */
function take(bytes: number): number {
  const size = (bytes + 7) & ~7;
  if (used + size > BLOCK_BYTES) {
    block = new ArrayBuffer(BLOCK_BYTES);
    used = 0;
  }
  const offset = used;
  used += size;
  return offset;
}

// `take` may start a new block: it runs before `block` is read.

export function int32Array(length: number): Int32Array {
  if (length * 4 > LARGEST_CARVED) return new Int32Array(length);
  const offset = take(length * 4);
  return new Int32Array(block, offset, length);
}

export function uint16Array(length: number): Uint16Array {
  if (length * 2 > LARGEST_CARVED) return new Uint16Array(length);
  const offset = take(length * 2);
  return new Uint16Array(block, offset, length);
}

export function uint8Array(length: number): Uint8Array {
  if (length > LARGEST_CARVED) return new Uint8Array(length);
  const offset = take(length);
  return new Uint8Array(block, offset, length);
}
