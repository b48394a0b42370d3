/**
 * The one tokenizer for a command line the user typed (the app's "Copy command" box): split the way a
 * shell would for simple cases, so `keydeck exec -- …` gets the same argv the user meant.
 */
import { KeydeckError } from '../../shared/errors.js';

/** Spaces separate words; '…' and "…" quote (\ escapes inside "…"); \ escapes outside quotes. */
export function splitCommand(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let has = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && i + 1 < line.length) cur += line[++i];
      else cur += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      has = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      cur += line[++i];
      has = true;
    } else if (/\s/.test(ch)) {
      if (has) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += ch;
      has = true;
    }
  }
  if (quote) throw new KeydeckError('INVALID_INPUT', `The command has an unclosed ${quote} quote.`);
  if (has) out.push(cur);
  if (!out.length) throw new KeydeckError('INVALID_INPUT', 'Give the command to run, like npm run dev.');
  return out;
}
