import readline from 'node:readline';
import { Writable } from 'node:stream';
import { KeydeckError } from '../../shared/errors.js';
import { LIMITS } from '../../shared/constants.js';

export interface CliIO {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

/** Usage errors exit 2; everything else that fails exits 1. */
export class UsageError extends Error {}

async function readAll(stream: NodeJS.ReadStream, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += b.length;
    // Keep reading to drain the pipe, but stop holding bytes past the limit.
    if (size <= limit + 1024) chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Asks on the terminal without echoing what is typed. */
function promptHidden(io: CliIO, question: string): Promise<string> {
  const muted = new Writable({ write: (_c, _e, cb) => cb() });
  io.stderr.write(question);
  const rl = readline.createInterface({ input: io.stdin, output: muted, terminal: true });
  return new Promise((resolve, reject) => {
    rl.question('', (answer) => {
      rl.close();
      io.stderr.write('\n');
      resolve(answer);
    });
    rl.on('SIGINT', () => {
      rl.close();
      reject(new KeydeckError('INVALID_INPUT', 'Cancelled.'));
    });
  });
}

/**
 * The secret comes from stdin when piped, else from a no-echo prompt: never from argv, where other
 * users and shell history can see it.
 */
export async function readSecret(io: CliIO, question = 'Secret (input hidden): '): Promise<string> {
  if (io.stdin.isTTY) return promptHidden(io, question);
  return readAll(io.stdin, LIMITS.secretBytes);
}

export async function confirm(io: CliIO, question: string): Promise<boolean> {
  if (!io.stdin.isTTY) return false;
  const rl = readline.createInterface({ input: io.stdin, output: io.stderr as NodeJS.WritableStream });
  // End of input (Ctrl-D) closes the interface without an answer: that is a no, not a silent exit 0.
  const answer = await new Promise<string>((r) => {
    rl.once('close', () => r(''));
    rl.question(`${question} [y/N] `, r);
  });
  rl.close();
  return /^y(es)?$/i.test(answer.trim());
}
