/** Parsing and validating CLI option values; every failure is a one-line UsageError. */
import { MAX_SEED } from '../harness/random.ts';
import { UsageError } from './errors.ts';

export function parseSeed(text: string, option = '--seed'): number {
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`${option} must be a whole number from 0 to ${MAX_SEED}, got '${text}'`);
  const seed = Number(text.trim());
  if (!Number.isSafeInteger(seed) || seed > MAX_SEED) throw new UsageError(`${option} must be a whole number from 0 to ${MAX_SEED}, got '${text}'`);
  return seed;
}

export function parsePositiveInt(option: string, text: string, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < 1 || value > max) {
    throw new UsageError(`${option} must be a whole number from 1 to ${max}, got '${text}'`);
  }
  return value;
}

/** A share of something, from 0 (none) to 1 (all). */
export function parseShare(option: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) throw new UsageError(`${option} must be a number from 0 to 1, got '${text}'`);
  return value;
}
