/**
 * A shop's own catalogue (商品, server-only): its products listed and delisted, the product form's
 * mutations, photo and sheet uploads, and the sheet downloads. The merchants subgraph checks that the
 * caller works for the shop and that the shop is active; these are thin calls.
 */
import { SHOP_REF } from './fragments';
import { memberGql } from './member-gateway';
import type {
  PortalAttachProductImageMutation,
  PortalCatalogueShopQuery,
  PortalCreateFileUploadMutation,
  PortalCreateImageUploadMutation,
  PortalCreateProductMutation,
  PortalEditProductQuery,
  PortalExportProductsQuery,
  PortalImportProductsMutation,
  PortalProductSheetTemplateQuery,
  PortalRemoveProductImageMutation,
  PortalSetProductListedMutation,
  PortalShopCatalogueQuery,
  PortalUpdateProductMutation,
  ProductInput,
} from './generated/operations';

export const IMAGE_VIEW = /* GraphQL */ `
  fragment ImageView on Image { id url width height srcset }
`;

const CATALOGUE_PRODUCT = /* GraphQL */ `
  fragment CatalogueProduct on Product {
    id name description unit category listed stock
    price { amountFen } memberPrice { amountFen }
    specs { id name stock price { amountFen } memberPrice { amountFen } }
    images { ...ImageView }
  }
`;

const SHOP_CATALOGUE = /* GraphQL */ `
  query PortalShopCatalogue($id: ID!, $first: Int!, $after: String) {
    merchant(id: $id) {
      ...ShopRef status
      catalogue(first: $first, after: $after) {
        totalCount
        edges { node { ...CatalogueProduct } }
        pageInfo { hasNextPage endCursor }
      }
    }
    categories { code name nameEn }
  }
  ${SHOP_REF}
  ${CATALOGUE_PRODUCT}
  ${IMAGE_VIEW}
`;

export type ShopCatalogueView = NonNullable<PortalShopCatalogueQuery['merchant']>;
export type CatalogueProductView = ShopCatalogueView['catalogue']['edges'][number]['node'];
export type CategoryOption = PortalShopCatalogueQuery['categories'][number];

/** The shop (null: unknown) with a page of its whole catalogue, and the categories a product may be in. */
export async function getShopCatalogue(merchantId: string, first: number, after: string | null): Promise<{ shop: ShopCatalogueView | null; categories: CategoryOption[] }> {
  const data = await memberGql<PortalShopCatalogueQuery>(SHOP_CATALOGUE, { id: merchantId, first, after });
  return { shop: data.merchant, categories: data.categories };
}

const CATALOGUE_SHOP = /* GraphQL */ `
  query PortalCatalogueShop($id: ID!) {
    merchant(id: $id) { ...ShopRef status }
    categories { code name nameEn }
  }
  ${SHOP_REF}
`;

/** The shop (null: unknown) and the categories, for a new product's form. */
export async function getCatalogueShop(merchantId: string): Promise<{ shop: EditShopView | null; categories: CategoryOption[] }> {
  const data = await memberGql<PortalCatalogueShopQuery>(CATALOGUE_SHOP, { id: merchantId });
  return { shop: data.merchant, categories: data.categories };
}

const EDIT_PRODUCT = /* GraphQL */ `
  query PortalEditProduct($id: ID!, $merchantId: ID!) {
    product(id: $id) { ...CatalogueProduct merchant { id } }
    merchant(id: $merchantId) { ...ShopRef status }
    categories { code name nameEn }
  }
  ${SHOP_REF}
  ${CATALOGUE_PRODUCT}
  ${IMAGE_VIEW}
`;

export type EditProductView = NonNullable<PortalEditProductQuery['product']>;
export type EditShopView = NonNullable<PortalEditProductQuery['merchant']>;

/** The product to edit (null when unknown or not this shop's), its shop and the categories. */
export async function getEditProduct(productId: string, merchantId: string): Promise<{ product: EditProductView | null; shop: EditShopView | null; categories: CategoryOption[] }> {
  const data = await memberGql<PortalEditProductQuery>(EDIT_PRODUCT, { id: productId, merchantId });
  const product = data.product && data.product.merchant.id === merchantId ? data.product : null;
  return { product, shop: data.merchant, categories: data.categories };
}

// Whole operations, no interpolated fields: codegen reads these templates as written.
const CREATE_PRODUCT = /* GraphQL */ `
  mutation PortalCreateProduct($input: ProductInput!) { createProduct(input: $input) { product { id } userErrors { code message field } } }
`;
const UPDATE_PRODUCT = /* GraphQL */ `
  mutation PortalUpdateProduct($id: ID!, $input: ProductInput!) { updateProduct(id: $id, input: $input) { product { id } userErrors { code message field } } }
`;
const SET_LISTED = /* GraphQL */ `
  mutation PortalSetProductListed($id: ID!, $listed: Boolean!) { setProductListed(id: $id, listed: $listed) { product { id } userErrors { code message field } } }
`;
const REMOVE_IMAGE = /* GraphQL */ `
  mutation PortalRemoveProductImage($productId: ID!, $imageId: ID!) { removeProductImage(productId: $productId, imageId: $imageId) { product { id } userErrors { code message field } } }
`;

