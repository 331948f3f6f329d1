import { FieldErrors, FlashNotice, userErrorText } from '@/components/Notices';
import { SpecRows } from '@/components/SpecRows';
import type { Dictionary, Lang } from '@/i18n/dictionary';
import type { CategoryOption } from '@/lib/catalogue-api';
import type { Flash } from '@/lib/flash';
import { LIMITS, EMPTY_SPEC, type ProductFormValues } from '@/lib/product-form';
import { errorsAt, unclaimedErrors } from '@/lib/user-errors';
import { ActionForm } from '@/components/ActionForm';

const TOP_FIELDS = ['name', 'description', 'category', 'unit'] as const;

/**
 * The product's details and specs, posted to /merchant/products/action (op save). After a refused save
 * the page passes what was typed and the errors: each shows beside its field, a spec's beside its row's.
 */
export function ProductForm({ t, lang, merchantId, productId, values, flash, categories, back }: { t: Dictionary; lang: Lang; merchantId: string; productId: string | null; values: ProductFormValues; flash: Flash | undefined; categories: readonly CategoryOption[]; back: string }) {
  const c = t.catalogue;
  const f = c.form;
  const errors = flash?.errors ?? [];
  const messages = c.errors;
  const specs = values.specs.length ? values.specs : [EMPTY_SPEC];
  const specErrors = (i: number) =>
    errorsAt(errors, 'input', 'specs', i).map((e) => ({ field: e.field?.[3] ?? '', code: e.code, text: userErrorText(t, e, messages) }));
  const unclaimed = unclaimedErrors(errors, [...TOP_FIELDS.map((k) => ['input', k]), ['input', 'specs']]);
  return (
    <ActionForm action="/merchant/products/action" className="panel stack-form product-form" data-testid="product-form" fields={{ op: 'save', merchantId, productId: productId ?? '', back }}>
      <FlashNotice t={t} flash={flash} ok={c.ok} unclaimed={unclaimed} messages={messages} />
      <label className="field">
        <span>{f.name}</span>
        <input name="name" required maxLength={LIMITS.name} defaultValue={values.name} data-testid="product-name-input" />
        <FieldErrors t={t} errors={errorsAt(errors, 'input', 'name')} messages={messages} />
      </label>
      <label className="field">
        <span>{f.category}</span>
        <select name="category" required defaultValue={values.category} data-testid="product-category">
          <option value="" disabled>
            {f.chooseCategory}
          </option>
          {categories.map((cat) => (
            <option key={cat.code} value={cat.code}>
              {lang === 'en' ? cat.nameEn : cat.name}
            </option>
          ))}
        </select>
        <FieldErrors t={t} errors={errorsAt(errors, 'input', 'category')} messages={messages} />
      </label>
      <label className="field">
        <span>
          {f.unit} <span className="small muted">{f.unitHint}</span>
        </span>
        <input name="unit" required maxLength={LIMITS.unit} defaultValue={values.unit} data-testid="product-unit" />
        <FieldErrors t={t} errors={errorsAt(errors, 'input', 'unit')} messages={messages} />
      </label>
      <label className="field">
        <span>{f.description}</span>
        <textarea name="description" rows={4} maxLength={LIMITS.description} defaultValue={values.description} data-testid="product-description" />
        {flash?.values?.descriptionDropped && <span className="small warn">{f.descriptionDropped}</span>}
        <FieldErrors t={t} errors={errorsAt(errors, 'input', 'description')} messages={messages} />
      </label>
      <fieldset className="field">
        <legend>
          {f.specs} <span className="small muted">{f.specsHint}</span>
        </legend>
        <SpecRows
          initial={specs.map((v, i) => ({ values: v, errors: specErrors(i) }))}
          max={LIMITS.specs}
          labels={{ specName: f.specName, specNamePlaceholder: f.specNamePlaceholder, priceYuan: f.priceYuan, memberPriceYuan: f.memberPriceYuan, memberPriceHint: f.memberPriceHint, stock: f.stock, addSpec: f.addSpec, removeSpec: f.removeSpec }}
        />
        <FieldErrors t={t} errors={errors.filter((e) => (e.field ?? []).join('.') === 'input.specs')} messages={messages} />
      </fieldset>
      {productId === null && (
        <label className="small">
          <input type="checkbox" name="listed" defaultChecked={values.listed} data-testid="product-listed" /> {f.listNow}
        </label>
      )}
      <button type="submit" className="button" data-testid="product-save">
        {productId === null ? f.create : f.save}
      </button>
    </ActionForm>
  );
}
