/** Why an endpoint service admits an account: its owner, then its permission entries in order. */
import { admitsEveryone, orgPathAdmits, type EndpointService, type Model } from '../model/index.js';
import type { Grant } from './compile.js';

/** The grant of `service` to `account` (by id, name or organization path), or null when nothing admits it. */
export function decideGrant(model: Model, service: EndpointService, account: string): Grant | null {
  if (service.account === account) return { kind: 'owner', account };
  const described = model.accounts.get(account);
  for (const p of service.permissions) {
    if (admitsEveryone(p)) return { kind: 'permission', entry: p, everyone: true, account };
    if (p === `iam:domain::${account}`) return { kind: 'permission', entry: p, everyone: false, account };
    if (described?.name && p === `iam:domainName::${described.name}`)
      return { kind: 'permission', entry: p, everyone: false, account, by: 'name', value: described.name };
    if (described?.orgPath && p.startsWith('organizations:orgPath::') && orgPathAdmits(p.slice('organizations:orgPath::'.length), described.orgPath)) {
      return { kind: 'permission', entry: p, everyone: false, account, by: 'orgPath', value: described.orgPath };
    }
  }
  return null;
}
