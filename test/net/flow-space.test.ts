import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as iv from '../../src/net/interval-set.js';
import {
  ALL_ICMP_CODES,
  ALL_SOURCE_PORTS,
  definedIcmpCodes,
  icmpCodesOf,
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
const spaceArb = fc.record({ protoPort: setArb, src: setArb, dst: setArb, srcPort: srcPortArb, icmpCode: fc.constant(ALL_ICMP_CODES) });
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
    expect(s).toEqual({
      protoPort: [{ lo: 8080, hi: 8080 }],
      src: [{ lo: 7, hi: 7 }],
      dst: [{ lo: 9, hi: 9 }],
      srcPort: PICKED_SOURCE_PORTS,
      icmpCode: ALL_ICMP_CODES,
    });
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

  it('a flow carries any ICMP code its type defines (IANA), unless it names codes', () => {
    expect([definedIcmpCodes(8), definedIcmpCodes(3), definedIcmpCodes(9), definedIcmpCodes(200)]).toEqual([
      [{ lo: 0, hi: 0 }],
      [{ lo: 0, hi: 15 }],
      [
        { lo: 0, hi: 0 },
        { lo: 16, hi: 16 },
      ],
      [{ lo: 0, hi: 0 }],
    ]);
    const types = (...t: number[]) => iv.fromRanges(t.map((x) => ({ lo: PROTO_PORT_ICMP_BASE + x, hi: PROTO_PORT_ICMP_BASE + x })));
    expect(icmpCodesOf(ALL_ICMP_CODES, types(11))).toEqual([{ lo: 0, hi: 1 }]);
    expect(icmpCodesOf([{ lo: 4, hi: 4 }], types(3))).toEqual([{ lo: 4, hi: 4 }]);
  });

  it('on ICMP codes: a flow picks among the codes of its type, a rule on a code (of one type) matches that code only', () => {
    // Services: tcp 1, 2 and ICMP types 3 (codes 0-15), 8 (code 0) and 9 (codes 0 and 16); codes 0-17.
    const SERVICES = [1, 2, PROTO_PORT_ICMP_BASE + 3, PROTO_PORT_ICMP_BASE + 8, PROTO_PORT_ICMP_BASE + 9];
    const icmp = (pp: number) => pp >= PROTO_PORT_ICMP_BASE;
    const services = fc.subarray(SERVICES, { minLength: 1 }).map((xs) => iv.fromRanges(xs.map((x) => ({ lo: x, hi: x }))));
    const codes = fc.array(fc.nat(17), { minLength: 1, maxLength: 4 }).map((xs) => iv.fromRanges(xs.map((x) => ({ lo: x, hi: x }))));
    const addresses = fc.constant(iv.fromRanges([{ lo: 0, hi: 3 }]));
    const rest = { src: addresses, dst: addresses, srcPort: fc.constant(ALL_SOURCE_PORTS) };
    // A flow: any code (ALL_ICMP_CODES) or codes named; a guard: every code, or codes of one ICMP type.
    const flow = fc.record({ protoPort: services, icmpCode: fc.oneof(fc.constant(ALL_ICMP_CODES), codes), ...rest });
    const guard = fc.oneof(
      fc.record({ protoPort: services, icmpCode: fc.constant(ALL_ICMP_CODES), ...rest }),
      fc.record({ protoPort: fc.constantFrom(...SERVICES.filter(icmp)).map((x) => [{ lo: x, hi: x }]), icmpCode: codes, ...rest }),
    );
    const inFlow = (s: FlowSpace, pp: number, c: number): boolean =>
      iv.has(s.protoPort, pp) &&
      (icmp(pp) ? iv.has(s.icmpCode === ALL_ICMP_CODES ? definedIcmpCodes(pp - PROTO_PORT_ICMP_BASE) : s.icmpCode, c) : c === 0 && s.icmpCode.length > 0);
    const inGuard = (s: FlowSpace, pp: number, c: number): boolean =>
      iv.has(s.protoPort, pp) && (icmp(pp) ? s.icmpCode === ALL_ICMP_CODES || iv.has(s.icmpCode, c) : c === 0);
    fc.assert(
      fc.property(flow, guard, (a, b) => {
        const meet = intersectSpace(a, b);
        const diff = subtractSpace(a, b);
        for (const d of diff) expect(isEmptySpace(d)).toBe(false);
        for (const pp of SERVICES)
          for (let c = 0; c <= 17; c++) {
            const inA = inFlow(a, pp, c);
            const inB = inGuard(b, pp, c);
            expect(inFlow(meet, pp, c) && !isEmptySpace(meet)).toBe(inA && inB);
            expect(diff.filter((d) => inFlow(d, pp, c)).length).toBe(inA && !inB ? 1 : 0);
          }
      }),
      runs(300),
    );
  });
});
