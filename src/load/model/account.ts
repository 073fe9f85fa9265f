import type { RawAccount } from '../schema.js';
import type { DataPath } from '../source.js';
import type { ValidationContext } from './context.js';

const ORG_PATH = /^[A-Za-z0-9/*?-]{1,1024}$/;

/** An account the model describes: its name and organization path, for permissions that name those. */
export function buildAccount(ctx: ValidationContext, raw: RawAccount, path: DataPath): void {
  const prev = ctx.accounts.get(raw.id);
  if (prev) {
    ctx.error('duplicate-account', [...path, 'id'], `account "${raw.id}" is already described at line ${prev.loc.line}`, 'describe each account once');
    return;
  }
  if (raw.orgPath !== undefined && !ORG_PATH.test(raw.orgPath)) {
    ctx.error(
      'invalid-org-path',
      [...path, 'orgPath'],
      `organization path "${raw.orgPath}" has characters other than letters, digits, "/", "-", "*" and "?"`,
      'write it as the organization shows it, e.g. o-abc/r-def/ou-ghi',
    );
    return;
  }
  ctx.accounts.set(raw.id, { id: raw.id, name: raw.name ?? null, orgPath: raw.orgPath ?? null, loc: ctx.loc(path) });
}
