// Mail: .eml (postal-mime) and Outlook .msg (@kenjiuno/msgreader): headers and bodies as text,
// attachments as members extracted recursively by the caller.
import msgReaderModule from '@kenjiuno/msgreader';
import PostalMime from 'postal-mime';
import type { Member } from './archive-extractor.ts';
import { ExtractError } from './extraction-result.ts';
import { htmlToText } from './html-extractor.ts';
import { isCfb } from './ole-package.ts';

// A CommonJS module whose default export is `exports.default`: under Node's ESM loader it is one level down.
const MsgReader = msgReaderModule.default;

export interface Mail {
  text: string;
  attachments: Member[];
}

const MIME_EXTENSIONS: Readonly<Record<string, string>> = {
  'message/rfc822': '.eml',
  'text/plain': '.txt',
  'text/html': '.html',
  'application/pdf': '.pdf',
};

function bodies(text: string | undefined, html: string | undefined): string[] {
  const plain = text ?? '';
  const fromHtml = html ? htmlToText(html) : '';
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
  // Most mail carries the same body twice; the HTML one is kept only when it says something else.
  return fromHtml && norm(fromHtml) !== norm(plain) ? [plain, fromHtml] : [plain];
}

async function parseEml(data: Buffer): Promise<Mail> {
  let email;
  try {
    email = await PostalMime.parse(data, { attachmentEncoding: 'arraybuffer', maxNestingDepth: 64, maxHeadersSize: 1024 * 1024, forceRfc822Attachments: true });
  } catch (err) {
    throw new ExtractError('corrupt', `malformed mail: ${err instanceof Error ? err.message : String(err)}`);
  }
  const addresses = (list: { name?: string; address?: string }[] | undefined) => (list ?? []).map((a) => [a.name, a.address].filter(Boolean).join(' ')).join(', ');
  const headers = [
    `From: ${email.from ? addresses([email.from as { name?: string; address?: string }]) : ''}`,
    `To: ${addresses(email.to as { name?: string; address?: string }[] | undefined)}`,
    `Cc: ${addresses(email.cc as { name?: string; address?: string }[] | undefined)}`,
    `Subject: ${email.subject ?? ''}`,
    `Date: ${email.date ?? ''}`,
  ];
  const attachments = email.attachments.map((a, i): Member => {
    const name = a.filename ?? `attachment-${i + 1}${MIME_EXTENSIONS[a.mimeType] ?? ''}`;
    const content = a.content;
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content instanceof Uint8Array ? content : new Uint8Array(content));
    return { name, data: bytes };
  });
  return { text: [...headers, '', ...bodies(email.text, email.html)].join('\n'), attachments };
}

function parseMsg(data: Buffer): Mail {
  if (!isCfb(data)) throw new ExtractError('corrupt', 'not an Outlook .msg file (no OLE compound file header)');
  let reader: InstanceType<typeof MsgReader>;
  let fields;
  try {
    reader = new MsgReader(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer);
    fields = reader.getFileData();
  } catch (err) {
    throw new ExtractError('corrupt', `malformed .msg: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (fields.error) throw new ExtractError('corrupt', `malformed .msg: ${fields.error}`);
  const recipients = (fields.recipients ?? []).map((r) => [r.name, r.email].filter(Boolean).join(' ')).join(', ');
  const html = fields.bodyHtml ?? (fields.html ? Buffer.from(fields.html).toString('utf8') : undefined);
  const text = [`From: ${fields.senderName ?? ''} ${fields.senderEmail ?? ''}`, `To: ${recipients}`, `Subject: ${fields.subject ?? ''}`, '', ...bodies(fields.body, html)].join('\n');
  const attachments = (fields.attachments ?? []).map((att, i): Member => {
    try {
      const a = reader.getAttachment(att);
      return { name: a.fileName || `attachment-${i + 1}`, data: Buffer.from(a.content) };
    } catch (err) {
      return { name: att.fileName ?? `attachment-${i + 1}`, data: null, error: new ExtractError('corrupt', `unreadable attachment: ${err instanceof Error ? err.message : String(err)}`) };
    }
  });
  return { text, attachments };
}

export async function parseMail(data: Buffer, name: string): Promise<Mail> {
  return /\.msg$/i.test(name) ? parseMsg(data) : parseEml(data);
}
