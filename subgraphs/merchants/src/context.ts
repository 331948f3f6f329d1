import { now, serviceClientFromConfig, type RequestContext, type SubgraphResources } from '@alliance/runtime';
import { promotionsClient } from './service-commands/promotions-client.js';
import { QuoteService } from './orders/quote.service.js';
import { consumeFailedGroupBuys } from './orders/group-buy-cancellations.js';
import { MerchantRepository } from './merchant/merchant.repository.js';
import { MerchantService } from './merchant/merchant.service.js';
import { ProductRepository } from './catalog/product.repository.js';
import { CatalogService } from './catalog/catalog.service.js';
import { CatalogChangeRepository } from './catalog/catalog-change.repository.js';
import { CatalogProjections } from './catalog/catalog-projections.js';
import { ProductPriceService } from './catalog/product-price.service.js';
import { PriceHistoryRepository } from './catalog/price-history.repository.js';
import { StockRepository } from './catalog/stock.repository.js';
import { StockService } from './catalog/stock.service.js';
import { StockMovements } from './catalog/stock-movements.js';
import { PickupPointRepository } from './pickup/pickup-point.repository.js';
import { PickupPointService } from './pickup/pickup-point.service.js';
import { CartRepository } from './cart/cart.repository.js';
import { consumeMemberErasures } from './privacy/member-erasure.js';
import { membersClient } from './service-commands/members-client.js';
import { CartService } from './cart/cart.service.js';
import type { CatalogProjection } from './catalog/catalog.projection.js';
import { subscribeCatalogEvents } from './catalog/catalog-events.js';
import type { PricedCatalog } from './service-commands/product-prices.js';
import { assertPaymentConfig, type MerchantsConfig } from './config.js';
import { CheckoutRepository } from './orders/checkout.repository.js';
import { CheckoutService } from './orders/checkout.service.js';
import { OrderRepository } from './orders/order.repository.js';
import { OrderService } from './orders/order.service.js';
import { OrderEffects } from './orders/order-effects.js';
import { OrderScheduler } from './orders/order-scheduler.js';
import { PaymentService } from './orders/payment.service.js';
import { InboxRepository } from './inbox/inbox.repository.js';
import { ProfitSharingRepository } from './profit-sharing/profit-sharing.repository.js';
import { consumeProfitSharing, ProfitSharingService } from './profit-sharing/profit-sharing.service.js';
import { subMerchantOf } from './orders/order-effects.js';
import { Notifiers } from './inbox/notifier.js';
import { InboxService } from './inbox/inbox.service.js';
import { SandboxPaymentProvider } from './payment/sandbox.js';
import { WeChatPayProvider } from './payment/wechatpay.js';
import type { PaymentProvider } from './payment/payment-provider.js';
import { ObjectStorage } from './media/object-storage.js';
import { storageSweeper } from './media/storage-sweep.js';
import { AuditLog } from './audit/audit-log.js';
import { keycloakAdmin } from '@alliance/auth/keycloak-admin';
import { OnboardingService } from './merchant/onboarding.service.js';
import { SuspensionService } from './merchant/suspension.service.js';
import { ShopStatusRepository } from './merchant/suspension.repository.js';
import { InvitationRepository } from './merchant/invitation.repository.js';
import { InvitationService } from './merchant/invitation.service.js';
import { licencePhotos } from './merchant/licence-photos.js';
import { ProductEditRepository } from './catalog/product-edit.repository.js';
import { ProductEditService } from './catalog/product-edit.service.js';
import { ProductSheetService } from './catalog/sheet/product-sheet.service.js';
import { UploadRepository } from './media/upload.repository.js';
import { UploadService } from './media/upload.service.js';
import { ProductImageRepository } from './media/product-images.repository.js';
import { ProductImageService } from './media/product-image.service.js';

export interface MerchantsContext extends RequestContext {
  merchants: MerchantService;
  catalog: CatalogService;
  prices: ProductPriceService;
  stock: StockService;
  pickupPoints: PickupPointService;
  cart: CartService;
  /** Prices read from the product documents by `_id`, never the projection: what checkout charges. */
  livePrices: PricedCatalog;
  orders: OrderService;
  inbox: InboxService;
  checkout: CheckoutService;
  payments: PaymentService;
  quotes: QuoteService;
  /** Development and test stacks only: the sandbox pays online. */
  sandboxPayments: boolean;
  /** Alliance admins bring shops in (the owner's Keycloak account included). */
  onboarding: OnboardingService;
  suspensions: SuspensionService;
  /** Staff invitations: one-time links owners pass on. */
  invitations: InvitationService;
  /** Presigned uploads, and `consume` for whatever uses one (photos, imports, licences). */
  uploads: UploadService;
  productImages: ProductImageService;
  /** A shop's catalogue writes: create, edit, list/delist (and who sees what is not on sale). */
  productEdit: ProductEditService;
  /** The product sheet: template, export, import. */
  productSheets: ProductSheetService;
}

