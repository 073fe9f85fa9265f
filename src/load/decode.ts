// Bytes to text: UTF-8 only, with a located message for a binary file or another encoding.
import { failed } from './source-checks.js';
import type { ParsedSource } from './source.js';

/** Decodes UTF-8, refusing binary files and other encodings with a located message. */
export function decode(file: string, bytes: Buffer): string | ParsedSource {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return failed(file, 'invalid-encoding', `${file} is UTF-16 encoded`, 'save it as UTF-8', 0, 0);
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    const { line, column } = position(bytes, nul);
    return failed(
      file,
      'binary-file',
      `${file} looks like a binary file (a NUL byte at line ${line}, column ${column}), not YAML or JSON`,
      'check that the path names the model or scenario file',
      line,
      column,
    );
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const { line, column } = position(bytes, bad);
    return failed(
      file,
      'invalid-encoding',
      `${file} is not valid UTF-8 (byte 0x${bytes[bad]!.toString(16).padStart(2, '0')} at line ${line}, column ${column})`,
      'save the file as UTF-8',
      line,
      column,
    );
  }
}

/** Line and column (1-based, counting characters of the valid prefix) of a byte offset. */
function position(bytes: Buffer, offset: number): { line: number; column: number } {
  const before = bytes.subarray(0, offset).toString('utf8');
  const lastNl = before.lastIndexOf('\n');
  const line = before.split('\n').length;
  return { line, column: [...before.slice(lastNl + 1)].length + 1 };
}

/** Offset of the first byte that does not belong to a valid UTF-8 sequence. */
function firstInvalidUtf8(b: Buffer): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k]! & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return Math.max(0, b.length - 1);
}
