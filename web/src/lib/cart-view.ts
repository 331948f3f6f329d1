/**
 * One shape for the cart page, whether the lines live in the member's server cart (priced by the
 * server) or in the guest cookie (priced here from the catalogue as it is now). Pure.
 */
export interface ShopRefLike {
  id: string;
  name: string;
  kind: string;
  badge: string;
  neighborhood: string;
}

export interface CartLineVM {
  productId: string;
  /** The spec to send back with a quantity change (absent: the product's only one). */
  specId?: string;
  name: string;
  /** Shown only when the product is sold in several specs. */
  specName?: string;
  category: string;
  quantity: number;
  unitFen: number;
  /** The price when the line was added, when it differs from now. */
  oldUnitFen?: number;
  soldOut: boolean;
  unavailable: boolean;
  /** Stock of the line's spec, when known. */
  stock?: number;
  lineTotalFen: number;
}

export interface CartGroupVM {
  merchant: ShopRefLike;
  lines: CartLineVM[];
  subtotalFen: number;
}

export interface CartVM {
  groups: CartGroupVM[];
  unavailable: CartLineVM[];
  totalFen: number;
  totalQuantity: number;
  hasProblems: boolean;
}

/** What the view needs of the server's Cart (a structural subset of the gateway type). */
export interface ServerCart {
  totalQuantity: number;
  hasProblems: boolean;
  total: { amountFen: number };
  groups: readonly { merchant: ShopRefLike; subtotal: { amountFen: number }; lines: readonly ServerCartLine[] }[];
  unavailableLines: readonly ServerCartLine[];
}

export interface ServerCartLine {
  quantity: number;
  priceChanged: boolean;
  soldOut: boolean;
  unavailable: boolean;
  unitPrice: { amountFen: number };
  addedPrice: { amountFen: number };
  lineTotal: { amountFen: number };
  product: { id: string; name: string; category: string; specs: readonly { id: string }[] } | null;
  spec: { id: string; name: string; stock: number } | null;
}

function serverLine(l: ServerCartLine): CartLineVM | undefined {
  if (!l.product) return undefined;
  return {
    productId: l.product.id,
    ...(l.spec ? { specId: l.spec.id } : {}),
    name: l.product.name,
    ...(l.spec && l.product.specs.length > 1 ? { specName: l.spec.name } : {}),
    category: l.product.category,
    quantity: l.quantity,
    unitFen: l.unitPrice.amountFen,
    ...(l.priceChanged ? { oldUnitFen: l.addedPrice.amountFen } : {}),
    soldOut: l.soldOut,
    unavailable: l.unavailable,
    ...(l.spec ? { stock: l.spec.stock } : {}),
    lineTotalFen: l.lineTotal.amountFen,
  };
}

export function memberCartView(cart: ServerCart): CartVM {
  return {
    groups: cart.groups.map((g) => ({
      merchant: g.merchant,
      subtotalFen: g.subtotal.amountFen,
      lines: g.lines.map(serverLine).filter((l): l is CartLineVM => l !== undefined),
    })),
    unavailable: cart.unavailableLines.map(serverLine).filter((l): l is CartLineVM => l !== undefined),
    totalFen: cart.total.amountFen,
    totalQuantity: cart.totalQuantity,
    hasProblems: cart.hasProblems,
  };
}

export interface CatalogProduct {
  id: string;
  name: string;
  category: string;
  specs: readonly { id: string; name: string; stock: number; price: { amountFen: number } }[];
  merchant: ShopRefLike;
}

/** The guest cart priced as the catalogue is now; lines whose product or spec is gone are unavailable. */
export function guestCartView(lines: readonly { productId: string; specId?: string; quantity: number }[], products: ReadonlyMap<string, CatalogProduct | null>): CartVM {
  const groups = new Map<string, CartGroupVM>();
  const unavailable: CartLineVM[] = [];
  let totalFen = 0;
  let totalQuantity = 0;
  let hasProblems = false;
  for (const line of lines) {
    const product = products.get(line.productId) ?? null;
    const spec = product ? (line.specId ? product.specs.find((s) => s.id === line.specId) : product.specs.length === 1 ? product.specs[0] : undefined) : undefined;
    if (!product || !spec) {
      hasProblems = true;
      unavailable.push({
        productId: line.productId,
        ...(line.specId ? { specId: line.specId } : {}),
        name: product?.name ?? line.productId,
        category: product?.category ?? '',
        quantity: line.quantity,
        unitFen: 0,
        soldOut: false,
        unavailable: true,
        lineTotalFen: 0,
      });
      continue;
    }
    const vm: CartLineVM = {
      productId: product.id,
      specId: spec.id,
      name: product.name,
      ...(product.specs.length > 1 ? { specName: spec.name } : {}),
      category: product.category,
      quantity: line.quantity,
      unitFen: spec.price.amountFen,
      soldOut: spec.stock < line.quantity,
      unavailable: false,
      stock: spec.stock,
      lineTotalFen: spec.price.amountFen * line.quantity,
    };
    if (vm.soldOut) hasProblems = true;
    let group = groups.get(product.merchant.id);
    if (!group) {
      group = { merchant: product.merchant, lines: [], subtotalFen: 0 };
      groups.set(product.merchant.id, group);
    }
    group.lines.push(vm);
    group.subtotalFen += vm.lineTotalFen;
    totalFen += vm.lineTotalFen;
    totalQuantity += vm.quantity;
  }
  return { groups: [...groups.values()], unavailable, totalFen, totalQuantity, hasProblems };
}
