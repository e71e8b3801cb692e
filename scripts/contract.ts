/**
 * `npm run contract -- <command>`: the event contract (AsyncAPI 3.0, libs/kafka/src/contract).
 *   generate  writes event-data.schemas.json from libs/kafka's payload types (after changing one of them)
 *   check     lists what the current contract breaks against the released baseline (npm test fails on the same)
 *   release   moves the baseline (released.asyncapi.json) to the current contract, on purpose (a breaking one only
 *             with CONTRACT_VERSION's major moved past the released one's)
 */
import { existsSync, writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import { buildAsyncApiDocument, CONTRACT_VERSION } from '../libs/kafka/src/contract/asyncapi';
import { breakingChanges, RELEASED_FILE, releasedContract } from '../libs/kafka/src/contract/compatibility';
import { DATA_SCHEMAS_FILE, generateDataSchemas } from '../libs/kafka/src/contract/generate-data-schemas';

async function writeJson(file: string, value: unknown): Promise<void> {
  writeFileSync(file, await format(JSON.stringify(value), { ...(await resolveConfig(file)), parser: 'json', filepath: file }));
  console.log(`wrote ${file}`);
}

async function main(command: string | undefined): Promise<number> {
  if (command === 'generate') {
    await writeJson(DATA_SCHEMAS_FILE, generateDataSchemas());
    return 0;
  }
  const breaking = existsSync(RELEASED_FILE) ? breakingChanges(releasedContract(), buildAsyncApiDocument()) : [];
  if (command === 'check') {
    for (const change of breaking) console.log(`BREAKING ${change}`);
    console.log(
      breaking.length ? `${breaking.length} breaking change(s) against the released contract` : 'compatible with the released contract',
    );
    return breaking.length ? 1 : 0;
  }
  if (command === 'release') {
    const major = (version: string) => Number(version.split('.')[0]);
    const released = existsSync(RELEASED_FILE) ? releasedContract().info.version : '0.0.0';
    if (breaking.length > 0 && major(CONTRACT_VERSION) <= major(released)) {
      for (const change of breaking) console.log(`BREAKING ${change}`);
      console.log(
        `a breaking release needs a new major version: CONTRACT_VERSION is ${CONTRACT_VERSION}, the released contract ${released}`,
      );
      return 1;
    }
    for (const change of breaking) console.log(`releasing a breaking change: ${change}`);
    await writeJson(RELEASED_FILE, buildAsyncApiDocument());
    return 0;
  }
  console.error('usage: npm run contract -- generate | check | release');
  return 2;
}

main(process.argv[2]).then((code) => process.exit(code));
