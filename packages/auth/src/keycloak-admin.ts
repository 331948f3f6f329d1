import type { Logger } from 'pino';
import type { ServiceClient } from './service-client.js';

/**
 * Keycloak's admin REST API, as a service account holding realm-management `manage-users` (and
 * nothing else of it) uses it: the members subgraph deletes an erased member's login, the merchants
 * subgraph makes shop owners' and staff accounts. One module, so the adapter can be swapped.
 *
 * Unexpected answers (Keycloak down, a permission missing) throw `KeycloakAdminError`; what callers
 * decide on (a taken username, a password the realm's policy refuses) comes back as data.
 */
export interface KeycloakUser {
  id: string;
  username: string;
  email?: string;
  enabled: boolean;
  attributes?: Record<string, string[]>;
}

export interface NewKeycloakUser {
  username: string;
  email: string;
  enabled: boolean;
  emailVerified: boolean;
  firstName?: string;
  lastName?: string;
  /** e.g. alliance_id, merchant_ids: the realm lets only admins set them (ADMIN_EDIT), the token mappers read them. */
  attributes: Record<string, string[]>;
}

export type CreateUserResult = { created: true; id: string } | { created: false; reason: 'EXISTS' };
export type SetPasswordResult = { ok: true } | { ok: false; reason: string };

export interface KeycloakAdmin {
  findByUsername(username: string): Promise<KeycloakUser | null>;
  findByEmail(email: string): Promise<KeycloakUser | null>;
  /** `EXISTS`: the username or the email is taken (Keycloak answers 409 for either). */
  createUser(user: NewKeycloakUser): Promise<CreateUserResult>;
  /** Adds realm roles (adding one held already is a no-op). */
  addRealmRoles(userId: string, roles: readonly string[]): Promise<void>;
  realmRoles(userId: string): Promise<string[]>;
  /** A permanent password (not temporary): a refusal by the realm's password policy is `ok: false`. */
  setPassword(userId: string, password: string): Promise<SetPasswordResult>;
  /**
   * Adds a value to a multivalued attribute (merchant_ids). Read-modify-write of the whole user:
   * Keycloak has no atomic attribute append, and two admins changing one user's shops at the same
   * instant is rare enough (the next change repairs a lost one); tokens see it at the next sign-in.
   */
  addAttributeValue(userId: string, attribute: string, value: string): Promise<KeycloakUser>;
  /** True when the account is gone (deleted now, or already); failures are logged, not thrown. */
  deleteAccount(userId: string): Promise<boolean>;
}

export class KeycloakAdminError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'KeycloakAdminError';
  }
}

export interface KeycloakAdminOptions {
  /** The Keycloak base the service reaches (the back channel in containers). */
  keycloakUrl: string;
  realm: string;
  /** The service's own client-credentials token (ServiceClient.token). */
  client: Pick<ServiceClient, 'token'>;
  logger: Logger;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export function keycloakAdmin(o: KeycloakAdminOptions): KeycloakAdmin {
  const http = o.fetch ?? fetch;
  const timeoutMs = o.timeoutMs ?? 5_000;
  const users = `${o.keycloakUrl.replace(/\/$/, '')}/admin/realms/${encodeURIComponent(o.realm)}/users`;

  async function call(method: string, url: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${await o.client.token()}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return http(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
  }

  async function expect(res: Response, what: string, ...ok: number[]): Promise<Response> {
    if (ok.includes(res.status)) return res;
    const text = await res.text().catch(() => '');
    throw new KeycloakAdminError(`Keycloak refused to ${what}: ${res.status} ${text.slice(0, 200)}`, res.status);
  }

  async function findOne(query: Record<string, string>, matches: (u: KeycloakUser) => boolean): Promise<KeycloakUser | null> {
    const params = new URLSearchParams({ ...query, exact: 'true', briefRepresentation: 'false', max: '5' });
    const res = await expect(await call('GET', `${users}?${params}`), 'search users', 200);
    // `exact` still compares case-insensitively (Keycloak lowercases usernames and emails).
    return ((await res.json()) as KeycloakUser[]).find(matches) ?? null;
  }

  async function getUser(userId: string): Promise<Record<string, unknown> & KeycloakUser> {
    const res = await expect(await call('GET', `${users}/${encodeURIComponent(userId)}`), 'read a user', 200);
    return (await res.json()) as Record<string, unknown> & KeycloakUser;
  }

  return {
    findByUsername: (username) => findOne({ username }, (u) => u.username.toLowerCase() === username.toLowerCase()),
    findByEmail: (email) => findOne({ email }, (u) => (u.email ?? '').toLowerCase() === email.toLowerCase()),

    async createUser(user) {
      const res = await call('POST', users, user);
      if (res.status === 409) return { created: false, reason: 'EXISTS' };
      await expect(res, 'create a user', 201);
      const id = res.headers.get('location')?.split('/').at(-1);
      if (!id) throw new KeycloakAdminError('Keycloak created a user but did not say where');
      return { created: true, id };
    },

    async addRealmRoles(userId, roles) {
      const base = `${users}/${encodeURIComponent(userId)}/role-mappings/realm`;
      // The assignable roles with their ids (mapping needs the id); reading them needs no realm rights beyond manage-users.
      const available = (await (await expect(await call('GET', `${base}/available`), 'list assignable roles', 200)).json()) as { id: string; name: string }[];
      const held = new Set(await this.realmRoles(userId));
      const missing = roles.filter((r) => !held.has(r));
      if (!missing.length) return;
      const reps = missing.map((name) => {
        const rep = available.find((r) => r.name === name);
        if (!rep) throw new KeycloakAdminError(`the realm role ${name} does not exist or may not be assigned`);
        return rep;
      });
      await expect(await call('POST', base, reps), 'assign realm roles', 204);
    },

    async realmRoles(userId) {
      const res = await expect(await call('GET', `${users}/${encodeURIComponent(userId)}/role-mappings/realm`), 'read realm roles', 200);
      return ((await res.json()) as { name: string }[]).map((r) => r.name);
    },

    async setPassword(userId, password) {
      const res = await call('PUT', `${users}/${encodeURIComponent(userId)}/reset-password`, { type: 'password', value: password, temporary: false });
      if (res.status === 400) {
        // The realm's password policy: `{error, error_description}` names the rule.
        const body = (await res.json().catch(() => ({}))) as { error?: string; error_description?: string };
        return { ok: false, reason: body.error_description ?? body.error ?? 'the password does not meet the policy' };
      }
      await expect(res, 'set a password', 204);
      return { ok: true };
    },

    async addAttributeValue(userId, attribute, value) {
      const user = await getUser(userId);
      const attributes = { ...(user.attributes ?? {}) };
      const values = attributes[attribute] ?? [];
      if (values.includes(value)) return user;
      attributes[attribute] = [...values, value];
      // The whole representation goes back: with the declarative user profile a PUT replaces every attribute.
      await expect(await call('PUT', `${users}/${encodeURIComponent(userId)}`, { ...user, attributes }), 'update a user', 204);
      return { ...user, attributes };
    },

    async deleteAccount(userId) {
      try {
        const res = await call('DELETE', `${users}/${encodeURIComponent(userId)}`);
        if (res.ok || res.status === 404) return true;
        o.logger.warn({ status: res.status }, 'Keycloak refused to delete an account');
        return false;
      } catch (err) {
        o.logger.warn({ err }, 'Keycloak could not be asked to delete an account');
        return false;
      }
    },
  };
}
