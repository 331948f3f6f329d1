import type { NextRequest } from 'next/server';
import { removeProductImage, saveProduct, setProductListed } from '@/lib/catalogue-api';
import { handleForm, text } from '@/lib/form-post';
import { flashValuesOf, productFormValuesOf, productInputOf } from '@/lib/product-form';

export const dynamic = 'force-dynamic';

/**
 * The catalogue's forms: `save` creates or updates a product (a refused save goes back to the form with
 * each userError on its field and what was typed), `listed` is 上架/下架, `removeImage` takes a photo off.
 * The merchants subgraph decides everything; a new product's page follows its creation (to add photos).
 */
export function POST(request: NextRequest) {
  return handleForm(request, '/merchant/products', async (form, back) => {
    const op = text(form, 'op', 20);
    const productId = text(form, 'productId', 80);
    if (op === 'listed') {
      const listed = text(form, 'listed', 5) === 'true';
      const r = await setProductListed(productId, listed);
      return { to: back, flash: r.userErrors.length ? { errors: r.userErrors } : { ok: listed ? 'listed' : 'delisted' } };
    }
    if (op === 'removeImage') {
      const r = await removeProductImage(productId, text(form, 'imageId', 80));
      return { to: back, flash: r.userErrors.length ? { errors: r.userErrors } : { ok: 'imageRemoved' } };
    }
    const merchantId = text(form, 'merchantId', 80);
    const values = productFormValuesOf(form);
    const { input, errors } = productInputOf(merchantId, values, !productId);
    if (!input) return { to: back, flash: { errors, values: flashValuesOf(values) } };
    const r = await saveProduct(productId || null, input);
    if (r.userErrors.length || !r.product) return { to: back, flash: { errors: r.userErrors, values: flashValuesOf(values) } };
    const page = `/merchant/products/${encodeURIComponent(r.product.id)}?shop=${encodeURIComponent(merchantId)}`;
    return { to: page, flash: { ok: productId ? 'saved' : 'created' } };
  });
}
