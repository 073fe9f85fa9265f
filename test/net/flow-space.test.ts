import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as iv from '../../src/net/interval-set.js';
import {
  SVC_UDP_BASE,
  intersectSpace,
  isEmptySpace,
  pointSpace,
  portOfSvc,
  protocolOfSvc,
  subtractSpace,
  svcOf,
  svcSet,
  type FlowSpace,
} from '../../src/net/index.js';
import { runs } from '../fuzz/arbitraries.js';

const U = 16;
const setArb = fc
  .array(
    fc.tuple(fc.nat(U - 1), fc.nat(U - 1)).map(([a, b]) => ({ lo: Math.min(a, b), hi: Math.max(a, b) })),
    { maxLength: 3 },
  )
  .map(iv.fromRanges);
const spaceArb = fc.record({ svc: setArb, src: setArb, dst: setArb });
const inSpace = (s: FlowSpace, a: number, b: number, c: number): boolean => iv.has(s.svc, a) && iv.has(s.src, b) && iv.has(s.dst, c);

describe('flow spaces', () => {
  it('fold protocol and port into one service axis', () => {
    expect(svcOf('tcp', 443)).toBe(443);
    expect(svcOf('udp', 53)).toBe(SVC_UDP_BASE + 53);
    expect(protocolOfSvc(svcOf('udp', 53))).toBe('udp');
    expect(portOfSvc(svcOf('udp', 53))).toBe(53);
    expect(svcSet('any', [{ lo: 80, hi: 81 }])).toEqual([
      { lo: 80, hi: 81 },
      { lo: SVC_UDP_BASE + 80, hi: SVC_UDP_BASE + 81 },
    ]);
    expect(svcSet('icmp', null)).toEqual([]);
    expect(svcSet('tcp', null)).toEqual([{ lo: 0, hi: 0xffff }]);
  });

  it('a concrete flow is a space of one point', () => {
    const s = pointSpace('tcp', 8080, [{ lo: 7, hi: 7 }], 9);
    expect(s).toEqual({ svc: [{ lo: 8080, hi: 8080 }], src: [{ lo: 7, hi: 7 }], dst: [{ lo: 9, hi: 9 }] });
  });

  it('intersection and subtraction agree with point membership; the pieces of a difference are disjoint', () => {
    fc.assert(
      fc.property(spaceArb, spaceArb, (a, b) => {
        const meet = intersectSpace(a, b);
        const diff = subtractSpace(a, b);
        for (const d of diff) expect(isEmptySpace(d)).toBe(false);
        for (let x = 0; x < U; x++)
          for (let y = 0; y < U; y++)
            for (let z = 0; z < U; z += 3) {
              const inA = inSpace(a, x, y, z);
              const inB = inSpace(b, x, y, z);
              expect(inSpace(meet, x, y, z)).toBe(inA && inB);
              const hits = diff.filter((d) => inSpace(d, x, y, z)).length;
              expect(hits).toBe(inA && !inB ? 1 : 0);
            }
      }),
      runs(150),
    );
  });
});
