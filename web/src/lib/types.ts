/** Shapes of the gateway data the portal reads (subset of the supergraph). */
export interface Money {
  amountFen: number;
  currency: string;
}

export type MerchantKind = 'FRUIT' | 'BAKERY' | 'YOGURT_TEA' | 'MOTHER_BABY' | 'FRESH_MARKET' | 'HOUSEHOLD_SERVICE';

export interface MerchantSummary {
  id: string;
  name: string;
  kind: MerchantKind;
  neighborhood: string;
  badge: string;
}

export interface Merchant extends MerchantSummary {
  address: string;
  description: string;
}

export interface ProductSummary {
  id: string;
  name: string;
  unit: string;
  price: Money;
  stock: number;
  category: string;
  merchant: MerchantSummary;
}

export interface Product extends Omit<ProductSummary, 'merchant'> {
  description: string;
  merchant: Merchant;
}

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface ProductConnection {
  totalCount: number;
  edges: { cursor: string; node: ProductSummary }[];
  pageInfo: PageInfo;
}

export interface Category {
  code: string;
  name: string;
  nameEn: string;
  productCount: number;
}

export interface MemberSummary {
  id: string;
  displayName: string;
  username: string;
}

export interface MemberProfile extends MemberSummary {
  favoriteMerchants: MerchantSummary[];
}

export interface StorefrontFilter {
  merchantId?: string;
  category?: string;
  neighborhood?: string;
  search?: string;
}