export type ProductPayloadView = PortalCreateProductMutation['createProduct'];

/** Creates the product (no id) or replaces its details and specs. */
export async function saveProduct(id: string | null, input: ProductInput): Promise<ProductPayloadView> {
  if (id === null) return (await memberGql<PortalCreateProductMutation>(CREATE_PRODUCT, { input })).createProduct;
  return (await memberGql<PortalUpdateProductMutation>(UPDATE_PRODUCT, { id, input })).updateProduct;
}

/** 上架 / 下架. */
export async function setProductListed(id: string, listed: boolean): Promise<ProductPayloadView> {
  return (await memberGql<PortalSetProductListedMutation>(SET_LISTED, { id, listed })).setProductListed;
}

export async function removeProductImage(productId: string, imageId: string): Promise<ProductPayloadView> {
  return (await memberGql<PortalRemoveProductImageMutation>(REMOVE_IMAGE, { productId, imageId })).removeProductImage;
}

const CREATE_IMAGE_UPLOAD = /* GraphQL */ `
  mutation PortalCreateImageUpload($productId: ID!, $contentType: String!, $bytes: Int!) {
    createImageUpload(productId: $productId, contentType: $contentType, bytes: $bytes) { upload { id url method headers { name value } } userErrors { code message field } }
  }
`;
const CREATE_SHEET_UPLOAD = /* GraphQL */ `
  mutation PortalCreateFileUpload($merchantId: ID!, $contentType: String!, $bytes: Int!) {
    createFileUpload(merchantId: $merchantId, purpose: PRODUCT_IMPORT, contentType: $contentType, bytes: $bytes) { upload { id url method headers { name value } } userErrors { code message field } }
  }
`;

export type UploadPayloadView = PortalCreateImageUploadMutation['createImageUpload'];

/** A presigned PUT for one photo of the product. */
export async function createImageUpload(productId: string, contentType: string, bytes: number): Promise<UploadPayloadView> {
  return (await memberGql<PortalCreateImageUploadMutation>(CREATE_IMAGE_UPLOAD, { productId, contentType, bytes })).createImageUpload;
}

/** A presigned PUT for a product sheet to import into the shop. */
export async function createSheetUpload(merchantId: string, contentType: string, bytes: number): Promise<UploadPayloadView> {
  return (await memberGql<PortalCreateFileUploadMutation>(CREATE_SHEET_UPLOAD, { merchantId, contentType, bytes })).createFileUpload;
}

const ATTACH_IMAGE = /* GraphQL */ `
  mutation PortalAttachProductImage($productId: ID!, $uploadId: ID!) {
    attachProductImage(productId: $productId, uploadId: $uploadId) { product { id images { ...ImageView } } userErrors { code message field } }
  }
  ${IMAGE_VIEW}
`;

export type AttachPayloadView = PortalAttachProductImageMutation['attachProductImage'];

/** The uploaded photo checked again, resized and added to the product. */
export async function attachProductImage(productId: string, uploadId: string): Promise<AttachPayloadView> {
  return (await memberGql<PortalAttachProductImageMutation>(ATTACH_IMAGE, { productId, uploadId })).attachProductImage;
}

const IMPORT_PRODUCTS = /* GraphQL */ `
  mutation PortalImportProducts($merchantId: ID!, $uploadId: ID!) {
    importProducts(merchantId: $merchantId, uploadId: $uploadId) {
      result { rows created skipped errors { row column code message } }
      userErrors { code message field }
    }
  }
`;

export type ImportPayloadView = PortalImportProductsMutation['importProducts'];

export async function importProducts(merchantId: string, uploadId: string): Promise<ImportPayloadView> {
  return (await memberGql<PortalImportProductsMutation>(IMPORT_PRODUCTS, { merchantId, uploadId })).importProducts;
}

const TEMPLATE = /* GraphQL */ `
  query PortalProductSheetTemplate { productSheetTemplate { url filename } }
`;
const EXPORT = /* GraphQL */ `
  query PortalExportProducts($merchantId: ID!) { exportProducts(merchantId: $merchantId) { url filename } }
`;

/** A short-lived download of the import template, or of the shop's catalogue in the same format. */
export async function sheetDownload(kind: 'template' | 'export', merchantId: string): Promise<{ url: string; filename: string }> {
  if (kind === 'template') return (await memberGql<PortalProductSheetTemplateQuery>(TEMPLATE)).productSheetTemplate;
  return (await memberGql<PortalExportProductsQuery>(EXPORT, { merchantId })).exportProducts;
}
