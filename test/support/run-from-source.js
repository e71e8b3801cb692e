// Runs apps/<app>/src/main.ts (app: the first argument, `analytics` or `backend`) as its own process, straight from source.
// tsx cannot be used: esbuild does not emit decorator metadata, which Nest's DI needs. This hook transpiles
// each .ts file with TypeScript itself (like ts-jest), and resolves the @app/kafka alias.
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const root = path.resolve(__dirname, '..', '..');
const compilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  esModuleInterop: true,
  inlineSourceMap: true,
};

require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  module._compile(ts.transpileModule(source, { compilerOptions, fileName: filename }).outputText, filename);
};
require('tsconfig-paths').register({
  baseUrl: root,
  paths: { '@app/kafka': ['libs/kafka/src'], '@app/kafka/*': ['libs/kafka/src/*'] },
});
const app = process.argv[2];
if (app !== 'analytics' && app !== 'backend') throw new Error(`usage: run-from-source.js analytics|backend (got ${app})`);
require(path.join(root, 'apps', app, 'src', 'main.ts'));
