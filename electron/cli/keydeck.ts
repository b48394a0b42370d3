import { runCli } from './main.js';

/**
 * A reader that stops early (`keydeck list | head -1`) closes our stdout: what is left to print is
 * dropped, without a stack trace, and the command still finishes (a write it started completes). Node
 * ignores SIGPIPE, so the closed pipe arrives as an EPIPE error on the stream.
 */
function dropWhenClosed(stream: NodeJS.WriteStream): void {
  let closed = false;
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (closed || err.code === 'EPIPE') {
      closed = true;
      return;
    }
    throw err;
  });
}
dropWhenClosed(process.stdout);
dropWhenClosed(process.stderr);

// stdin on first use: opening it costs a stream (and its module) that most commands never read.
const io = {
  get stdin() {
    return process.stdin;
  },
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
};
runCli(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`error[INTERNAL]: ${(err as Error)?.message ?? err}\n`);
    process.exitCode = 1;
  },
);
