import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as iv from '../../src/net/interval-set.js';
import { ALL_SOURCE_PORTS, type FlowSpace } from '../../src/net/index.js';
import { allowedSpaces, firstMatch, type Guard } from '../../src/sim/guards.js';
import { runs } from '../fuzz/arbitraries.js';

const U = 12;
const setArb = fc
  .array(
    fc.tuple(fc.nat(U - 1), fc.nat(U - 1)).map(([a, b]) => ({ lo: Math.min(a, b), hi: Math.max(a, b) })),
    { minLength: 1, maxLength: 3 },
  )
  .map(iv.fromRanges);
const pointArb = fc.nat(U - 1).map((x) => [{ lo: x, hi: x }]);
// Source ports on a smaller axis (W values), every one of which is checked.
const W = 5;
const portSetArb = fc
  .array(
    fc.tuple(fc.nat(W - 1), fc.nat(W - 1)).map(([a, b]) => ({ lo: Math.min(a, b), hi: Math.max(a, b) })),
    { minLength: 1, maxLength: 2 },
  )
  .map(iv.fromRanges);
// Most rules name no source ports (every port, the constant the engine recognizes); some name a few.
const srcPortArb = fc.oneof({ weight: 3, arbitrary: fc.constant(ALL_SOURCE_PORTS) }, { weight: 1, arbitrary: portSetArb });
const guardArb = fc
  .record({ protoPort: setArb, src: setArb, dst: setArb, srcPort: srcPortArb, action: fc.constantFrom('allow' as const, 'deny' as const) })
  .map((g, i = 0): Guard => ({
    match: { protoPort: g.protoPort, src: g.src, dst: g.dst, srcPort: g.srcPort },
    action: g.action,
    origin: { kind: 'acl-preset', resource: `g${i}` },
  }));
// Spaces with one service and one destination take the concrete fast path (unless a guard names source ports); the
// others the general one.
const spaceArb = fc.oneof(
  fc.record({ protoPort: pointArb, src: setArb, dst: pointArb, srcPort: portSetArb }),
  fc.record({ protoPort: setArb, src: setArb, dst: setArb, srcPort: portSetArb }),
);
const inSpace = (s: FlowSpace, a: number, b: number, c: number, d: number): boolean =>
  iv.has(s.protoPort, a) && iv.has(s.src, b) && iv.has(s.dst, c) && iv.has(s.srcPort, d);

describe('first match over a space', () => {
  it('partitions the space exactly as evaluating each flow on its own would', () => {
    fc.assert(
      // Up to 16 guards: lists of 8 or more take the service index of the concrete fast path.
      fc.property(fc.array(guardArb, { maxLength: 16 }), spaceArb, (guards, space) => {
        const ev = firstMatch(guards, space);
        let allowed = 0;
        let total = 0;
        for (let x = 0; x < U; x++)
          for (let y = 0; y < U; y++)
            for (let z = 0; z < U; z++)
              for (let w = 0; w < W; w++) {
                if (!inSpace(space, x, y, z, w)) continue;
                total++;
                const first = guards.find((g) => inSpace(g.match, x, y, z, w)) ?? null;
                const owners = ev.decided.filter((p) => p.spaces.some((s) => inSpace(s, x, y, z, w))).map((p) => p.guard);
                expect(owners).toEqual(first ? [first] : []);
                expect(ev.unmatched.some((s) => inSpace(s, x, y, z, w))).toBe(first === null);
                const isAllowed = ev.allowed.some((s) => inSpace(s, x, y, z, w));
                expect(isAllowed).toBe(first?.action === 'allow');
                if (isAllowed) allowed++;
              }
        expect(ev.decision).toBe(allowed === total ? 'allow' : allowed === 0 ? 'deny' : 'partial');
        expect(ev.firstDeny).toBe(ev.decided.find((p) => p.guard.action === 'deny')?.guard ?? null);
      }),
      runs(300),
    );
  });

  it('the allowed part of a concrete flow is one space', () => {
    const g = (lo: number, hi: number, action: 'allow' | 'deny'): Guard => ({
      match: { protoPort: [{ lo: 0, hi: 100 }], src: [{ lo, hi }], dst: [{ lo: 0, hi: 100 }], srcPort: ALL_SOURCE_PORTS },
      action,
      origin: { kind: 'acl-preset', resource: 'x' },
    });
    const ev = firstMatch([g(0, 2, 'allow'), g(3, 4, 'deny'), g(5, 9, 'allow')], {
      protoPort: [{ lo: 80, hi: 80 }],
      src: [{ lo: 0, hi: 10 }],
      dst: [{ lo: 1, hi: 1 }],
      srcPort: [{ lo: 1024, hi: 65535 }],
    });
    expect(ev.decision).toBe('partial');
    expect(allowedSpaces(ev)).toEqual([
      {
        protoPort: [{ lo: 80, hi: 80 }],
        src: [
          { lo: 0, hi: 2 },
          { lo: 5, hi: 9 },
        ],
        dst: [{ lo: 1, hi: 1 }],
        srcPort: [{ lo: 1024, hi: 65535 }],
      },
    ]);
    expect(ev.unmatched).toEqual([{ protoPort: [{ lo: 80, hi: 80 }], src: [{ lo: 10, hi: 10 }], dst: [{ lo: 1, hi: 1 }], srcPort: [{ lo: 1024, hi: 65535 }] }]);
  });
});
