import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as iv from '../../src/net/interval-set.js';
import { ALL_ICMP_CODES, ALL_SOURCE_PORTS, PROTO_PORT_ICMP_BASE, definedIcmpCodes, type FlowSpace } from '../../src/net/index.js';
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
    match: { protoPort: g.protoPort, src: g.src, dst: g.dst, srcPort: g.srcPort, icmpCode: ALL_ICMP_CODES },
    action: g.action,
    origin: { kind: 'acl-preset', resource: `g${i}` },
  }));
// Spaces with one service and one destination take the concrete fast path (unless a guard names source ports); the
// others the general one.
const spaceArb = fc.oneof(
  fc.record({ protoPort: pointArb, src: setArb, dst: pointArb, srcPort: portSetArb, icmpCode: fc.constant(ALL_ICMP_CODES) }),
  fc.record({ protoPort: setArb, src: setArb, dst: setArb, srcPort: portSetArb, icmpCode: fc.constant(ALL_ICMP_CODES) }),
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
      match: { protoPort: [{ lo: 0, hi: 100 }], src: [{ lo, hi }], dst: [{ lo: 0, hi: 100 }], srcPort: ALL_SOURCE_PORTS, icmpCode: ALL_ICMP_CODES },
      action,
      origin: { kind: 'acl-preset', resource: 'x' },
    });
    const ev = firstMatch([g(0, 2, 'allow'), g(3, 4, 'deny'), g(5, 9, 'allow')], {
      protoPort: [{ lo: 80, hi: 80 }],
      src: [{ lo: 0, hi: 10 }],
      dst: [{ lo: 1, hi: 1 }],
      srcPort: [{ lo: 1024, hi: 65535 }],
      icmpCode: ALL_ICMP_CODES,
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
        icmpCode: ALL_ICMP_CODES,
      },
    ]);
    expect(ev.unmatched).toEqual([
      { protoPort: [{ lo: 80, hi: 80 }], src: [{ lo: 10, hi: 10 }], dst: [{ lo: 1, hi: 1 }], srcPort: [{ lo: 1024, hi: 65535 }], icmpCode: ALL_ICMP_CODES },
    ]);
  });

  it('on ICMP codes: partitions a flow as evaluating each code of its type on its own would', () => {
    // Services: tcp 1 and ICMP types 3 (codes 0-15), 8 (code 0) and 9 (codes 0 and 16); sources 0-3.
    const SERVICES = [1, PROTO_PORT_ICMP_BASE + 3, PROTO_PORT_ICMP_BASE + 8, PROTO_PORT_ICMP_BASE + 9];
    const icmp = (pp: number) => pp >= PROTO_PORT_ICMP_BASE;
    const one = (x: number) => [{ lo: x, hi: x }];
    const codes = fc.array(fc.nat(17), { minLength: 1, maxLength: 3 }).map((xs) => iv.fromRanges(xs.map((x) => ({ lo: x, hi: x }))));
    const sources = fc.tuple(fc.nat(3), fc.nat(3)).map(([a, b]) => [{ lo: Math.min(a, b), hi: Math.max(a, b) }]);
    const guard = fc
      .record({
        // Every code of some services, or codes of one ICMP type (a rule that names a code names one type).
        on: fc.oneof(
          fc.record({
            protoPort: fc.subarray(SERVICES, { minLength: 1 }).map((xs) => iv.fromRanges(xs.map((x) => ({ lo: x, hi: x })))),
            icmpCode: fc.constant(ALL_ICMP_CODES),
          }),
          fc.record({ protoPort: fc.constantFrom(...SERVICES.filter(icmp)).map(one), icmpCode: codes }),
        ),
        src: sources,
        action: fc.constantFrom('allow' as const, 'deny' as const),
      })
      .map((g): Guard => ({
        match: { protoPort: g.on.protoPort, src: g.src, dst: one(0), srcPort: ALL_SOURCE_PORTS, icmpCode: g.on.icmpCode },
        action: g.action,
        origin: { kind: 'acl-preset', resource: 'g' },
      }));
    // One flow (the concrete path) of any code its type defines, or of codes named.
    const flow = fc.record({
      protoPort: fc.constantFrom(...SERVICES).map(one),
      src: sources,
      dst: fc.constant(one(0)),
      srcPort: fc.constant(ALL_SOURCE_PORTS),
      icmpCode: fc.oneof(fc.constant(ALL_ICMP_CODES), codes),
    });
    const codesOf = (s: FlowSpace, pp: number) => (s.icmpCode === ALL_ICMP_CODES ? definedIcmpCodes(pp - PROTO_PORT_ICMP_BASE) : s.icmpCode);
    const inFlow = (s: FlowSpace, pp: number, src: number, c: number) =>
      iv.has(s.protoPort, pp) && iv.has(s.src, src) && (icmp(pp) ? iv.has(codesOf(s, pp), c) : c === 0);
    const inGuard = (g: Guard, pp: number, src: number, c: number) =>
      iv.has(g.match.protoPort, pp) && iv.has(g.match.src, src) && (!icmp(pp) || g.match.icmpCode === ALL_ICMP_CODES || iv.has(g.match.icmpCode, c));
    let partials = 0;
    fc.assert(
      fc.property(fc.array(guard, { maxLength: 10 }), flow, (guards, space) => {
        const ev = firstMatch(guards, space);
        let allowed = 0;
        let total = 0;
        for (const pp of SERVICES)
          for (let src = 0; src < 4; src++)
            for (let c = 0; c <= 17; c++) {
              if (!inFlow(space, pp, src, c)) continue;
              total++;
              const first = guards.find((g) => inGuard(g, pp, src, c)) ?? null;
              expect(ev.decided.filter((p) => p.spaces.some((s) => inFlow(s, pp, src, c))).map((p) => p.guard)).toEqual(first ? [first] : []);
              const isAllowed = ev.allowed.some((s) => inFlow(s, pp, src, c));
              expect(isAllowed).toBe(first?.action === 'allow');
              if (isAllowed) allowed++;
            }
        if (total > 0) expect(ev.decision).toBe(allowed === total ? 'allow' : allowed === 0 ? 'deny' : 'partial');
        if (ev.decision === 'partial') partials++;
      }),
      runs(300),
    );
    expect(partials).toBeGreaterThan(0);
  });
});