/**
 * Start-up: repositories and the in-memory catalogue projections (warmed before the first request,
 * kept fresh by catalogue events); then the per-request builder. The catalogue is revalidated at
 * most once per request.
 */
export const contextFactory = (cfg: MerchantsConfig) => async ({ connection, events, logger, reportHealth, sweeper, addRoute, selfUrl, onStop }: SubgraphResources) => {
  assertPaymentConfig(cfg);
  const storage = objectStorage(cfg);
  const audit = new AuditLog(connection);
  const uploadRepo = new UploadRepository(connection);
  // An upload's record goes a day after it was asked for, with its bytes (storageSweeper below).
  sweeper.register(uploadRepo.sweepable, 'discardAt');
  const imageRepo = new ProductImageRepository(connection);
  const productRepo = new ProductRepository(connection);
  const changes = new CatalogChangeRepository(connection);
  const priceHistory = new PriceHistoryRepository(connection);
  await priceHistory.ensureIndexes();
  const stockRepo = new StockRepository(connection);
  const pickupRepo = new PickupPointRepository(connection);
  const cartRepo = new CartRepository(connection);
  // Idempotency records of stock adjustments expire (24 h); FerretDB has no TTL index, so the sweeper removes them.
  const stockKeys = connection.collection('stock_idempotency');
  sweeper.register(stockKeys);
  const projections = new CatalogProjections(productRepo, new MerchantRepository(connection), changes, logger, priceHistory);
  await subscribeCatalogEvents(events, projections);
  await projections.preload();
  reportHealth('catalog', () => ({ ...projections.stats }));
  const movements = new StockMovements(productRepo, stockRepo, changes, projections, events);
  const merchantRepo = new MerchantRepository(connection);
  const productEdits = new ProductEditRepository(connection);
  const orderRepo = new OrderRepository(connection);
  const checkoutRepo = new CheckoutRepository(connection);
  sweeper.register(checkoutRepo.recoveries);
  await Promise.all([checkoutRepo.ensureIndexes(), orderRepo.ensureIndexes(), stockRepo.ensureIndexes()]);
  const inbox = new InboxRepository(connection);
  const provider = paymentProvider(cfg);
  const calls = serviceClientFromConfig(cfg, { promotions: cfg.PROMOTIONS_URL, members: cfg.MEMBERS_URL });
  const discounts = promotionsClient(calls);
  // Shop owners' and staff accounts, with this service's account (realm-management manage-users).
  const accounts = keycloakAdmin({ keycloakUrl: cfg.KEYCLOAK_INTERNAL_URL ?? cfg.KEYCLOAK_URL, realm: cfg.KEYCLOAK_REALM, client: calls, logger: logger.child({ component: 'keycloak-admin' }) });
  const shopStatuses = new ShopStatusRepository(connection);
  const invitationRepo = new InvitationRepository(connection);
  const pointsSource = membersClient(calls);
  const effects = new OrderEffects(orderRepo, movements, productRepo, events, new Notifiers([inbox], (err) => logger.error({ err }, 'a notification channel failed')), provider, logger);
  const notifyBase = cfg.PAYMENT_NOTIFY_BASE_URL ?? null;
  const payments = new PaymentService(provider, checkoutRepo, orderRepo, effects, (allianceId) => `${notifyBase ?? selfUrl()}/payments/${provider.name}/notify/${allianceId}`, now, logger);
  addRoute(payments.route());
  const checkout = new CheckoutService(checkoutRepo, orderRepo, productRepo, merchantRepo, pickupRepo, movements, effects, payments, discounts, pointsSource, { leaseMs: cfg.CHECKOUT_LEASE_MS, unpaidTimeoutMs: cfg.UNPAID_TIMEOUT_MINUTES * 60_000 }, now, logger);
  const policy = { afterSalesMs: cfg.AFTER_SALES_DAYS * 86_400_000 };
  await consumeFailedGroupBuys(events, checkoutRepo, orderRepo, effects, now);
  await consumeMemberErasures(events, orderRepo, checkoutRepo, logger.child({ component: 'member-erasure' }));
  const profitSharing = new ProfitSharingService({
    provider,
    events,
    repo: new ProfitSharingRepository(connection),
    order: (allianceId, orderId) => orderRepo.get(allianceId, orderId),
    // The alliance's share lands in the service provider's account, whose registered name is config; a shop's under its own name.
    receiverName: async (allianceId, r) => (r.kind === 'ALLIANCE' ? (cfg.WECHATPAY_SP_NAME ?? allianceId) : ((await merchantRepo.get(allianceId, r.id))?.name ?? r.id)),
    accounts: { serviceProviderMchId: provider.serviceProviderMchId, subMerchantOf },
    logger: logger.child({ component: 'profit-sharing' }),
    now,
    maxAttempts: cfg.PROFIT_SHARING_MAX_ATTEMPTS,
  });
  await consumeProfitSharing(events, profitSharing, { maxAttempts: cfg.PROFIT_SHARING_MAX_ATTEMPTS, retryBaseMs: cfg.PROFIT_SHARING_RETRY_BASE_MS });
  const scheduler = new OrderScheduler(checkoutRepo, () => checkout, payments, orderRepo, effects, now, cfg.ORDER_SWEEP_INTERVAL_MS, logger, cfg.ORDER_EFFECTS_GRACE_MS).start();
  onStop(() => scheduler.stop());
  const storageSweep = storageSweeper(storage, now, logger.child({ component: 'storage-sweep' }), cfg.STORAGE_SWEEP_INTERVAL_MS).start();
  onStop(() => storageSweep.stop());
  return (request: RequestContext): MerchantsContext => {
    let view: Promise<CatalogProjection> | undefined;
    const current = () => (view ??= projections.current(request.allianceId));
    const uploads = new UploadService(request, uploadRepo, storage, productRepo, merchantRepo, now);
    const invitations = new InvitationService(request, invitationRepo, merchantRepo, accounts, audit, cfg.PORTAL_URL, now);
    return {
      ...request,
      merchants: new MerchantService(current, request, { audit, publicUrl: (key) => storage.publicUrl(key) }),
      catalog: new CatalogService(current, now),
      prices: new ProductPriceService(request, productRepo, changes, projections, events, priceHistory, now, merchantRepo),
      pickupPoints: new PickupPointService(request, pickupRepo),
      cart: new CartService(request, cartRepo, current),
      stock: new StockService(request, productRepo, movements, stockKeys, now, merchantRepo),
      livePrices: { product: (id) => productRepo.get(request.allianceId, id) },
      orders: new OrderService(request, orderRepo, pickupRepo, effects, policy, now),
      inbox: new InboxService(request, inbox),
      checkout,
      payments,
      quotes: new QuoteService(request, productRepo, orderRepo, discounts, pickupRepo, logger, merchantRepo),
      sandboxPayments: provider.name === 'sandbox',
      invitations,
      onboarding: new OnboardingService(request, { merchants: merchantRepo, view: current, keycloak: accounts, invitations, licencePhotos: licencePhotos(request.allianceId, uploads, storage), changes, projections, audit, now }),
      suspensions: new SuspensionService(request, merchantRepo, shopStatuses, changes, projections, audit, now),
      uploads,
      productEdit: new ProductEditService(request, { products: productRepo, edits: productEdits, merchants: merchantRepo, changes, projections, events, priceHistory, stock: stockRepo, movements, audit, now }, current),
      productSheets: new ProductSheetService(
        request,
        { edits: productEdits, merchants: merchantRepo, changes, projections, events, audit, storage, now, readUpload: (merchantId, uploadId) => uploads.consume(uploadId, 'PRODUCT_IMPORT', { merchantId }) },
        current,
      ),
      productImages: new ProductImageService(request, { products: productRepo, merchants: merchantRepo, images: imageRepo, uploads, storage, changes, projections, events, audit, now }),
    };
  };
};

