/**
 * How an operation's argument is described in the operation table, so that
 * one declaration gives both the type the page sends and the checks main runs
 * on it (main/app/request-validators.ts reads these). Data only: the contract
 * runs in the renderer too, so no Node APIs here.
 */

/** the operation takes no argument */
export interface NoArgument {
  kind: 'none';
}

/** a plain object with exactly these fields (optional ones may be absent) */
export interface ObjectSpec {
  kind: 'object';
  fields: Readonly<Record<string, FieldSpec>>;
  /** refuse an object where every (optional) field is absent, with this message */
  nonEmpty?: string;
}

/** a check on a text field after its type, length and NUL checks */
export type TextRule = { refuse: RegExp; message: string } | { require: RegExp; message: string };

export interface TextSpec {
  kind: 'text';
  max: number;
  /** 0: the empty string is allowed */
  min?: 0 | 1;
  rules?: readonly TextRule[];
  /** an absolute path on the machine main runs on (main checks it with its platform's rules) */
  absolutePath?: boolean;
}

export interface IntegerSpec {
  kind: 'integer';
  min: number;
  max: number;
}

export interface ChoiceSpec {
  kind: 'choice';
  values: readonly string[];
}

export interface BooleanSpec {
  kind: 'boolean';
}

/** a Uint8Array of min…max bytes */
export interface BytesSpec {
  kind: 'bytes';
  min: number;
  max: number;
}

/** a string of at most max characters or a Uint8Array of at most max bytes */
export interface TextOrBytesSpec {
  kind: 'text-or-bytes';
  max: number;
}

export type FieldSpec = (TextSpec | IntegerSpec | ChoiceSpec | BooleanSpec | BytesSpec | TextOrBytesSpec | ObjectSpec) & { optional?: boolean };

export type ArgumentSpec = NoArgument | ObjectSpec;

export const NO_ARGUMENT: NoArgument = { kind: 'none' };

export const object = (fields: ObjectSpec['fields'], options: { nonEmpty?: string } = {}): ObjectSpec => ({ kind: 'object', fields, ...options });
export const text = (max: number, options: Omit<TextSpec, 'kind' | 'max'> = {}): TextSpec => ({ kind: 'text', max, ...options });
export const integer = (min: number, max: number): IntegerSpec => ({ kind: 'integer', min, max });
export const choice = (values: readonly string[]): ChoiceSpec => ({ kind: 'choice', values });
export const boolean = (): BooleanSpec => ({ kind: 'boolean' });
export const bytes = (min: number, max: number): BytesSpec => ({ kind: 'bytes', min, max });
export const textOrBytes = (max: number): TextOrBytesSpec => ({ kind: 'text-or-bytes', max });
export const optional = <T extends FieldSpec>(spec: T): T => ({ ...spec, optional: true });
