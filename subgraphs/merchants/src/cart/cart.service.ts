import { DomainError, type UserError } from '@alliance/runtime/domain-error';
import type { RequestContext } from '@alliance/runtime/request-context';
import type { CatalogProduct } from '../catalog/catalog.projection.js';
import type { CatalogView } from '../catalog/catalog.service.js';
import { isMember, pickSpec, unitPriceFor, type Spec } from '../catalog/spec.rules.js';
import { isOnSale, notOnSaleError } from '../catalog/on-sale.rules.js';
import type { CartRepository } from './cart.repository.js';
import { decideSet, quantityProblems, viewCart, type CartFact, type CartLineState, type CartLineView, type CartView } from './cart.rules.js';

export interface CartLineInput {
  productId: string;
  specId?: string | null;
  quantity: number;
}

export type CartItem = { product: CatalogProduct; spec: Spec };
export type Cart = CartView<CartItem>;
export type CartGroupModel = Cart['groups'][number];
export type CartLineModel = CartLineView<CartItem>;

export interface CartPayload {
  cart: Cart | null;
  userErrors: UserError[];
}

/** The signed-in member's cart, priced from the catalogue as it is now. */
export class CartService {
  constructor(
    private readonly request: RequestContext,
    private readonly carts: CartRepository,
    private readonly catalog: CatalogView,
  ) {}

  /** What a unit costs her: a cart is signed in, so the member price where there is one. */
  private unitPrice(spec: Spec): number {
    return unitPriceFor(spec, isMember(this.request.principal));
  }

  private subject(): string {
    const p = this.request.principal;
    if (!p) throw DomainError.unauthenticated('Sign in to keep a cart');
    return p.subject;
  }

  async cart(): Promise<Cart> {
    return this.view(await this.carts.lines(this.request.allianceId, this.subject()));
  }

  /** Adds `quantity` of a product (its spec named, or its only one) to what the cart holds. */
  add(input: CartLineInput): Promise<CartPayload> {
    return this.setLine(input, true);
  }

  /** The line now holds exactly `quantity`; 0 removes it. */
  setQuantity(input: CartLineInput): Promise<CartPayload> {
    return this.setLine(input, false);
  }

  /** The portal's anonymous cart, merged at login: each line adds to what the member's cart holds. */
  async merge(inputs: readonly CartLineInput[]): Promise<CartPayload> {
    const userErrors: UserError[] = [];
    for (const [i, input] of inputs.slice(0, 50).entries()) {
      const r = await this.setLine(input, true, ['lines', String(i)]);
      userErrors.push(...r.userErrors);
    }
    return { cart: await this.cart(), userErrors };
  }

  async clear(): Promise<CartPayload> {
    const lines = await this.carts.change(this.request.allianceId, this.subject(), (current): CartFact | null => (current.length ? { cleared: true } : null));
    return { cart: await this.view(lines), userErrors: [] };
  }

  private async setLine(input: CartLineInput, add: boolean, at: string[] = []): Promise<CartPayload> {
    const subject = this.subject();
    const problems = quantityProblems(input.quantity, [...at, 'quantity'], !add);
    if (problems.length) return { cart: await this.cart(), userErrors: problems };
    const catalog = await this.catalog();
    const product = catalog.product(input.productId);
    if (!product) return { cart: await this.cart(), userErrors: [{ code: 'UNKNOWN_PRODUCT', message: 'No such product in this alliance', field: [...at, 'productId'] }] };
    const notOnSale = notOnSaleError(product, catalog.merchant(product.merchantId), [...at, 'productId']);
    if (notOnSale) return { cart: await this.cart(), userErrors: [notOnSale] };
    const picked = pickSpec(product.specs, input.specId, [...at, 'specId']);
    if ('error' in picked) return { cart: await this.cart(), userErrors: [picked.error] };
    let refused: UserError | null = null;
    const lines = await this.carts.change(this.request.allianceId, subject, (current) => {
      const existing = current.find((l) => l.productId === product.id && l.specId === picked.spec.id);
      const quantity = add ? (existing?.quantity ?? 0) + input.quantity : input.quantity;
      const decision = decideSet(current, { productId: product.id, specId: picked.spec.id, quantity, addedPriceFen: this.unitPrice(picked.spec) });
      if ('error' in decision) {
        refused = decision.error;
        return null;
      }
      return decision.fact;
    });
    return { cart: await this.view(lines), userErrors: refused ? [refused] : [] };
  }

  private async view(lines: readonly CartLineState[]): Promise<Cart> {
    const catalog = await this.catalog();
    return viewCart<CartItem>(lines, (line) => {
      // A line of a product no longer on sale (delisted, or its shop suspended) shows as unavailable.
      const product = catalog.product(line.productId);
      const spec = product && isOnSale(product, catalog.merchant(product.merchantId)) ? product.specs.find((s) => s.id === line.specId) : undefined;
      return product && spec ? { product, spec, merchantId: product.merchantId, priceFen: this.unitPrice(spec), stock: spec.stock } : null;
    });
  }
}
