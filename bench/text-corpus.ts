// Deterministic plain text for engine benchmarks: business prose with, every few hundred
// lines, a sensitive value (IBAN, card, e-mail, key, marking), the way real file shares look.
import type { Random } from './seeded-random.ts';

const WORDS = (
  'the quarterly report shows revenue growth across regions while operating costs remained stable ' +
  'customer onboarding improved after the new process was introduced in march and the team expects ' +
  'further gains next year project timeline budget review meeting notes action items owner due date ' +
  'server deployment configuration release version build pipeline invoice order shipment warehouse'
).split(' ');

export const SENSITIVE = [
  'Payment to IBAN DE89 3704 0044 0532 0130 00 by Friday.',
  'Card on file: 4111 1111 1111 1111 exp 12/29.',
  'Contact jane.doe@example.com for the contract.',
  'This document is strictly confidential.',
  'aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
  'Order 2026-000123 shipped, tracking 1Z999AA10123456784.',
  'Build 4.12.7 released on 2026-03-14T10:22:31Z (commit 9fceb02d0ae598e95dc970b74767f19372d61af8).',
];

export function generateText(rand: Random, bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  while (size < bytes) {
    let line: string;
    if (rand.next() < 0.004) line = rand.pick(SENSITIVE);
    else {
      const n = rand.int(6, 18);
      const words: string[] = [];
      for (let i = 0; i < n; i++) words.push(rand.pick(WORDS));
      line = `${words.join(' ')}.`;
    }
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n');
}
