/**
 * `npm start`: the whole alliance on this machine. FerretDB, NATS and Keycloak are provisioned on first run
 * and SeaweedFS (MONGODB_URI / NATS_URL / KEYCLOAK_URL / S3_ENDPOINT use existing servers instead); `npm start -- --reset` starts from empty data.
 */
import { DATA_DIR } from './paths.js';
import { LaunchError, step } from './log.js';
import { onShutdownSignals, stopAll } from './processes.js';
import { DEV_PORTS, startStack } from './stack.js';

const args = new Set(process.argv.slice(2));
if (args.has('--help') || args.has('-h')) {
  console.log('Usage: npm start [-- --reset]\n  --reset   start from empty data (embedded FerretDB/NATS/Keycloak/SeaweedFS data, or drop the MONGODB_URI database)\nEnv: MONGODB_URI, NATS_URL, KEYCLOAK_URL, S3_ENDPOINT (with S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY) to use existing servers.');
  process.exit(0);
}

let stopping: Promise<void> | null = null;
/** One shutdown, however many times it is asked for (Ctrl-C while a start-up step is failing). */
async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    step('Stopping every service this launcher started…');
    stopping = stopAll();
  }
  await stopping;
  process.exit(code);
}
onShutdownSignals(() => shutdown(0), 0);

try {
  const stack = await startStack({
    ports: DEV_PORTS,
    mongodbUri: process.env.MONGODB_URI || undefined,
    natsUrl: process.env.NATS_URL || undefined,
    keycloakUrl: process.env.KEYCLOAK_URL || undefined,
    s3Endpoint: process.env.S3_ENDPOINT || undefined,
    dataDir: DATA_DIR,
    database: 'alliance',
    reset: args.has('--reset'),
    web: true,
    echo: true,
    seed: true,
  });
  console.log(`
\x1b[1m邻里联盟 · Neighbourhood Alliance is running\x1b[0m
  Portal      ${stack.portalUrl}
  GraphQL     ${stack.gatewayUrl}
  Keycloak    ${stack.keycloakUrl}  (realm alliance)
  Database    ${stack.mongodbUri}
  NATS        ${stack.natsUrl}${process.env.NATS_URL ? '' : `  (JetStream; monitoring http://localhost:${DEV_PORTS.natsMonitor})`}
  Photos (S3) ${stack.s3Endpoint}${process.env.S3_ENDPOINT ? '' : '  (SeaweedFS)'}

  Demo logins (password demo1234):
    alice, bob       shoppers
    fruit-owner      merchant owner, 鲜果时光水果店
    bakery-owner     merchant owner, 麦香坊烘焙
    admin            alliance admin
    leader, leader2  group leaders (团长) of the pickup points of 翠苑一区 and 文新小区
  Tokens for scripts: client alliance-cli (dev realm only), e.g.
    curl -d grant_type=password -d client_id=alliance-cli -d username=alice -d password=demo1234 \\
      ${stack.keycloakUrl}/realms/alliance/protocol/openid-connect/token

Logs: .data/logs/   Ctrl-C stops everything.
`);
} catch (err) {
  console.error(`\n\x1b[31m✖ ${err instanceof LaunchError || err instanceof Error ? err.message : String(err)}\x1b[0m`);
  await shutdown(1);
}
