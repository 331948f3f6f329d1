import { z } from 'zod';
import { createServiceClient, type ServiceClient } from '@alliance/auth';

/**
 * Settings of a service that calls other subgraphs' service commands with its own Keycloak service
 * account. The defaults are the development realm's `svc-<name>` client and its published secret,
 * which production refuses (refuseDevSecrets).
 */
export const devServiceSecret = (clientId: string) => `${clientId}-dev-secret`;

export function serviceClientEnv(name: string) {
  const clientId = `svc-${name}`;
  return {
    SERVICE_CLIENT_ID: z.string().regex(/^svc-[a-z0-9-]+$/).default(clientId),
    SERVICE_CLIENT_SECRET: z.string().min(16).default(devServiceSecret(clientId)),
  };
}

/** True when a service-account secret is one of the development realm's published ones. */
export function isDevServiceSecret(clientId: string, secret: string): boolean {
  return secret === devServiceSecret(clientId) || /^svc-[a-z0-9-]+-dev-secret$/.test(secret);
}

export interface ServiceClientConfig {
  KEYCLOAK_URL: string;
  KEYCLOAK_INTERNAL_URL?: string;
  KEYCLOAK_REALM: string;
  GATEWAY_SECRET: string;
  SERVICE_CLIENT_ID: string;
  SERVICE_CLIENT_SECRET: string;
}

/** The client a service uses to call `targets` (subgraph name → URL). */
export function serviceClientFromConfig(cfg: ServiceClientConfig, targets: Record<string, string>): ServiceClient {
  return createServiceClient({
    keycloakUrl: cfg.KEYCLOAK_INTERNAL_URL ?? cfg.KEYCLOAK_URL,
    realm: cfg.KEYCLOAK_REALM,
    clientId: cfg.SERVICE_CLIENT_ID,
    clientSecret: cfg.SERVICE_CLIENT_SECRET,
    signingSecret: cfg.GATEWAY_SECRET,
    targets,
  });
}
