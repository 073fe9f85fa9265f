import { describe, expect, it } from 'vitest';
import { at, bundled, findingsOf } from '../helpers.js';

const RULE = 'peering-route-not-active';

describe(RULE, () => {
  it('valid: routes into active connections', () => {
    const m = bundled('peering');
    const text = m.text.replace('peerVpc: vpc-partner }', 'peerVpc: vpc-partner, status: active }');
    expect(text).not.toBe(m.text);
    expect(findingsOf(text, RULE)).toEqual([]);
  });

  it('invalid: a connection of two accounts with no status is taken as pending — at the route', () => {
    const m = bundled('peering');
    const f = findingsOf(m.text, RULE, m.file);
    const route = at(m.text, '{ destination: 10.3.0.0/16');
    expect(f.map((x) => [x.messageId, x.line, x.column, x.data.peering, x.data.status])).toEqual([
      ['assumedPending', route.line, route.column, 'pcx-consumer-partner', 'pendingAcceptance'],
    ]);
  });

  it('invalid: a rejected connection says its status', () => {
    const m = bundled('peering');
    const text = m.text.replace('peerVpc: vpc-partner }', 'peerVpc: vpc-partner, status: rejected }');
    expect(findingsOf(text, RULE).map((x) => [x.messageId, x.data.status])).toEqual([['notActive', 'rejected']]);
  });
});
