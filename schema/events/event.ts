/** How the vocabulary is written: an event of type `T` with fields `F` (type literals, so any record fits them). */
export type TraceEventOf<T extends string, F extends object = object> = { time: number; type: T } & F;
