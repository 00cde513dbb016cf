// Bundles the benchmark into dist/bench.js with its peers (tfjs, brain.js); the digits data set is
// read from data/ and tfjs's .wasm files from its package folder at run time.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/bench.ts'],
  outfile: 'dist/bench.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // Bundled CommonJS code (tfjs's Emscripten loader, brain.js) expects require, __filename, __dirname.
  banner: {
    js: [
      "import { createRequire as __bpnnCreateRequire } from 'node:module';",
      "import { fileURLToPath as __bpnnFileURLToPath } from 'node:url';",
      'const require = __bpnnCreateRequire(import.meta.url);',
      'const __filename = __bpnnFileURLToPath(import.meta.url);',
      "const __dirname = __filename.slice(0, __filename.lastIndexOf('/'));",
    ].join('\n'),
  },
  // gpu.js (loaded by brain.js) requires the native headless-gl addon, which is not built here:
  // see src/contenders/headless-gl-absent.cjs.
  alias: { gl: './src/contenders/headless-gl-absent.cjs' },
  logLevel: 'warning',
});
