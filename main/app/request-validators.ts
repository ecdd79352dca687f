/**
 * One validator per operation, made from the argument each declares in the
 * contract's table (contract/api/operations.ts): everything from the renderer
 * (or a browser page) is untrusted input. Each returns the typed request or
 * throws a ValidationError; unknown fields, wrong types and over-long strings
 * are refused.
 */
import { isAbsolute } from 'node:path';
import { OPERATIONS, type ArgumentSpec, type FieldSpec, type ObjectSpec, type OperationName, type OperationRequest, type TextSpec } from '../../contract/api';

export { LIMITS } from '../../contract/api';
export { isOperationName } from '../../contract/api';

export class ValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ValidationError';
  }
}

function fail(message: string): never {
  throw new ValidationError(message);
}

/** A plain object with exactly the allowed fields (optional ones may be absent). */
function record(arg: unknown, shape: ObjectSpec['fields'], what: string): Record<string, unknown> {
  if (typeof arg !== 'object' || arg === null || Array.isArray(arg) || ArrayBuffer.isView(arg)) fail(`${what} must be an object`);
  const proto = Object.getPrototypeOf(arg);
  if (proto !== Object.prototype && proto !== null) fail(`${what} must be a plain object`);
  const obj = arg as Record<string, unknown>;
  // own properties only: `"__proto__" in shape` would be true through the prototype
  for (const key of Object.keys(obj)) if (!Object.prototype.hasOwnProperty.call(shape, key)) fail(`${what}: unexpected field "${key}"`);
  for (const [key, spec] of Object.entries(shape)) if (!spec.optional && obj[key] === undefined) fail(`${what}: missing field "${key}"`);
  return obj;
}

function object(arg: unknown, spec: ObjectSpec, what: string, prefix: string): Record<string, unknown> {
  const obj = record(arg, spec.fields, what);
  if (spec.nonEmpty && Object.keys(spec.fields).every((key) => obj[key] === undefined)) fail(spec.nonEmpty);
  const out: Record<string, unknown> = {};
  for (const [key, fieldSpec] of Object.entries(spec.fields)) {
    if (obj[key] === undefined) continue;
    out[key] = field(obj[key], fieldSpec, prefix + key);
  }
  return out;
}

function text(value: unknown, spec: TextSpec, field: string): string {
  const min = spec.min ?? 1;
  if (typeof value !== 'string') fail(`${field} must be a string`);
  if (value.length < min) fail(`${field} must not be empty`);
  if (value.length > spec.max) fail(`${field} is longer than ${spec.max} characters`);
  if (value.includes('\0')) fail(`${field} contains a NUL character`);
  for (const rule of spec.rules ?? []) {
    if ('refuse' in rule ? rule.refuse.test(value) : !rule.require.test(value)) fail(rule.message);
  }
  if (spec.absolutePath && !isAbsolute(value)) fail(`${field} must be absolute`);
  return value;
}

function field(value: unknown, spec: FieldSpec, name: string): unknown {
  switch (spec.kind) {
    case 'text':
      return text(value, spec, name);
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) fail(`${name} must be an integer`);
      if (value < spec.min || value > spec.max) fail(`${name} must be between ${spec.min} and ${spec.max}`);
      return value;
    case 'choice':
      if (typeof value !== 'string' || !spec.values.includes(value)) fail(`${name} must be one of ${spec.values.join(', ')}`);
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') fail(`${name} must be true or false`);
      return value;
    case 'bytes':
      if (!(value instanceof Uint8Array)) fail(`${name} must be bytes`);
      if (value.length < spec.min || value.length > spec.max) fail(`${name} must be ${spec.min} to ${spec.max} bytes`);
      return value;
    case 'text-or-bytes':
      if (typeof value === 'string') {
        if (value.length > spec.max) fail(`${name} is longer than ${spec.max} characters`);
      } else if (value instanceof Uint8Array) {
        if (value.length > spec.max) fail(`${name} is longer than ${spec.max} bytes`);
      } else fail(`${name} must be text or bytes`);
      return value;
    case 'object':
      return object(value, spec, name, `${name}.`);
  }
}

function validatorFor(spec: ArgumentSpec): (arg: unknown) => unknown {
  if (spec.kind === 'none') {
    return (arg) => {
      if (arg !== undefined) fail('this operation takes no argument');
    };
  }
  return (arg) => object(arg, spec, 'argument', '');
}

type Validators = { [K in OperationName]: (arg: unknown) => OperationRequest<K> };

export const validators = Object.fromEntries(Object.entries(OPERATIONS).map(([name, declaration]) => [name, validatorFor(declaration.argument)])) as Validators;
