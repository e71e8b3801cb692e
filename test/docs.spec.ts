import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

const ROOT = join(__dirname, '..');
const DOCS = ['README.md', 'docs/learning-path.md'];

/** Every .ts file of the project (not node_modules, not builds). */
function sources(dir = ROOT, found: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (['node_modules', 'dist', '.git', '.stack', '.test-results'].includes(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sources(path, found);
    else if (name.endsWith('.ts')) found.push(path);
  }
  return found;
}

const files = sources().map((path) => ({ path, text: readFileSync(path, 'utf8') }));

/** The body of `class Name` (or `const Name =` / `function Name`) in some file, or undefined when nothing declares it. */
function declarationOf(name: string): string | undefined {
  const declares = new RegExp(`(class|const|function|interface)\\s+${name}\\b`);
  const file = files.find((f) => declares.test(f.text));
  if (!file) return undefined;
  return file.text.slice(file.text.search(declares));
}

/** Docs are tested like code: what they link to and the `Class.method` they name must exist. */
describe.each(DOCS)('%s', (doc) => {
  const text = readFileSync(join(ROOT, doc), 'utf8');

  it('links only to files that exist', () => {
    const links = [...text.matchAll(/\]\(([^)#\s]+)/g)].map((m) => m[1]).filter((l) => !l.includes('://') && !l.startsWith('mailto:'));
    expect(links.filter((link) => !existsSync(normalize(join(ROOT, dirname(doc), link))))).toEqual([]);
  });

  it('names only classes and members that exist (`Class.method`)', () => {
    const named = [
      ...new Set([...text.matchAll(/`([A-Z][A-Za-z0-9]+)\.([a-z][A-Za-z0-9]*)(?:\([^`]*\))?`/g)].map((m) => `${m[1]}.${m[2]}`)),
    ];
    const builtins = new Set(['JSON', 'Math', 'Date', 'Object', 'Promise', 'Number', 'Buffer', 'Array', 'String', 'Symbol']);
    const missing = named.filter((name) => {
      const [owner, member] = name.split('.');
      if (builtins.has(owner)) return false;
      const body = declarationOf(owner);
      return body === undefined || !new RegExp(`\\b${member}\\s*[(=:<?]|\\b${member}\\b\\s*\\(`).test(body);
    });
    expect(missing).toEqual([]);
  });
});