/** The configured bucket, as the service (and a test of it) reaches it. */
export function objectStorage(cfg: MerchantsConfig): ObjectStorage {
  const publicEndpoint = cfg.S3_PUBLIC_ENDPOINT ?? cfg.S3_ENDPOINT;
  return new ObjectStorage({
    endpoint: cfg.S3_ENDPOINT,
    publicEndpoint,
    region: cfg.S3_REGION,
    bucket: cfg.S3_BUCKET,
    accessKeyId: cfg.S3_ACCESS_KEY_ID,
    secretAccessKey: cfg.S3_SECRET_ACCESS_KEY,
    publicBaseUrl: cfg.MEDIA_PUBLIC_URL ?? `${publicEndpoint.replace(/\/$/, '')}/${cfg.S3_BUCKET}`,
  });
}

function paymentProvider(cfg: MerchantsConfig): PaymentProvider {
  if (cfg.PAYMENT_PROVIDER === 'sandbox') return new SandboxPaymentProvider({ now });
  return new WeChatPayProvider({
    spMchId: cfg.WECHATPAY_SP_MCHID!,
    spAppId: cfg.WECHATPAY_SP_APPID!,
    merchantSerialNo: cfg.WECHATPAY_SERIAL_NO!,
    merchantPrivateKeyPem: cfg.WECHATPAY_PRIVATE_KEY_PEM!,
    apiV3Key: cfg.WECHATPAY_APIV3_KEY!,
    platformCertificates: new Map([[cfg.WECHATPAY_PLATFORM_SERIAL!, cfg.WECHATPAY_PLATFORM_PUBLIC_KEY_PEM!]]),
    now,
  });
}
