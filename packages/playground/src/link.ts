/**
 * State ⇄ URL fragment. The state's compact JSON is compressed with the browser's own
 * CompressionStream ("deflate-raw", no library: 0 bytes of JavaScript) and written in base64url.
 * On 200 rules of the SigmaHQ corpus this is 25 % shorter than lz-string's URI encoding (875
 * against 1,162 characters on average), which saves the 1.4 kB (gzip) lz-string would add.
 * The state lives in the fragment (`#…`), which browsers never send to the server: a shared link
 * does not reveal the rule even to the host serving the page.
 */
import { fromCompact, StateFormatError, toCompact, type PlaygroundState } from "./state.js";

/** Fragment prefix: the link format's version. */
const PREFIX = "v1.";
/** Largest decompressed link accepted (a crafted link must not exhaust memory). */
export const MAX_LINK_BYTES = 2 * 1024 * 1024;

/** The URL fragment (without `#`) that encodes a state. */
export async function encodeState(state: PlaygroundState): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(toCompact(state)));
  const compressed = await pipeBytes(json, new CompressionStream("deflate-raw"), Infinity);
  return PREFIX + toBase64Url(compressed);
}

/**
 * The state in a URL fragment (with or without `#`), or `undefined` for an empty fragment.
 * Throws {@link StateFormatError} for a fragment that is not a readable state.
 */
export async function decodeState(fragment: string): Promise<PlaygroundState | undefined> {
  const text = fragment.startsWith("#") ? fragment.slice(1) : fragment;
  if (text === "") return undefined;
  if (!text.startsWith(PREFIX)) throw new StateFormatError("the link is not a playground link");
  const bytes = fromBase64Url(text.slice(PREFIX.length));
  let json: Uint8Array;
  try {
    json = await pipeBytes(bytes, new DecompressionStream("deflate-raw"), MAX_LINK_BYTES);
  } catch (e) {
    if (e instanceof StateFormatError) throw e;
    throw new StateFormatError("the link is damaged (it does not decompress)");
  }
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(json));
  } catch {
    throw new StateFormatError("the link is damaged (it is not JSON)");
  }
  return fromCompact(value);
}

/** Pushes bytes through a (de)compression stream; stops with an error past `limit` output bytes. */
async function pipeBytes(input: Uint8Array, stream: GenericTransformStream, limit: number): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  // Not awaited here: the writes finish only while the output is read.
  const written = writer.write(input as Uint8Array<ArrayBuffer>).then(() => writer.close());
  written.catch(() => undefined);
  const reader = (stream.readable as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new StateFormatError("the link is too large");
    }
    chunks.push(value);
  }
  await written;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  // Chunks keep String.fromCharCode's argument list short.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new StateFormatError("the link is damaged (not base64url)");
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
  let binary: string;
  try {
    binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
  } catch {
    throw new StateFormatError("the link is damaged (not base64url)");
  }
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
