import type { ServiceClient } from '@alliance/auth';
import type { Logger } from 'pino';

/** The identity provider's side of an erasure: her login goes. */
export interface AccountAdmin {
  /** True when the account is gone (deleted now, or already). */
  deleteAccount(subject: string): Promise<boolean>;
}

/**
 * Keycloak's admin REST API with the members service account (which holds realm-management's
 * `manage-users`, and nothing else of it).
 */
export function keycloakAccountAdmin(o: { keycloakUrl: string; realm: string; client: ServiceClient; logger: Logger }): AccountAdmin {
  const base = `${o.keycloakUrl.replace(/\/$/, '')}/admin/realms/${encodeURIComponent(o.realm)}/users`;
  return {
    async deleteAccount(subject) {
      try {
        const res = await fetch(`${base}/${encodeURIComponent(subject)}`, { method: 'DELETE', headers: { authorization: `Bearer ${await o.client.token()}` } });
        if (res.ok || res.status === 404) return true;
        o.logger.warn({ status: res.status }, 'Keycloak refused to delete an erased member’s account');
        return false;
      } catch (err) {
        o.logger.warn({ err }, 'Keycloak could not be asked to delete an erased member’s account');
        return false;
      }
    },
  };
}
