import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import { aptInstall, packageFile } from './apt';
import { recordedTool, recordTool, ToolName } from './installed-tools';
import { StackProfile } from './profile';
import { which } from './proc';
import { formatVersion, isAtLeast, javaMajorOf, mavenVersionOf } from './versions';

/** Kafka 4 runs on Java 17+. */
export const JAVA_MINIMUM = 17;
const JAVA_PACKAGE = 'openjdk-17-jre-headless';
/** maven-dependency-plugin 3.x (copy-dependencies) wants Maven 3.6.3+. */
export const MAVEN_MINIMUM = [3, 6, 3];

/** JAVA_HOME and PATH for Maven (its launcher looks for java there) when that java is not on PATH. */
export function javaEnv(java: string): NodeJS.ProcessEnv {
  const home = dirname(dirname(realpathSync(java)));
  return { ...process.env, JAVA_HOME: home, PATH: `${dirname(java)}:${process.env.PATH ?? ''}` };
}

function versionOutput(command: string, args: string[], env?: NodeJS.ProcessEnv): string {
  const result = spawnSync(command, args, { encoding: 'utf8', env, timeout: 30_000 });
  return `${result.stdout ?? ''}${result.stderr ?? ''}`;
}

const javaMajor = (java: string) => javaMajorOf(versionOutput(java, ['-version']));
const mavenVersion = (mvn: string, java: string) => mavenVersionOf(versionOutput(mvn, ['-v'], javaEnv(java)));

/** The first of: java on PATH, the one the stack installed; if it is Java 17+. */
export function findJava(p: StackProfile): string | undefined {
  return [which('java'), recordedTool(p, 'java')].find((java) => java && (javaMajor(java) ?? 0) >= JAVA_MINIMUM);
}

function findMaven(p: StackProfile, java: string): string | undefined {
  return [which('mvn'), recordedTool(p, 'mvn')].find((mvn) => mvn && isAtLeast(mavenVersion(mvn, java) ?? [0], MAVEN_MINIMUM));
}

/** Installs a tool from apt, finds it in the package's own files (not on PATH) and records where it is. */
function installTool(p: StackProfile, tool: ToolName, pkg: string, why: string, say: (m: string) => void): string {
  aptInstall([pkg], why, say);
  const path = packageFile(pkg, `/bin/${tool}`);
  if (!path) throw new Error(`apt-get installed ${pkg} but it holds no bin/${tool}`);
  recordTool(p, tool, path);
  say(`${tool}: ${path} (recorded in ${p.cacheDir})`);
  return path;
}

/** A Java 17+: the one on PATH if new enough, else openjdk-17-jre-headless from apt. */
export function ensureJava(p: StackProfile, say: (m: string) => void): string {
  const found = findJava(p);
  if (found) return found;
  const onPath = which('java');
  const why = onPath
    ? `Java ${JAVA_MINIMUM} (${onPath} is Java ${javaMajor(onPath) ?? '?'}, Kafka needs ${JAVA_MINIMUM}+)`
    : `Java ${JAVA_MINIMUM} (no java on PATH; Kafka needs ${JAVA_MINIMUM}+)`;
  const java = installTool(p, 'java', JAVA_PACKAGE, why, say);
  if ((javaMajor(java) ?? 0) < JAVA_MINIMUM) throw new Error(`${java} from ${JAVA_PACKAGE} is not Java ${JAVA_MINIMUM}+`);
  return java;
}

/** Maven 3.6.3+ (it resolves the broker's jars from Maven Central): the one on PATH if new enough, else apt's. */
export function ensureMaven(p: StackProfile, java: string, say: (m: string) => void): string {
  const found = findMaven(p, java);
  if (found) return found;
  const onPath = which('mvn');
  const minimum = formatVersion(MAVEN_MINIMUM);
  const why = onPath
    ? `Maven (${onPath} is ${formatVersion(mavenVersion(onPath, java) ?? [0])}, older than ${minimum})`
    : 'Maven (no mvn on PATH; it resolves the Kafka broker from Maven Central)';
  const mvn = installTool(p, 'mvn', 'maven', why, say);
  if (!isAtLeast(mavenVersion(mvn, java) ?? [0], MAVEN_MINIMUM)) throw new Error(`${mvn} from apt is older than Maven ${minimum}`);
  return mvn;
}
