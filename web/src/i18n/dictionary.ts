/**
 * Every UI string of the portal, in Simplified Chinese (default) and English.
 * Data from the gateway (shop and product names) is shown as it comes.
 */

export type Lang = 'zh' | 'en';
export const LANGS: readonly Lang[] = ['zh', 'en'];
export const DEFAULT_LANG: Lang = 'zh';
export const LANG_COOKIE = 'lang';

export function parseLang(value: string | undefined | null): Lang {
  return value === 'en' ? 'en' : DEFAULT_LANG;
}

const zh = {
  htmlLang: 'zh-CN',
  allianceName: '邻里联盟',
  allianceShortName: '邻里联盟',
  tagline: '身边好店，一站购齐',
  langSwitch: 'EN',
  langSwitchTitle: 'Switch to English',
  nav: { home: '首页', categories: '分类', cart: '购物车', me: '我的' },
  auth: {
    login: '登录',
    logout: '退出',
    hello: '你好，',
    loginFailed: '登录没有完成，请重新登录。',
    loginAgain: '重新登录',
  },
  filters: {
    neighborhood: '小区',
    allNeighborhoods: '全部小区',
    merchant: '商家',
    allMerchants: '全部商家',
    category: '分类',
    allCategories: '全部',
    searchPlaceholder: '搜索商品，如：黄桃',
    search: '搜索',
    apply: '筛选',
  },
  storefront: {
    totalCount: (n: number) => `共 ${n} 件商品`,
    nextPage: '下一页',
    firstPage: '回到第一页',
    page: (n: number) => `第 ${n} 页`,
    empty: '没有找到符合条件的商品',
    emptyHint: '换个小区、分类或关键词试试。',
    clearFilters: '清除筛选',
    loading: '加载中…',
    soldOut: '已售罄',
  },
  product: {
    stock: (n: number) => `库存 ${n}`,
    stockLabel: '库存',
    soldOut: '已售罄',
    unit: '单位',
    specs: '规格',
    from: '起',
    category: '分类',
    details: '商品详情',
    shop: '店铺',
    address: '地址',
    neighborhood: '小区',
    visitShop: '进店逛逛',
    addToCart: '加入购物车（即将上线）',
    back: '返回',
    notFound: '商品不存在或已下架',
  },
  categoriesPage: {
    title: '全部分类',
    count: (n: number) => `${n} 件商品`,
  },
  cart: {
    title: '购物车',
    comingSoon: '跨店购物车即将上线',
    body: '一次下单，联盟内多家店铺的商品一起结算，可到小区自提点自提或送货上门。',
    browse: '先去逛逛',
  },
  me: {
    title: '我的',
    member: '联盟会员',
    username: '账号',
    favorites: '收藏的店铺',
    noFavorites: '还没有收藏店铺',
    loginPrompt: '登录后查看会员卡、积分和优惠券',
    comingSoon: '即将上线',
    features: ['会员等级与积分', '优惠券', '订单与自提码', '我的拼团', '邀请好友'],
  },
  errors: {
    title: '出了点问题',
    unavailable: '服务暂时不可用，请稍后再试。',
    badInput: '请求参数有误，请调整筛选条件后重试。',
    unauthenticated: '登录已过期，请重新登录。',
    forbidden: '没有权限查看该内容。',
    generic: '页面加载失败，请稍后再试。',
    retry: '重试',
    home: '返回首页',
    notFoundTitle: '页面不存在',
    notFound: '你要找的页面不存在或已被移除。',
    reference: '错误编号',
  },
  kinds: {
    FRUIT: '水果',
    BAKERY: '烘焙',
    YOGURT_TEA: '酸奶茶饮',
    MOTHER_BABY: '母婴',
    FRESH_MARKET: '生鲜',
    HOUSEHOLD_SERVICE: '家政服务',
  } as Record<string, string>,
};

export type Dictionary = typeof zh;

const en: Dictionary = {
  htmlLang: 'en',
  allianceName: 'Neighbourhood Alliance',
  allianceShortName: 'Alliance',
  tagline: 'Your local shops, one store',
  langSwitch: '中文',
  langSwitchTitle: '切换到中文',
  nav: { home: 'Home', categories: 'Categories', cart: 'Cart', me: 'Me' },
  auth: {
    login: 'Log in',
    logout: 'Log out',
    hello: 'Hi, ',
    loginFailed: 'Login did not complete. Please log in again.',
    loginAgain: 'Log in again',
  },
  filters: {
    neighborhood: 'Neighbourhood',
    allNeighborhoods: 'All neighbourhoods',
    merchant: 'Shop',
    allMerchants: 'All shops',
    category: 'Category',
    allCategories: 'All',
    searchPlaceholder: 'Search products',
    search: 'Search',
    apply: 'Filter',
  },
  storefront: {
    totalCount: (n: number) => `${n} ${n === 1 ? 'product' : 'products'}`,
    nextPage: 'Next page',
    firstPage: 'Back to first page',
    page: (n: number) => `Page ${n}`,
    empty: 'No products match these filters',
    emptyHint: 'Try another neighbourhood, category or keyword.',
    clearFilters: 'Clear filters',
    loading: 'Loading…',
    soldOut: 'Sold out',
  },
  product: {
    stock: (n: number) => `${n} in stock`,
    stockLabel: 'Stock',
    soldOut: 'Sold out',
    unit: 'Unit',
    specs: 'Options',
    from: 'from',
    category: 'Category',
    details: 'Details',
    shop: 'Shop',
    address: 'Address',
    neighborhood: 'Neighbourhood',
    visitShop: 'Visit shop',
    addToCart: 'Add to cart (coming soon)',
    back: 'Back',
    notFound: 'This product does not exist or is no longer available',
  },
  categoriesPage: {
    title: 'All categories',
    count: (n: number) => `${n} ${n === 1 ? 'product' : 'products'}`,
  },
  cart: {
    title: 'Cart',
    comingSoon: 'The cross-shop cart is coming soon',
    body: 'Order from several allied shops in one checkout, then pick up at your neighbourhood pickup point or get delivery.',
    browse: 'Browse products',
  },
  me: {
    title: 'Me',
    member: 'Alliance member',
    username: 'Account',
    favorites: 'Favourite shops',
    noFavorites: 'No favourite shops yet',
    loginPrompt: 'Log in to see your member card, points and coupons',
    comingSoon: 'Coming soon',
    features: ['Member level and points', 'Coupons', 'Orders and pickup codes', 'My group buys', 'Invite friends'],
  },
  errors: {
    title: 'Something went wrong',
    unavailable: 'The service is temporarily unavailable. Please try again later.',
    badInput: 'The request was not valid. Please change the filters and try again.',
    unauthenticated: 'Your session has expired. Please log in again.',
    forbidden: 'You are not allowed to see this.',
    generic: 'The page could not be loaded. Please try again later.',
    retry: 'Try again',
    home: 'Back to home',
    notFoundTitle: 'Page not found',
    notFound: 'The page you are looking for does not exist or has been removed.',
    reference: 'Reference',
  },
  kinds: {
    FRUIT: 'Fruit',
    BAKERY: 'Bakery',
    YOGURT_TEA: 'Yogurt & tea',
    MOTHER_BABY: 'Mother & baby',
    FRESH_MARKET: 'Fresh market',
    HOUSEHOLD_SERVICE: 'Household services',
  },
};

const dictionaries: Record<Lang, Dictionary> = { zh, en };

export function getDictionary(lang: Lang): Dictionary {
  return dictionaries[lang];
}
