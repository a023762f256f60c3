/** The checkers' public face: read a history, pick a model, check it. */
export { HistoryInputError } from './history/input-error.ts';
export { toOperations, MISMATCH, type History, type Operation, type Outcome } from './history/operations.ts';
export { readHistory, type ReadHistory } from './history/read.ts';
export { findFormat, formats, inferFormat, type Format } from './history/readers/index.ts';
export { readEdn, readEdnForms, readEdnItems, Keyword, type EdnValue } from './history/edn.ts';
export { checkLinearizability, type CheckOptions, type KeyResult, type LinearizabilityResult, type Validity } from './linearizability/check.ts';
export { DEFAULT_LIMITS, type Limits } from './linearizability/budget.ts';
export type { Evidence, OperationRef } from './linearizability/evidence.ts';
export type { AnyModel, Model, Role } from './linearizability/model.ts';
export { findModel, inferModel, models } from './linearizability/models/index.ts';
export { allKeys } from './linearizability/models/all-keys.ts';
