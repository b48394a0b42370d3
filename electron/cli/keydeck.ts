import { runCli } from './main.js';

const io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
runCli(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`error[INTERNAL]: ${(err as Error)?.message ?? err}\n`);
    process.exitCode = 1;
  },
);
