/**
 * The matrix as text or JSON, written a cell at a time: `analyze` streams a matrix of any size through these as it is
 * computed, and the in-memory formatters (`formatMatrix`, `matrixJson`) are the same writers over a whole matrix, so
 * both give the same bytes.
 */
import { plural } from '../model/index.js';
import { formatPorts } from '../net/index.js';
import type { Matrix, MatrixCell } from '../symbolic/matrix.js';

/** What a writer needs to know before the first cell: the blocks (VPC, sources, destinations) and the pairs left out. */
export interface MatrixOutline {
  readonly blocks: readonly { readonly vpc: string; readonly sources: number; readonly destinations: number }[];
  readonly unroutedPairs: number;
  /** Every icmp type alone, its flows of this code (`analyze --icmp-code`). */
  readonly icmpCode?: number;
}

/** Writes a matrix in pieces: `start`, then `cell` for every cell in block order, then `end`. Each piece is whole lines. */
export interface MatrixWriter {
  start(): string;
  cell(block: number, cell: MatrixCell): string;
  end(): string;
}

/** Ids for a text line: all of them up to `max`, else the first `max` and how many in all (JSON lists every one). */
export function idList(ids: readonly string[], max: number): string {
  return ids.length <= max ? ids.join(', ') : `${ids.slice(0, max).join(', ')} … (${ids.length.toLocaleString('en-US')} in all; --format json lists every one)`;
}

/**
 * Text: what is delivered or partial is listed (every class is in the JSON); the destinations that nothing in a block
 * reaches on any port are named on one line at the block's end.
 */
function textWriter(file: string, outline: MatrixOutline): MatrixWriter {
  let current = -1;
  let silent: string[] = [];
  const closeBlock = (): string => {
    if (current < 0 || silent.length === 0) return '';
    const vpc = outline.blocks[current]!.vpc;
    const line = `  ${plural(silent.length, 'destination')} ${silent.length === 1 ? 'receives' : 'receive'} nothing from ${vpc} on any port: ${idList(silent, 10)}\n`;
    silent = [];
    return line;
  };
  return {
    start() {
      const sources = outline.blocks.reduce((n, b) => n + b.sources, 0);
      return `reachability matrix of ${file}: ${plural(sources, 'instance')} in ${plural(outline.blocks.length, 'VPC')}, ${outline.icmpCode === undefined ? 'every port of tcp and udp and every icmp type' : `every icmp type, of code ${outline.icmpCode}`}; what is delivered or partial is listed (--format json has every class)\n`;
    },
    cell(block, c) {
      const lines: string[] = [];
      if (block !== current) {
        const closed = closeBlock();
        current = block;
        const b = outline.blocks[block]!;
        lines.push(`${closed}\n${b.vpc}: ${plural(b.sources, 'instance')} → ${plural(b.destinations, 'destination')}`);
      }
      const open = c.groups.map((g) => ({ ids: g.ids, classes: g.classes.filter((x) => x.verdict !== 'unreachable') })).filter((g) => g.classes.length);
      if (open.length === 0) silent.push(c.to);
      else {
        lines.push(`  → ${c.to}`);
        for (const g of open) {
          lines.push(`      from ${idList(g.ids, 5)}:`);
          for (const x of g.classes)
            lines.push(`        ${x.protocol} ${formatPorts(x.ports)}  ${x.verdict} ${x.code} at ${x.at}  (witness port ${x.witness})`);
        }
      }
      return lines.length ? lines.join('\n') + '\n' : '';
    },
    end() {
      const closed = closeBlock();
      return (
        closed +
        (outline.unroutedPairs ? `\n${outline.unroutedPairs.toLocaleString('en-US')} source-destination pairs in different VPCs: no route, not listed\n` : '')
      );
    },
  };
}

/** JSON: `{ model, blocks: [ { vpc, sources, cells: [ { to, groups: [ { sources, classes } ] } ] } ], unroutedPairs }`, laid out as JSON.stringify(…, null, 2) lays it out. */
function jsonWriter(file: string, outline: MatrixOutline): MatrixWriter {
  let current = -1;
  const indent = (text: string, spaces: string): string => spaces + text.replaceAll('\n', `\n${spaces}`);
  const blockHead = (k: number): string => {
    const b = outline.blocks[k]!;
    return `    {\n      "vpc": ${JSON.stringify(b.vpc)},\n      "sources": ${b.sources},\n      "cells": [\n`;
  };
  return {
    start() {
      const code = outline.icmpCode === undefined ? '' : `\n  "icmpCode": ${outline.icmpCode},`;
      return `{\n  "model": ${JSON.stringify(file)},${code}\n  "blocks": [${outline.blocks.length ? '\n' : ''}`;
    },
    cell(block, c) {
      let out = '';
      if (block !== current) {
        if (current >= 0) out += '\n      ]\n    },\n';
        current = block;
        out += blockHead(block);
      } else out += ',\n';
      const value = { to: c.to, groups: c.groups.map((g) => ({ sources: g.ids, classes: g.classes })) };
      return out + indent(JSON.stringify(value, null, 2), '        ');
    },
    end() {
      return `${current >= 0 ? '\n      ]\n    }\n  ' : ''}],\n  "unroutedPairs": ${outline.unroutedPairs}\n}\n`;
    },
  };
}

/** A writer of the matrix in `format`. */
export function matrixWriter(format: 'text' | 'json', file: string, outline: MatrixOutline): MatrixWriter {
  return format === 'json' ? jsonWriter(file, outline) : textWriter(file, outline);
}

/** The outline of a whole matrix. */
function outlineOf(m: Matrix): MatrixOutline {
  return { blocks: m.blocks.map((b) => ({ vpc: b.vpc, sources: b.sources, destinations: b.cells.length })), unroutedPairs: m.unroutedPairs };
}

/** A whole matrix written by `matrixWriter`. */
export function writeMatrix(format: 'text' | 'json', file: string, m: Matrix): string {
  const w = matrixWriter(format, file, outlineOf(m));
  const parts = [w.start()];
  m.blocks.forEach((b, k) => {
    for (const c of b.cells) parts.push(w.cell(k, c));
  });
  parts.push(w.end());
  return parts.join('');
}
