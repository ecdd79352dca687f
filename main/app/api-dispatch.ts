/** Validate, run, and turn the outcome into an ApiResult: the one path every request takes. */
import type { ApiResult } from '../../contract/api';
import type { ApiHandlers } from './api-handlers';
import { isOperationName, validators, ValidationError } from './request-validators';
import { toErrorInfo } from './services/api-error';

export async function dispatch(handlers: ApiHandlers, op: unknown, args: readonly unknown[]): Promise<ApiResult<unknown>> {
  if (!isOperationName(op)) return { ok: false, error: { code: 'invalid-argument', message: `unknown operation ${JSON.stringify(String(op)).slice(0, 80)}` } };
  if (args.length > 1) return { ok: false, error: { code: 'invalid-argument', message: `${op}: expected at most one argument, got ${args.length}` } };
  let request: unknown;
  try {
    request = validators[op](args[0]);
  } catch (err) {
    if (err instanceof ValidationError) return { ok: false, error: { code: 'invalid-argument', message: `${op}: ${err.message}` } };
    throw err;
  }
  try {
    const handler = handlers[op] as (r: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(request) };
  } catch (err) {
    return { ok: false, error: toErrorInfo(err) };
  }
}
