import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IPv4 } from 'ip-num';
import { formatIpv4, formatRange, parseCidr, parseIpv4 } from '../../src/net/ipv4.js';
import { parsePort, parsePortSpec } from '../../src/net/ports.js';
import { runs } from '../fuzz/arbitraries.js';

describe('parseIpv4', () => {
  it('parses dotted quads to unsigned 32-bit numbers', () => {
    expect(parseIpv4('192.168.1.10')).toEqual({ ok: true, value: 0xc0a8010a });
    expect(parseIpv4('255.255.255.255')).toEqual({ ok: true, value: 0xffffffff });
    expect(parseIpv4('0.0.0.0')).toEqual({ ok: true, value: 0 });
  });
  it('rejects leading zeros as ambiguous and suggests the decimal reading', () => {
    const r = parseIpv4('010.0.0.1');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message).toContain('leading zero');
      expect(r.error.hint).toBe('write "10.0.0.1" if decimal was meant');
    }
  });
  it('rejects malformed addresses', () => {
    for (const bad of ['256.0.0.1', '1.2.3', '1.2.3.4.5', 'abc', '', '1.2.3.4 ']) expect(parseIpv4(bad).ok).toBe(false);
  });
});

describe('parseCidr', () => {
  it('parses a block into its range', () => {
    expect(parseCidr('198.19.128.0/17')).toEqual({ ok: true, value: { lo: 0xc6138000, hi: 0xc613ffff, prefix: 17 } });
    expect(parseCidr('0.0.0.0/0')).toEqual({ ok: true, value: { lo: 0, hi: 0xffffffff, prefix: 0 } });
  });
  it('rejects host bits and says which block was meant', () => {
    const r = parseCidr('10.0.1.5/24');
    expect(r).toMatchObject({ ok: false, error: { hint: 'did you mean 10.0.1.0/24?' } });
  });
  it('accepts a bare address as /32 only where allowed', () => {
    expect(parseCidr('10.0.0.1', true)).toEqual({ ok: true, value: { lo: 0x0a000001, hi: 0x0a000001, prefix: 32 } });
    expect(parseCidr('10.0.0.1').ok).toBe(false);
  });
  it('rejects bad prefix lengths', () => {
    for (const bad of ['10.0.0.0/33', '10.0.0.0/08', '10.0.0.0/', '10.0.0.0/x']) expect(parseCidr(bad).ok).toBe(false);
  });
});

describe('formatting', () => {
  it('prints addresses and ranges', () => {
    expect(formatIpv4(0xc0a8010a)).toBe('192.168.1.10');
    expect(formatRange({ lo: 0xc6138000, hi: 0xc613ffff })).toBe('198.19.128.0/17');
    expect(formatRange({ lo: 5, hi: 5 })).toBe('0.0.0.5');
    expect(formatRange({ lo: 1, hi: 6 })).toBe('0.0.0.1-0.0.0.6');
  });
  it('prints every address as ip-num does, and parses back to it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (value) => {
        const text = formatIpv4(value);
        expect(text).toBe(IPv4.fromNumber(BigInt(value)).toString());
        expect(parseIpv4(text)).toEqual({ ok: true, value });
      }),
      runs(500),
    );
    for (const value of [0, 1, 0x7fffffff, 0x80000000, 0xffffffff]) expect(formatIpv4(value)).toBe(IPv4.fromNumber(BigInt(value)).toString());
  });
});

describe('ports', () => {
  it('parses numbers, numeric strings and ranges', () => {
    expect(parsePortSpec(8080)).toEqual({ ok: true, value: { lo: 8080, hi: 8080 } });
    expect(parsePortSpec('8000-8090')).toEqual({ ok: true, value: { lo: 8000, hi: 8090 } });
    expect(parsePort('443')).toEqual({ ok: true, value: 443 });
  });
  it('rejects out-of-range ports and inverted ranges with a code', () => {
    expect(parsePortSpec(0).ok).toBe(false);
    expect(parsePortSpec(65536).ok).toBe(false);
    expect(parsePortSpec(80.5).ok).toBe(false);
    expect(parsePortSpec('90-80')).toMatchObject({ ok: false, error: { code: 'invalid-port-range', hint: 'write "80-90"' } });
    expect(parsePort('http').ok).toBe(false);
  });
});

describe('parseIpv4 fast path', () => {
  it('agrees with ip-num on every address it accepts, and leaves the rest to the full parser', async () => {
    const { IPv4 } = await import('ip-num');
    const fcm = await import('fast-check');
    const fc = fcm.default;
    fc.assert(
      fc.property(fc.ipV4(), (text) => {
        const r = parseIpv4(text);
        expect(r).toEqual({ ok: true, value: Number(IPv4.fromString(text).getValue()) });
      }),
      runs(2000),
    );
    for (const bad of ['256.1.1.1', '1.2.3', '01.2.3.4', '1.2.3.4 ', '1..2.3', '', '1.2.3.4.5', '-1.2.3.4']) expect(parseIpv4(bad).ok).toBe(false);
  });
});

describe('parseCidr arithmetic', () => {
  it('agrees with ip-num on the range of every block, and on which blocks have host bits set', async () => {
    const { IPv4CidrRange, Validator } = await import('ip-num');
    const fcm = await import('fast-check');
    const fc = fcm.default;
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 0, max: 32 }), (ip, prefix) => {
        const text = `${ip}/${prefix}`;
        const r = parseCidr(text);
        const [valid] = Validator.isValidIPv4CidrRange(text);
        const range = IPv4CidrRange.fromCidr(text);
        const lo = Number(range.getFirst().getValue());
        if (valid && lo === Number(range.getFirst().getValue()) && ip === formatIpv4(lo)) {
          expect(r).toEqual({ ok: true, value: { lo, hi: Number(range.getLast().getValue()), prefix } });
        } else {
          expect(r).toEqual({ ok: false, error: { message: `"${text}" has host bits set`, hint: `did you mean ${formatIpv4(lo)}/${prefix}?` } });
        }
      }),
      runs(3000),
    );
  });
});
