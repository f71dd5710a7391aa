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
  const ctx = await esbuild.context({
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
  });
  if (watch) {
    await ctx.watch();
    return;
  }
  const result = await ctx.rebuild();
  await ctx.dispose();
  for (const warning of result.warnings) console.warn(warning.text);
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});
