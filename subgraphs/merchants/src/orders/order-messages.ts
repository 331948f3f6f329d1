import type { MessageKind } from '../inbox/notifier.js';
import type { OrderState } from './order.rules.js';

const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

/** The inbox text of each notice, in Chinese (the shoppers' language; the portal shows it as written). */
export function messageText(kind: MessageKind, order: OrderState, amountFen?: number | null): { title: string; body: string } {
  const what = order.lines.map((l) => l.productName).join('、');
  switch (kind) {
    case 'ORDER_READY':
      return { title: '订单已备好', body: `${what} 已打包，${order.fulfilment.kind === 'PICKUP' ? '正在送往自提点' : '即将配送'}。` };
    case 'ORDER_AT_PICKUP_POINT':
      return { title: '订单已到自提点', body: `${what} 已到自提点，凭取货码 ${order.pickupCode} 取货。` };
    case 'ORDER_PICKED_UP':
      return { title: '订单已取货', body: `${what} 已取货。如有问题，7 天内可申请售后。` };
    case 'ORDER_DELIVERED':
      return { title: '订单已送达', body: `${what} 已送达。如有问题，7 天内可申请售后。` };
    case 'ORDER_CANCELLED':
      return { title: '订单已取消', body: `${what} 的订单已取消${order.paid && order.paymentMethod === 'ONLINE' ? '，款项将原路退回' : ''}。` };
    case 'REFUND_DECIDED':
      return amountFen
        ? { title: '退款已同意', body: `${what} 的退款 ${yuan(amountFen)} 已同意，将原路退回。` }
        : { title: '退款申请未通过', body: `${what} 的退款申请未通过，可申请联盟平台介入。` };
  }
}
