/**
 * Shapes of the gateway data the portal reads, named for the components that show them. Each is the
 * generated type of the fragment or operation that fetches it (lib/generated/operations.ts, written by
 * `npm run codegen` from the queries in lib/api.ts), so a query and its type cannot drift apart.
 */
import type {
  CategoryFieldsFragment,
  MerchantSummaryFragment,
  PortalMeQuery,
  PortalMemberProfileQuery,
  ProductSummaryFragment,
} from './generated/operations';

export type { MerchantKind, StorefrontFilter } from './generated/operations';

export type MerchantSummary = MerchantSummaryFragment;
export type ProductSummary = ProductSummaryFragment;
export type Category = CategoryFieldsFragment;
export type MemberSummary = PortalMeQuery['me'];

/** The member page's view: shops that left the alliance (null entries) are left out. */
export type MemberProfile = Omit<PortalMemberProfileQuery['me'], 'favoriteMerchants'> & { favoriteMerchants: MerchantSummary[] };
