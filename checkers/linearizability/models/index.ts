/** The models `faultline check` knows. Adding one is a file in this folder and a line here. */
import type { AnyModel } from '../model.ts';
import { casRegister } from './cas-register.ts';
import { kvAppend } from './kv-append.ts';
import { register } from './register.ts';

export const models: readonly AnyModel[] = [register, casRegister, kvAppend];

export function findModel(name: string): AnyModel | undefined {
  return models.find((m) => m.name === name);
}

/**
 * The model a history's operations imply, or a sentence saying why none or several fit. Any `cas` needs the
 * CAS register; read/write alone fits both registers, and the plain one is the smaller claim.
 */
export function inferModel(functions: ReadonlySet<string>): AnyModel | string {
  const fitting = models.filter((m) => [...functions].every((f) => m.functions.includes(f)));
  if (fitting.length === 0) return `no model knows all of ${[...functions].join(', ')}; models: ${models.map((m) => `${m.name} (${m.functions.join(', ')})`).join('; ')}`;
  return fitting[0] as AnyModel;
}

export { casRegister, kvAppend, register };
