/**
 * Reader for the IDX format that MNIST ships in (http://yann.lecun.com/exdb/mnist/, "FILE FORMATS").
 *
 * Layout (all integers big-endian):
 *   bytes 0-1  zero
 *   byte  2    element type (0x08 = unsigned byte; 0x09 sbyte, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64)
 *   byte  3    number of dimensions d
 *   then d × uint32  the size of each dimension
 *   then the data, row-major (last index changes fastest).
 *
 * Only unsigned bytes are supported because that is all MNIST uses; the other types are recognised so that a
 * wrong file gets a message that says what it is rather than a vague "bad magic".
 */

export interface IdxArray {
  /** Element type; only 'uint8' is supported. */
  dtype: 'uint8';
  /** Size of each dimension, e.g. [60000, 28, 28] for MNIST training images. */
  dims: number[];
  /** The elements, row-major. A view into the input bytes (no copy). */
  data: Uint8Array;
}

export interface ParseIdxOptions {
  /** Name of the file for error messages. */
  name?: string;
  /** Expected dimensions; `null` entries accept any size (e.g. [null, 28, 28]). Checks the rank too. */
  expectDims?: readonly (number | null)[];
}

const TYPE_NAMES: Record<number, string> = {
  0x08: 'uint8',
  0x09: 'int8',
  0x0b: 'int16',
  0x0c: 'int32',
  0x0d: 'float32',
  0x0e: 'float64',
};

/** Parse an IDX file. Throws an Error naming the file and the problem when the bytes are not a valid uint8 IDX. */
export function parseIdx(bytes: Uint8Array, options: ParseIdxOptions = {}): IdxArray {
  const name = options.name ?? 'IDX file';
  const fail = (why: string): never => {
    throw new Error(`${name}: ${why}`);
  };

  if (bytes.length < 4) fail(`too short to be an IDX file (${bytes.length} bytes, the header alone needs 4)`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    // A gzip file starts with 1f 8b: the most likely mistake is pointing at the compressed download.
    const gz = bytes[0] === 0x1f && bytes[1] === 0x8b ? ' (it looks gzip-compressed: gunzip it first)' : '';
    fail(`not an IDX file: the first two bytes must be 0, got 0x${hex(bytes[0])} 0x${hex(bytes[1])}${gz}`);
  }
  const type = bytes[2];
  const typeName = TYPE_NAMES[type];
  if (typeName === undefined) fail(`not an IDX file: unknown element type 0x${hex(type)}`);
  if (typeName !== 'uint8') fail(`element type ${typeName} (0x${hex(type)}) is not supported, only uint8 (0x08)`);

  const rank = bytes[3];
  if (rank === 0) fail('IDX file with zero dimensions');
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) fail(`truncated header: ${rank} dimensions need ${headerBytes} bytes, file has ${bytes.length}`);

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  let count = 1;
  for (let d = 0; d < rank; d++) {
    const size = view.getUint32(4 + 4 * d, false);
    dims.push(size);
    count *= size;
  }

  const expected = headerBytes + count;
  if (bytes.length !== expected) {
    fail(
      `size mismatch: header says dims [${dims.join(', ')}] (${expected} bytes in all), file has ${bytes.length} bytes` +
        (bytes.length < expected ? ' (truncated?)' : ' (trailing bytes)'),
    );
  }

  if (options.expectDims) {
    const want = options.expectDims;
    const ok = want.length === rank && want.every((w, d) => w === null || w === dims[d]);
    if (!ok) {
      const wantText = want.map((w) => (w === null ? 'any' : String(w))).join(', ');
      fail(`expected dims [${wantText}], got [${dims.join(', ')}]`);
    }
  }

  return { dtype: 'uint8', dims, data: bytes.subarray(headerBytes, expected) };
}

/** Build an IDX file from uint8 data (used by tests and by anyone who wants to write MNIST-like files). */
export function encodeIdx(dims: readonly number[], data: Uint8Array): Uint8Array {
  const count = dims.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new Error(`encodeIdx: dims [${dims.join(', ')}] hold ${count} values, data has ${data.length}`);
  const header = 4 + 4 * dims.length;
  const out = new Uint8Array(header + data.length);
  const view = new DataView(out.buffer);
  out[2] = 0x08;
  out[3] = dims.length;
  dims.forEach((size, d) => view.setUint32(4 + 4 * d, size, false));
  out.set(data, header);
  return out;
}

function hex(b: number): string {
  return b.toString(16).padStart(2, '0');
}
