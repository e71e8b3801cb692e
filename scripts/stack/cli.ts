import { appEnv, kafkaSaslEnv, PROFILE_NAMES, ProfileName, resolveProfile, tracingEnv } from './profile';
import { tail } from './proc';
import { logFileOf, ServiceName } from './service';
import { down, pauseService, restartService, resumeService, servicesOf, StackError, startService, status, stopService, up } from './stack';

const USAGE = `usage: npm run stack -- <up|down|status|logs|env|stop|start|restart|pause|resume> [service] [--profile dev|test|cluster] [--with jaeger]

  up       install what is missing, start Kafka, FerretDB and MariaDB, wait until each answers
           (--profile cluster: three Kafka nodes, RF 3, min.insync.replicas 2, on the test ports + 50)
           (--with jaeger, or STACK_JAEGER=1: Jaeger too, built from the Go module proxy on first use)
  down     stop the processes this profile started
  status   one line per service: ready / starting / stopped, pid, port, log file
  logs     the last lines of each service's log (or of one: logs kafka)
  env      the environment variables that point the apps at this stack
           (env --sasl: Kafka through the SASL/SCRAM-SHA-512 listeners, on each plaintext port + 6)
  stop     stop one service (kafka, ferretdb, mariadb; kafka-1..kafka-3 on the cluster), keeping its data
  start    start one stopped service and wait until it answers
  restart  stop then start one service
  pause    freeze one service with SIGSTOP (sockets stay open, nothing answers)
  resume   unfreeze it with SIGCONT`;

async function main(argv: string[]): Promise<number> {
  const [profileValue, withoutProfile] = optionOf(argv, '--profile');
  const [withValue, args] = optionOf(withoutProfile, '--with');
  const profileName = (profileValue ?? process.env.STACK_PROFILE ?? 'dev') as ProfileName;
  if (!PROFILE_NAMES.includes(profileName)) {
    console.error(`unknown profile "${profileName}" (${PROFILE_NAMES.join(', ')})\n${USAGE}`);
    return 2;
  }
  if (withValue !== undefined && withValue !== 'jaeger') {
    console.error(`--with takes "jaeger" (the one optional service), not "${withValue}"\n${USAGE}`);
    return 2;
  }
  const profile = resolveProfile(profileName, withValue ? { ...process.env, STACK_JAEGER: '1' } : process.env);
  const [command, serviceArg] = args;

  switch (command) {
    case 'up': {
      const started = Date.now();
      const result = await up(profile);
      if (result === 'started') console.log(`stack "${profile.name}" is up in ${((Date.now() - started) / 1000).toFixed(1)}s`);
      await printStatus(profile);
      return 0;
    }
    case 'down':
      await down(profile);
      console.log(`stack "${profile.name}" is down`);
      return 0;
    case 'status':
      return (await printStatus(profile)) ? 0 : 3;
    case 'logs': {
      const names = serviceArg ? [serviceArg as ServiceName] : servicesOf(profile).map((s) => s.name);
      for (const name of names) console.log(`== ${name}: ${logFileOf(profile, name)}\n${tail(logFileOf(profile, name), 40)}`);
      return 0;
    }
    case 'env': {
      const tracing = profile.jaeger.enabled ? tracingEnv(profile) : {};
      const sasl = serviceArg === '--sasl' ? kafkaSaslEnv(profile) : {};
      for (const [k, v] of Object.entries({ ...appEnv(profile), ...sasl, ...tracing })) console.log(`export ${k}=${JSON.stringify(v)}`);
      return 0;
    }
    case 'stop':
    case 'start':
    case 'restart':
    case 'pause':
    case 'resume': {
      if (!serviceArg) {
        console.error(`${command} needs a service name\n${USAGE}`);
        return 2;
      }
      const actions = { stop: stopService, start: startService, restart: restartService, pause: pauseService, resume: resumeService };
      await actions[command](profile, serviceArg);
      const done = { stop: 'stopped', start: 'started', restart: 'restarted', pause: 'paused', resume: 'resumed' };
      console.log(`${serviceArg}: ${done[command]}`);
      return 0;
    }
    default:
      console.error(USAGE);
      return command ? 2 : 0;
  }
}

/** `--name value` taken out of argv: [value or undefined, the other arguments]. */
function optionOf(argv: string[], name: string): [string | undefined, string[]] {
  const at = argv.indexOf(name);
  return at < 0 ? [undefined, argv] : [argv[at + 1], argv.filter((_, i) => i !== at && i !== at + 1)];
}

async function printStatus(profile: ReturnType<typeof resolveProfile>): Promise<boolean> {
  const rows = await status(profile);
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(9)} ${r.state.padEnd(9)} port ${String(r.port).padEnd(6)} pid ${String(r.pid ?? '-').padEnd(8)} log ${r.log}`,
    );
  }
  return rows.every((r) => r.state === 'ready');
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof StackError ? `stack failed: ${err.message}` : err);
    process.exit(1);
  },
);
