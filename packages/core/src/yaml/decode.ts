/**
 * Turning bytes into text: strict UTF-8, with the place of the first invalid byte when it fails.
 */
import { SigmaYAMLError } from "../errors.js";

/** Decodes UTF-8 (a leading BOM is dropped); invalid input gives a located `SigmaYAMLError`. */
export function decodeUtf8(bytes: Uint8Array, path?: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < offset; i++) {
      if (bytes[i] === 0x0a) {
        line++;
        lineStart = i + 1;
      }
    }
    return fail(offset, { ...(path !== undefined ? { path } : {}), line, column: offset - lineStart + 1 });
  }
}

function fail(offset: number, location: SigmaYAMLError["location"]): never {
  throw new SigmaYAMLError(
    `The file is not valid UTF-8 (invalid byte at offset ${offset}); save it as UTF-8`,
    location,
  );
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    let code = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      code = (code << 6) | (c & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += need + 1;
  }
  return bytes.length;
}
