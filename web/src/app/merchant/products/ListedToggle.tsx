import type { Dictionary } from '@/i18n/dictionary';

/** 上架 / 下架 of one product: a plain form posted to the catalogue's action route, back to `back`. */
export function ListedToggle({ t, productId, listed, back, testId }: { t: Dictionary; productId: string; listed: boolean; back: string; testId: string }) {
  const c = t.catalogue;
  return (
    <form method="post" action="/merchant/products/action" className="inline-form">
      <input type="hidden" name="op" value="listed" />
      <input type="hidden" name="productId" value={productId} />
      <input type="hidden" name="listed" value={listed ? 'false' : 'true'} />
      <input type="hidden" name="back" value={back} />
      <button type="submit" className={listed ? 'button button-ghost button-sm' : 'button button-sm'} data-testid={testId}>
        {listed ? c.delist : c.list}
      </button>
    </form>
  );
}
