import { hasRole, isShopStaff, type Principal } from '@alliance/auth';
import type { Actor, OrderState } from './order.rules.js';

/**
 * Who may see and move an order. A shopper: her own. Shop owner/staff: their shop's. A group leader:
 * the orders at the pickup points they run. An alliance admin: every order of the alliance (the
 * tenant is part of every key, so another alliance's orders are never even read).
 */
export { isShopStaff };

export function rolesOn(p: Principal | null, order: OrderState, ledPointIds: ReadonlySet<string>): Set<Actor> {
  const roles = new Set<Actor>();
  if (!p || p.service) return roles;
  if (order.buyer.subject === p.subject) roles.add('SHOPPER');
  if (isShopStaff(p, order.merchantId)) roles.add('SHOP');
  if (hasRole(p, 'group-leader') && order.fulfilment.kind === 'PICKUP' && ledPointIds.has(order.fulfilment.pickupPointId)) roles.add('LEADER');
  if (hasRole(p, 'alliance-admin')) roles.add('ADMIN');
  return roles;
}
