/**
 * One security group validated and built on its own, in the context of a model that is otherwise unchanged: the
 * incremental recheck's step in place (a rule added, removed or changed). The same schema and the same builder as a
 * whole load; what refers to a group's rules is nothing but the group itself, and the rules refer only to groups
 * (their peers), which the model's own ids answer.
 */
import type { Diagnostic, Model, SecurityGroup } from '../../model/index.js';
import { formatPath, type DataPath, type ParsedSource } from '../source.js';
import { modelSchema, splitSchemas } from '../schema.js';
import { safeParse, zodDiagnostics } from '../zod-diagnostics.js';
import { buildSecurityGroup } from './compute.js';
import { ValidationContext } from './context.js';
import { withinCounts } from './limits.js';

/**
 * The security group at `securityGroups[index]` of `data` (model data whose other resources `model` holds), or the
 * diagnostics that refuse it. Locations name the path in the data (line 1, column 1: the data has no text).
 */
export function buildOneSecurityGroup(
  file: string,
  data: Record<string, unknown>,
  index: number,
  model: Model,
): { group?: SecurityGroup; diagnostics: Diagnostic[] } {
  const source: ParsedSource = {
    file,
    data,
    diagnostics: [],
    locate: (path: DataPath) => ({ file, path: formatPath(path), line: 1, column: 1 }),
  };
  const path: DataPath = ['securityGroups', index];
  const raw = (data.securityGroups as unknown[])[index];
  // The loader's count limits, on the group alone (at its place: the other places of the list are holes, skipped).
  const alone: unknown[] = [];
  alone[index] = raw;
  const counted = new ValidationContext({ ...source, data: { securityGroups: alone } });
  if (!withinCounts(counted)) return { diagnostics: counted.diagnostics.list() };
  const ctx = new ValidationContext(source);
  const r = safeParse(splitSchemas.strict.items.securityGroups, raw);
  if (!r.success) {
    for (const d of zodDiagnostics(
      r.error.issues.map((issue) => ({ ...issue, path: [...path, ...issue.path] })),
      modelSchema(),
      source,
    ))
      ctx.diagnostics.push(d);
    return { diagnostics: ctx.diagnostics.list() };
  }
  // The ids a rule may name: the model's security groups.
  for (const id of model.securityGroups.keys()) ctx.ids.set(id, { kind: 'securityGroup', path: [] });
  buildSecurityGroup(ctx, r.data, path);
  const group = ctx.securityGroups.get(r.data.id);
  return ctx.diagnostics.hasErrors() || !group ? { diagnostics: ctx.diagnostics.list() } : { group, diagnostics: ctx.diagnostics.list() };
}
