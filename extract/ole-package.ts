// OLE compound files (CFB) where a zip package or a legacy Office file is expected: the magic, and
// why an OLE file named as an OOXML package is refused (encrypted Office files are OLE files).
import { ExtractError } from './extraction-result.ts';

const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');

export function isCfb(buf: Buffer): boolean {
  return buf.subarray(0, 8).equals(CFB_MAGIC);
}

/**
 * Password-protected OOXML files are OLE compound files holding an EncryptedPackage stream ('encrypted');
 * any other OLE file named as a `kind` package is its `legacy` format renamed ('corrupt').
 */
export function refuseCfbPackage(buf: Buffer, kind: string, legacy = 'format'): void {
  if (!isCfb(buf)) return;
  if (buf.includes(ENCRYPTED_PACKAGE)) throw new ExtractError('encrypted', 'password-protected Office document');
  throw new ExtractError('corrupt', `OLE compound file, not a ${kind} (legacy ${legacy} renamed?)`);
}
