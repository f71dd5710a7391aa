/**
 * Root hooks for the whole integration run: an unhandled promise rejection or an uncaught
 * exception anywhere in the extension host while the tests run makes the run fail.
 */
const problems: string[] = [];
const onRejection = (reason: unknown) => problems.push(`unhandled rejection: ${describeProblem(reason)}`);
const onException = (error: unknown) => problems.push(`uncaught exception: ${describeProblem(error)}`);

function describeProblem(value: unknown): string {
  return value instanceof Error ? (value.stack ?? value.message) : String(value);
}

before(() => {
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
});

after(async () => {
  // Rejections are reported on a later tick than the one they happen on.
  await new Promise((resolve) => setTimeout(resolve, 100));
  process.off('unhandledRejection', onRejection);
  process.off('uncaughtException', onException);
  if (problems.length > 0) {
    throw new Error(`The extension host saw ${problems.length} unhandled error(s):\n${problems.join('\n')}`);
  }
});
