// `node --import ./test/typescript-5.mjs …`: openapi-typescript builds its output with TypeScript
// 5's compiler API (ts.factory), which the workspace's TypeScript 7 (tsgo) does not have; this
// resolves its `import ts from 'typescript'` to the `typescript-5` alias instead.
import { register } from 'node:module';

register('data:text/javascript,' + encodeURIComponent(`
  export async function resolve(specifier, context, next) {
    if (specifier === 'typescript' && context.parentURL?.includes('/openapi-typescript/')) {
      return next('typescript-5', { ...context, parentURL: ${JSON.stringify(import.meta.url)} });
    }
    return next(specifier, context);
  }
`));
