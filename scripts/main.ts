/**
 * The one error boundary of every entry point: an expected error (bad environment, missing
 * servers, bad input) prints a person's message and exits 1; anything else keeps its stack.
 */
export function runMain(main: () => Promise<number | void>): void {
  main().then(
    (code) => {
      if (typeof code === 'number') process.exitCode = code;
    },
    (error: unknown) => {
      const expected = error instanceof Error && 'code' in error && typeof error.code === 'string';
      console.error(expected ? `error: ${error.message}` : error);
      process.exitCode = 1;
    },
  );
}
