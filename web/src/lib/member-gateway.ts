/** Gateway calls that only make sense for a signed-in member (server-only). */
import { getAccessToken } from './auth';
import { GatewayError, gql } from './gateway';

export async function memberGql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const token = await getAccessToken();
  if (!token) throw new GatewayError('UNAUTHENTICATED', 'not signed in');
  return gql<T>(query, variables, { token });
}

