/**
 * The linearizability checker's evidence, read as a story per failing key: the operations that cannot be
 * linearized, the longest prefix that can (in linearization order, with the model's state after each step), and
 * one sentence saying why. Evidence is read by shape (checkers/linearizability/evidence.ts), so a result written by
 * `faultline check` for a Jepsen or Porcupine history reads the same; what does not match is skipped, never guessed.
 */
import { ms, show } from '../escape.ts';
import { isRecord, type ReportCheckerResult } from '../input.ts';

/** One operation as the evidence names it (history indices and times). */
export interface StoryOp {
  invokeIndex: number;
  process: number;
  f: string;
  description: string;
  type: string;
  start: number;
  /** Its completion; undefined for an indeterminate operation (it may take effect until the end). */
  end: number | undefined;
  /** What it asked (a write's value, a cas's [old, new]) and what it returned. */
  value: unknown;
  output: unknown;
}

export interface PrefixStep {
  /** 1-based position in the linearization. */
  order: number;
  op: StoryOp;
  state: unknown;
}

export interface KeyStory {
  checker: string;
  key: string;
  initialState: unknown;
  prefixLength: number;
  /** Steps of the prefix not kept in the evidence (a long prefix keeps its last ones). */
  omitted: number;
  steps: PrefixStep[];
  stateAfterPrefix: unknown;
  cannotLinearize: StoryOp[];
  /** Ours, in words a reader checks against the chart. */
  sentence: string;
  /** The checker's own wording. */
  checkerExplanation: string;
  /** The stretch of time the story is about: the last prefix steps and the operations that cannot follow them. */
  window: { from: number; to: number };
}

/** Steps before the stuck operations that the chart and the step list show. */
export const STEPS_SHOWN = 12;
export const MAX_KEYS = 3;


function readOp(value: unknown): StoryOp | undefined {
  if (!isRecord(value) || !isRecord(value.invoke)) return undefined;
  const { invoke, complete } = value;
  if (typeof invoke.index !== 'number' || typeof invoke.time !== 'number' || typeof value.process !== 'number') return undefined;
  return {
    invokeIndex: invoke.index,
    process: value.process,
    f: typeof value.f === 'string' ? value.f : '?',
    description: typeof value.description === 'string' ? value.description : `${String(value.f)}(${show(value.value, 40)})`,
    type: typeof value.type === 'string' ? value.type : 'ok',
    start: invoke.time,
    end: isRecord(complete) && typeof complete.time === 'number' && value.type !== 'info' ? complete.time : undefined,
    value: value.value,
    output: value.output,
  };
}

function readStory(checker: string, key: string, evidence: Record<string, unknown>): KeyStory | undefined {
  const prefix = evidence.longestPrefix;
  if (!isRecord(prefix) || !Array.isArray(prefix.steps) || !Array.isArray(evidence.cannotLinearize)) return undefined;
  const omitted = typeof prefix.omitted === 'number' ? prefix.omitted : 0;
  const steps: PrefixStep[] = [];
  prefix.steps.forEach((step, i) => {
    const op = isRecord(step) ? readOp(step.op) : undefined;
    if (op !== undefined) steps.push({ order: omitted + i + 1, op, state: (step as Record<string, unknown>).state });
  });
  const cannotLinearize = evidence.cannotLinearize.map(readOp).filter((o): o is StoryOp => o !== undefined).sort((a, b) => a.start - b.start);
  if (cannotLinearize.length === 0) return undefined;
  const story: KeyStory = {
    checker,
    key,
    initialState: evidence.initialState,
    prefixLength: typeof prefix.length === 'number' ? prefix.length : steps.length,
    omitted,
    steps,
    stateAfterPrefix: evidence.stateAfterPrefix,
    cannotLinearize,
    sentence: '',
    checkerExplanation: typeof evidence.explanation === 'string' ? evidence.explanation : '',
    window: storyWindow(steps, cannotLinearize),
  };
  story.sentence = explain(story);
  return story;
}

