'use client';

import { useState } from 'react';
import type { SpecRowValues } from '@/lib/product-form';

/** An error the server placed on a row (`field` empty: the row as a whole), its text already in the page's language. */
export interface SpecRowError {
  field: string;
  code: string;
  text: string;
}

export interface SpecRowsLabels {
  specName: string;
  specNamePlaceholder: string;
  priceYuan: string;
  memberPriceYuan: string;
  memberPriceHint: string;
  stock: string;
  addSpec: string;
  removeSpec: string;
}

let nextKey = 0;

function Errors({ errors }: { errors: readonly SpecRowError[] }) {
  if (errors.length === 0) return null;
  return (
    <ul className="field-errors" role="alert">
      {errors.map((e, i) => (
        <li key={`${e.code}-${i}`} data-testid="field-error" data-code={e.code}>
          {e.text}
        </li>
      ))}
    </ul>
  );
}

/**
 * The product form's spec rows (规格), added and removed in the browser. Inputs are named by position
 * (`specs.<i>.price`), renumbered as rows go, so the form posts them in order like any other field; each
 * row keeps the errors the last save put on it.
 */
export function SpecRows({ initial, labels, max }: { initial: readonly { values: SpecRowValues; errors: SpecRowError[] }[]; labels: SpecRowsLabels; max: number }) {
  const [rows, setRows] = useState(() => initial.map((r) => ({ ...r, key: nextKey++ })));
  const at = (errors: readonly SpecRowError[], field: string) => errors.filter((e) => e.field === field);
  return (
    <div className="spec-rows" data-testid="spec-rows" data-count={rows.length}>
      {rows.map(({ key, values: v, errors }, i) => (
        <fieldset key={key} className="spec-row" data-testid="spec-row" data-spec-id={v.id}>
          <input type="hidden" name={`specs.${i}.id`} value={v.id} />
          <input type="hidden" name={`specs.${i}.stockWas`} value={v.stockWas} />
          <label className="field">
            <span className="small">{labels.specName}</span>
            <input name={`specs.${i}.name`} required maxLength={20} defaultValue={v.name} placeholder={labels.specNamePlaceholder} data-testid="spec-name" />
            <Errors errors={at(errors, 'name')} />
          </label>
          <label className="field">
            <span className="small">{labels.priceYuan}</span>
            <input name={`specs.${i}.price`} required inputMode="decimal" pattern="[¥￥]?\d{1,9}(\.\d{1,2})?" defaultValue={v.price} data-testid="spec-price" />
            <Errors errors={at(errors, 'priceFen')} />
          </label>
          <label className="field">
            <span className="small" title={labels.memberPriceHint}>
              {labels.memberPriceYuan}
            </span>
            <input name={`specs.${i}.memberPrice`} inputMode="decimal" pattern="[¥￥]?\d{1,9}(\.\d{1,2})?" defaultValue={v.memberPrice} placeholder={labels.memberPriceHint} data-testid="spec-member-price" />
            <Errors errors={at(errors, 'memberPriceFen')} />
          </label>
          <label className="field">
            <span className="small">{labels.stock}</span>
            <input name={`specs.${i}.stock`} required type="number" min={0} max={1_000_000} step={1} inputMode="numeric" defaultValue={v.stock} data-testid="spec-stock" />
            <Errors errors={at(errors, 'stock')} />
          </label>
          {rows.length > 1 && (
            <button type="button" className="button button-ghost button-sm" onClick={() => setRows((rs) => rs.filter((r) => r.key !== key))} data-testid="spec-remove">
              {labels.removeSpec}
            </button>
          )}
          <Errors errors={at(errors, '')} />
        </fieldset>
      ))}
      {rows.length < max && (
        <button type="button" className="button button-ghost button-sm" onClick={() => setRows((rs) => [...rs, { key: nextKey++, values: { id: '', name: '', price: '', memberPrice: '', stock: '0', stockWas: '' }, errors: [] }])} data-testid="spec-add">
          + {labels.addSpec}
        </button>
      )}
    </div>
  );
}
