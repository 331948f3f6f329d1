/**
 * `Payment.payParams`: the JSON the client opens the pay sheet with. The development sandbox answers
 * `{"payUrl": "/pay/sandbox/<checkoutId>"}`; WeChat Pay (JSAPI) answers the parameters of
 * `WeixinJSBridge.invoke('getBrandWCPayRequest', …)`, which only a page inside WeChat can use.
 */
export type PayTarget =
  | { kind: 'redirect'; url: string }
  | { kind: 'wechat'; params: Record<string, string> }
  | { kind: 'none' };

const WECHAT_KEYS = ['appId', 'timeStamp', 'nonceStr', 'package', 'signType', 'paySign'] as const;

/** A path on this site only: never another host (`//x`, `/\x`), a scheme or whitespace. */
const isSitePath = (v: string): boolean => /^\/(?![/\\])[^\s\\]*$/.test(v) && v.length <= 300;

export function payTargetOf(payParams: string | null | undefined): PayTarget {
  if (!payParams) return { kind: 'none' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(payParams);
  } catch {
    return { kind: 'none' };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { kind: 'none' };
  const o = parsed as Record<string, unknown>;
  if (typeof o.payUrl === 'string') return isSitePath(o.payUrl) ? { kind: 'redirect', url: o.payUrl } : { kind: 'none' };
  if (WECHAT_KEYS.every((k) => typeof o[k] === 'string' && o[k])) {
    return { kind: 'wechat', params: Object.fromEntries(WECHAT_KEYS.map((k) => [k, o[k] as string])) };
  }
  return { kind: 'none' };
}
