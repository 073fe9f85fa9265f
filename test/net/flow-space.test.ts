import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as iv from '../../src/net/interval-set.js';
import {
  PROTO_PORT_UDP_BASE,
  PROTO_PORT_ICMP_BASE,
  intersectSpace,
  isEmptySpace,
  pointSpace,
  portOfProtoPort,
  protocolOfProtoPort,
  subtractSpace,
  protoPortOf,
  protoPortSet,
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
const spaceArb = fc.record({ protoPort: setArb, src: setArb, dst: setArb });
const inSpace = (s: FlowSpace, a: number, b: number, c: number): boolean => iv.has(s.protoPort, a) && iv.has(s.src, b) && iv.has(s.dst, c);

describe('flow spaces', () => {
  it('fold protocol and port into one protocol-port axis', () => {
    expect(protoPortOf('tcp', 443)).toBe(443);
    expect(protoPortOf('udp', 53)).toBe(PROTO_PORT_UDP_BASE + 53);
    expect(protocolOfProtoPort(protoPortOf('udp', 53))).toBe('udp');
    expect(portOfProtoPort(protoPortOf('udp', 53))).toBe(53);
    expect(protoPortSet('any', [{ lo: 80, hi: 81 }])).toEqual([
      { lo: 80, hi: 81 },
      { lo: PROTO_PORT_UDP_BASE + 80, hi: PROTO_PORT_UDP_BASE + 81 },
    ]);
    expect(protoPortOf('icmp', 8)).toBe(PROTO_PORT_ICMP_BASE + 8);
    expect([protocolOfProtoPort(PROTO_PORT_ICMP_BASE + 8), portOfProtoPort(PROTO_PORT_ICMP_BASE + 8)]).toEqual(['icmp', 8]);
    expect(protoPortSet('icmp', null)).toEqual([{ lo: PROTO_PORT_ICMP_BASE, hi: PROTO_PORT_ICMP_BASE + 255 }]);
    expect(
      protoPortSet('icmp', [
        { lo: 0, hi: 0 },
        { lo: 8, hi: 8 },
      ]),
    ).toEqual([
      { lo: PROTO_PORT_ICMP_BASE, hi: PROTO_PORT_ICMP_BASE },
      { lo: PROTO_PORT_ICMP_BASE + 8, hi: PROTO_PORT_ICMP_BASE + 8 },
    ]);
    expect(protoPortSet('any', null)).toEqual([{ lo: 0, hi: PROTO_PORT_ICMP_BASE + 255 }]);
    expect(protoPortSet('tcp', null)).toEqual([{ lo: 0, hi: 0xffff }]);
  });

  it('a concrete flow is a space of one point', () => {
    const s = pointSpace('tcp', 8080, [{ lo: 7, hi: 7 }], 9);
    expect(s).toEqual({ protoPort: [{ lo: 8080, hi: 8080 }], src: [{ lo: 7, hi: 7 }], dst: [{ lo: 9, hi: 9 }] });
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
