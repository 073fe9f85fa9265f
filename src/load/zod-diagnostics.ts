import * as z from 'zod';
import { $ZodError, _safeParse, type $SafeParse } from 'zod/v4/core';
import type { Diagnostic } from '../model/index.js';
import type { DataPath, ParsedSource } from './source.js';
import { formatPath } from './source.js';
import { didYouMean, pushAll } from '../model/index.js';

/**
 * A schema's safeParse without an Error object per failure: zod's own result error is an Error, which captures a
 * stack trace each time, and on a file of 200,000 broken items those traces kept the collector busy for a quarter of
 * the run. The issues are the same.
 */
export const safeParse: $SafeParse = _safeParse($ZodError);

/** Turns zod issues into located diagnostics with plain-language messages. */
export function zodDiagnostics(issues: readonly z.core.$ZodIssue[], schema: z.ZodType, source: ParsedSource): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const issue of issues) pushAll(out, translate(issue, schema, source));
  return out;
}

function translate(issue: z.core.$ZodIssue, schema: z.ZodType, source: ParsedSource): Diagnostic[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  // A model translated from another format (a Terraform plan or state) names the value by the front end's address.
  const where = source.locate(path).address ?? (formatPath(path) || 'the document');
  const raw = valueAt(source.data, path);
  const make = (code: string, message: string, hint?: string, key = false): Diagnostic => ({
    code,
    severity: 'error',
    message,
    location: source.locate(path, key),
    ...(hint ? { hint } : {}),
  });
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeys(schemaAt(schema, path));
      return issue.keys.map((k) => ({
        code: 'unknown-field',
        severity: 'error' as const,
        message: `unknown field "${k}"${path.length ? ` in ${where}` : ''}`,
        location: source.locate([...path, k], true),
        hint: didYouMean(k, known) ?? (known.length ? `known fields: ${known.join(', ')}` : 'remove it'),
      }));
    }
    case 'invalid_type': {
      if (raw === undefined) {
        const parent = path.slice(0, -1);
        const field = path[path.length - 1];
        return [
          {
            code: 'missing-field',
            severity: 'error',
            message: `missing required field "${String(field)}"${parent.length ? ` in ${formatPath(parent)}` : ''}`,
            location: source.locate(parent),
            hint: `add ${String(field)}: <${issue.expected}>`,
          },
        ];
      }
      return [make('invalid-type', `${where} must be ${article(issue.expected)}, got ${describe(raw)}`)];
    }
    case 'invalid_value': {
      const allowed = issue.values.map(String);
      return [
        make(
          'invalid-value',
          `${where} must be one of ${allowed.join(', ')}; got ${describe(raw)}`,
          typeof raw === 'string' ? didYouMean(raw, allowed) : undefined,
        ),
      ];
    }
    case 'invalid_union': {
      if ('discriminator' in issue && issue.discriminator) {
        const disc = valueAt(source.data, [...path, issue.discriminator]);
        if (disc === undefined)
          return [make('missing-field', `missing required field "${issue.discriminator}" in ${where}`, `add ${issue.discriminator}: elb | ecs | bms`)];
        return [{ ...make('invalid-value', `${issue.message}; got ${describe(disc)}`), location: source.locate([...path, issue.discriminator]) }];
      }
      if (raw === undefined) return [make('missing-field', `missing required field "${String(path[path.length - 1])}"`)];
      return [make('invalid-type', `${where} ${issue.message}; got ${describe(raw)}`)];
    }
    case 'too_small':
      if (issue.origin === 'string') return [make('invalid-value', `${where} must not be empty`)];
      return [make('invalid-value', `${where}: ${issue.message}`)];
    default:
      return [make('invalid-value', `${where}: ${issue.message}`)];
  }
}

function article(expected: string): string {
  if (expected === 'object') return 'a mapping';
  if (expected === 'array') return 'a list';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

/** A short description of a value for messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  // Parsed data holds nothing else but numbers, booleans and (for absent values) undefined.
  return typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' ? String(value) : typeof value;
}

/** The raw value at a data path, or undefined. */
function valueAt(data: unknown, path: DataPath): unknown {
  let cur = data;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(cur, seg)) return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault) s = s.unwrap() as z.ZodType;
  return s;
}

function schemaAt(schema: z.ZodType, path: DataPath): z.ZodType | undefined {
  let s: z.ZodType | undefined = unwrap(schema);
  for (const seg of path) {
    if (!s) return undefined;
    if (s instanceof z.ZodArray && typeof seg === 'number') s = unwrap(s.element as z.ZodType);
    else if (s instanceof z.ZodObject && typeof seg === 'string') {
      const next: z.ZodType | undefined = (s.shape as Record<string, z.ZodType>)[seg];
      s = next ? unwrap(next) : undefined;
    } else return undefined;
  }
  return s;
}

function knownKeys(schema: z.ZodType | undefined): string[] {
  if (!schema) return [];
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape);
  if (schema instanceof z.ZodUnion || schema instanceof z.ZodDiscriminatedUnion) {
    const keys = new Set<string>();
    for (const opt of schema.options as z.ZodType[]) for (const k of knownKeys(unwrap(opt))) keys.add(k);
    return [...keys];
  }
  return [];
}
