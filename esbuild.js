// Bundles the extension into one CommonJS file; tsc only type-checks (see `npm run typecheck`).
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints build problems in the `file:line:col` form VS Code's problem matchers understand. */
const problemReporter = {
  name: 'problem-reporter',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

async function main() {
  const options = {
    entryPoints: ['src/extension.ts'],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    outfile: 'dist/extension.js',
    external: ['vscode'],
    // jsonc-parser's "main" is a UMD build whose internal requires esbuild cannot follow.
    mainFields: ['module', 'main'],
    logLevel: 'silent',
    plugins: watch ? [problemReporter] : [],
  };
  // The command-line tool (package.json `bin`): the same core and HTTP client, no vscode.
  const cli = {
    ...options,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    // Nothing provides vscode outside the editor: importing it must fail the build.
    external: [],
    banner: { js: '#!/usr/bin/env node' },
  };
  const contexts = await Promise.all([esbuild.context(options), esbuild.context(cli)]);
  if (watch) {
    await Promise.all(contexts.map((ctx) => ctx.watch()));
    return;
  }
  for (const ctx of contexts) {
    const result = await ctx.rebuild();
    await ctx.dispose();
    for (const warning of result.warnings) console.warn(warning.text);
  }
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});
