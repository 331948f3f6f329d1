import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the launcher keeps things: downloads/builds in a user cache, runtime data in the repo (git-ignored). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CACHE_DIR = process.env.ALLIANCE_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'alliance');
export const DATA_DIR = path.join(REPO_ROOT, '.data');
export const REALM_FILE = path.join(REPO_ROOT, 'deploy/keycloak/alliance-realm.json');

export const FERRETDB_VERSION = 'v1.24.2';
export const KEYCLOAK_VERSION = '26.7.3';
/** NATS JetStream, built from its Go module like FerretDB; the newest release that builds on our Go (1.26). */
export const NATS_SERVER_VERSION = 'v2.15.2';
/** SeaweedFS (S3-compatible photo storage), built from its Go module; it publishes no semver tags on the proxy. */
export const SEAWEEDFS_VERSION = 'v0.0.0-20261109003541-7506e5f91cd6';
