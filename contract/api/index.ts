/**
 * The API between the page and the services: the operation table, what each
 * operation takes and gives, the events main pushes, the limits main enforces
 * and browser mode's wire format. Code outside contract/api imports it from here.
 */
export type { ArgumentSpec, BooleanSpec, BytesSpec, ChoiceSpec, FieldSpec, IntegerSpec, NoArgument, ObjectSpec, TextOrBytesSpec, TextRule, TextSpec } from './argument-spec';
export * from './browser-wire';
export * from './events';
export * from './limits';
export * from './operations';
export * from './page-api';
export * from './results';
export * from './types';
