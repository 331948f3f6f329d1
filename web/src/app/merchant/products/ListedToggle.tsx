import type { Dictionary } from '@/i18n/dictionary';
import { ActionForm } from '@/components/ActionForm';

/** 上架 / 下架 of one product: a plain form posted to the catalogue's action route, back to `back`. */
export function ListedToggle({ t, productId, listed, back, testId }: { t: Dictionary; productId: string; listed: boolean; back: string; testId: string }) {
  const c = t.catalogue;
  return (
    <ActionForm action="/merchant/products/action" className="inline-form" fields={{ op: 'listed', productId, listed: listed ? 'false' : 'true', back }}>
      <button type="submit" className={listed ? 'button button-ghost button-sm' : 'button button-sm'} data-testid={testId}>
        {listed ? c.delist : c.list}
      </button>
    </ActionForm>
  );
}
