/** How an order was paid, in words: online, on handover, or from her stored value at the shop (储值). */
import type { Dictionary } from '@/i18n/dictionary';

export function paymentMethodLabel(t: Dictionary, method: string): string {
  return method === 'ONLINE' ? t.orders.online : method === 'STORED_VALUE' ? t.storedValue.paid : t.orders.onHandover;
}
