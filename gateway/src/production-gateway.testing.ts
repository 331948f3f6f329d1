import type { TestEnv } from '@alliance/testing';
import { readConfig } from './config.js';
import { startGateway } from './server.js';

/** A second gateway in production mode over the test stack's subgraphs (API tests of the hardening rules). */
export function startProductionGateway(env: TestEnv): Promise<{ url: string; stop: () => Promise<void> }> {
  return startGateway(
    readConfig({
      NODE_ENV: 'production',
      PORT: '0',
      LOG_LEVEL: 'silent',
      GATEWAY_SECRET: env.gatewaySecret,
      KEYCLOAK_URL: env.keycloakUrl,
      MERCHANTS_URL: env.merchantsUrl,
      MEMBERS_URL: env.membersUrl,
      PROMOTIONS_URL: env.promotionsUrl,
      COMMISSIONS_URL: env.commissionsUrl,
    }),
  );
}
