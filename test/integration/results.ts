/** What the extension-host test runner writes to $TAVUS_TEST_RESULTS for the outer process. */
export interface TestResults {
  passed: string[];
  failed: { title: string; message: string; stack?: string }[];
}

/** One line per test, failures followed by their indented message. */
export function formatResults(results: TestResults): string {
  const passed = results.passed.map((title) => `  ✓ ${title}`);
  const failed = results.failed.map(({ title, message }) => `  ✗ ${title}\n${indent(message, '      ')}`);
  return [...passed, ...failed].join('\n');
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');
}