function storyWindow(steps: readonly PrefixStep[], stuck: readonly StoryOp[]): { from: number; to: number } {
  const shown = [...steps.slice(-STEPS_SHOWN).map((s) => s.op), ...stuck];
  const from = Math.min(...shown.map((o) => o.start));
  const to = Math.max(...shown.map((o) => o.end ?? o.start));
  const pad = Math.max(100, (to - from) * 0.06);
  return { from: from - pad, to: to + pad };
}

/** The last step of the prefix that changed the state: what a read after it should have seen. */
export function lastChange(story: Pick<KeyStory, 'steps' | 'omitted' | 'initialState'>): PrefixStep | undefined {
  let before = story.omitted === 0 ? JSON.stringify(story.initialState) : undefined;
  let found: PrefixStep | undefined;
  for (const step of story.steps) {
    const now = JSON.stringify(step.state);
    if (now !== before) found = step;
    before = now;
  }
  return found;
}

/** The value an update leaves in the register, if it is a write or a cas that took effect. */
function written(op: StoryOp): unknown {
  if (op.f === 'write') return op.value;
  if (op.f === 'cas' && Array.isArray(op.value) && op.type === 'ok') return op.value[1];
  return undefined;
}

/** For a read that saw a value the prefix had overwritten: the step that wrote it and the one that replaced it. */
function staleRead(story: KeyStory, read: StoryOp): string {
  if (read.f !== 'read' || read.output === undefined) return '';
  const seen = JSON.stringify(read.output);
  const writer = [...story.steps].reverse().find((s) => JSON.stringify(written(s.op)) === seen);
  if (writer === undefined) return `; no linearized operation wrote ${show(read.output, 40)}`;
  const replaced = story.steps.find((s) => s.order > writer.order && JSON.stringify(s.state) !== seen);
  const by = `${show(read.output, 40)} was written by ${writer.op.description} (process ${writer.op.process}, step ${writer.order}, ${ms(writer.op.start)})`;
  return replaced === undefined ? `; ${by}` : `; ${by} and replaced by ${replaced.op.description} (step ${replaced.order}, ${ms(replaced.op.start)}) — the read saw a value already overwritten`;
}

function explain(story: KeyStory): string {
  const first = story.cannotLinearize[0] as StoryOp;
  const state = show(story.stateAfterPrefix, 60);
  const writer = lastChange(story);
  const when = first.end === undefined ? `invoked at ${ms(first.start)} (indeterminate)` : `at ${ms(first.start)}–${ms(first.end)}`;
  const lead = `${first.description} by process ${first.process} ${when}`;
  const after = `after the ${story.prefixLength} operation${story.prefixLength === 1 ? '' : 's'} that can be linearized the register holds ${state}`;
  const setBy = writer === undefined ? '' : `, last set by ${writer.op.description} (process ${writer.op.process}, step ${writer.order}, ${ms(writer.op.start)})`;
  const others = story.cannotLinearize.length > 1 ? `; ${story.cannotLinearize.length - 1} more operation${story.cannotLinearize.length === 2 ? '' : 's'} cannot follow either` : '';
  const why = first.f === 'read' ? 'and no write that may still precede the read produces what it returned' : 'and it cannot take effect in that state with the outcome it reported';
  return `${lead}: ${after}${setBy}, ${why}${staleRead(story, first)}${others}.`;
}

/** Every failing key's story, from any checker whose result has per-key evidence of this shape (at most MAX_KEYS). */
export function keyStories(checkers: Readonly<Record<string, ReportCheckerResult>>): KeyStory[] {
  const out: KeyStory[] = [];
  for (const [name, result] of Object.entries(checkers)) {
    if (result.valid !== false || !Array.isArray(result.keys)) continue;
    for (const entry of result.keys) {
      if (out.length >= MAX_KEYS) return out;
      if (!isRecord(entry) || entry.valid !== false || !isRecord(entry.evidence)) continue;
      const story = readStory(name, show(entry.key, 200), entry.evidence);
      if (story !== undefined) out.push(story);
    }
  }
  return out;
}
