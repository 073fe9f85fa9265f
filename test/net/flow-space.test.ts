import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as iv from '../../src/net/interval-set.js';
import {
  ALL_SOURCE_PORTS,
  PICKED_SOURCE_PORTS,
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
// Source ports: a small set, or every port (a rule that names none, which subtraction and intersection take as a whole).
const srcPortArb = fc.oneof(setArb, fc.constant(ALL_SOURCE_PORTS));
const spaceArb = fc.record({ protoPort: setArb, src: setArb, dst: setArb, srcPort: srcPortArb });
const inSpace = (s: FlowSpace, a: number, b: number, c: number, d: number): boolean =>
  iv.has(s.protoPort, a) && iv.has(s.src, b) && iv.has(s.dst, c) && iv.has(s.srcPort, d);

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
    // Its source port is one its sender picks, unless the caller names one.
    expect(s).toEqual({ protoPort: [{ lo: 8080, hi: 8080 }], src: [{ lo: 7, hi: 7 }], dst: [{ lo: 9, hi: 9 }], srcPort: PICKED_SOURCE_PORTS });
    expect(pointSpace('udp', 53, [{ lo: 7, hi: 7 }], 9, [{ lo: 5353, hi: 5353 }]).srcPort).toEqual([{ lo: 5353, hi: 5353 }]);
  });

  it('intersection and subtraction agree with point membership; the pieces of a difference are disjoint', () => {
    fc.assert(
      fc.property(spaceArb, spaceArb, (a, b) => {
        const meet = intersectSpace(a, b);
        const diff = subtractSpace(a, b);
        for (const d of diff) expect(isEmptySpace(d)).toBe(false);
        for (let x = 0; x < U; x++)
          for (let y = 0; y < U; y++)
            for (let z = 0; z < U; z += 3)
              for (let w = 0; w < U; w += 4) {
                const inA = inSpace(a, x, y, z, w);
                const inB = inSpace(b, x, y, z, w);
                expect(inSpace(meet, x, y, z, w)).toBe(inA && inB);
                const hits = diff.filter((d) => inSpace(d, x, y, z, w)).length;
                expect(hits).toBe(inA && !inB ? 1 : 0);
              }
      }),
      runs(150),
    );
  });
});
