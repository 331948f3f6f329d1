import type { MerchantKind } from '../merchant/merchant.model.js';

/** The demo alliance `npm start` seeds: neighbourhood shops of the kinds the product is built for. */
export const DEMO_ALLIANCE_ID = 'demo';

/** A spec (规格) a product is also sold in: name, price in fen, stock. */
type S = [name: string, priceFen: number, stock: number];
/** Products with `specs` sell in those; the others in one spec named by their unit at their price and stock. */
type P = [name: string, unit: string, priceFen: number, stock: number, category: string, description: string, specs?: S[]];

interface DemoShop {
  id: string;
  name: string;
  kind: MerchantKind;
  neighborhood: string;
  address: string;
  badge: string;
  description: string;
  products: P[];
}

export const DEMO_SHOPS: DemoShop[] = [
  {
    id: 'm-fruit', name: '鲜果时光水果店', kind: 'FRUIT', neighborhood: '翠苑一区', address: '文三路 188 号', badge: '果',
    description: '每日清晨到货的时令水果，社区团购自提。',
    products: [
      ['锦绣黄桃', '斤', 1280, 120, 'fruit', '炎陵产区，果肉金黄，香甜多汁'],
      ['阳光玫瑰葡萄', '串', 3990, 40, 'fruit', '无籽脆甜，带玫瑰香'],
      ['海南贵妃芒', '斤', 990, 80, 'fruit', '树上熟，纤维少'],
      ['赣南脐橙', '斤', 699, 200, 'fruit', '皮薄汁多，酸甜适口'],
      ['丹东草莓', '盒', 4580, 30, 'fruit', '99 奶油草莓，约 500 克', [['单盒 500 克', 4580, 30], ['两盒装', 8800, 12]]],
      ['麒麟西瓜', '个', 2990, 25, 'fruit', '薄皮沙瓤，约 4 斤'],
      ['红心火龙果', '个', 880, 90, 'fruit', '越南进口，单果约 400 克'],
      ['新疆阿克苏苹果', '斤', 799, 150, 'fruit', '冰糖心，脆甜'],
      ['泰国山竹', '斤', 2580, 35, 'fruit', '5A 大果，白嫩果肉'],
      ['水果拼盘（家庭装）', '份', 3680, 20, 'fruit', '当日现切 5 种水果，约 1 公斤'],
    ],
  },
  {
    id: 'm-bakery', name: '麦香坊烘焙', kind: 'BAKERY', neighborhood: '翠苑一区', address: '文三路 192 号', badge: '焙',
    description: '现烤面包与生日蛋糕，可预订当日自提。',
    products: [
      ['北海道吐司', '条', 1880, 40, 'bakery', '汤种工艺，柔软拉丝'],
      ['原味可颂', '个', 880, 60, 'bakery', '法国黄油，层次酥脆'],
      ['全麦欧包', '个', 1580, 30, 'bakery', '无糖配方，高纤维'],
      ['肉松小贝', '盒', 2280, 25, 'bakery', '4 枚装，咸甜可口'],
      ['蛋黄酥', '盒', 3680, 20, 'bakery', '6 枚装，红豆沙咸蛋黄'],
      ['提拉米苏（切块）', '块', 2580, 18, 'bakery', '马斯卡彭奶酪，需冷藏'],
      ['6 寸草莓奶油蛋糕', '个', 16800, 8, 'bakery', '需提前 4 小时预订', [['6 寸', 16800, 8], ['8 寸', 22800, 5]]],
      ['芝士蛋挞', '个', 680, 80, 'bakery', '现烤流心'],
      ['手工曲奇', '罐', 4580, 15, 'bakery', '黄油、抹茶、巧克力三味'],
    ],
  },
  {
    id: 'm-yogurt', name: '酪小满酸奶茶饮', kind: 'YOGURT_TEA', neighborhood: '翠苑一区', address: '学院路 36 号', badge: '酪',
    description: '自制老酸奶与鲜果茶，与鲜果时光联合推出果粒酸奶。',
    products: [
      ['原味老酸奶', '杯', 1200, 60, 'dairy', '生牛乳发酵，低糖', [['单杯', 1200, 60], ['4 杯装', 4380, 15]]],
      ['黄桃果粒酸奶', '杯', 1600, 50, 'dairy', '鲜果时光黄桃现切'],
      ['紫米酸奶碗', '碗', 1800, 40, 'dairy', '紫米、燕麦、坚果'],
      ['希腊酸奶（家庭装）', '瓶', 3280, 20, 'dairy', '1 升装，高蛋白'],
      ['芝士奶盖', '杯', 1500, 40, 'dairy', '咸芝士奶盖'],
      ['杨枝甘露', '杯', 1900, 45, 'tea', '芒果、西柚、西米'],
      ['满杯百香果', '杯', 1300, 50, 'tea', '百香果、绿茶'],
      ['茉莉奶绿', '杯', 1400, 50, 'tea', '茉莉绿茶与鲜奶'],
      ['生椰拿铁', '杯', 1800, 40, 'tea', '椰浆、浓缩咖啡'],
      ['柠檬红茶', '杯', 1000, 60, 'tea', '香水柠檬手打'],
    ],
  },
  {
    id: 'm-baby', name: '贝贝乐母婴', kind: 'MOTHER_BABY', neighborhood: '文新小区', address: '文一西路 520 号', badge: '婴',
    description: '奶粉、纸尿裤与辅食，会员满额送货上门。',
    products: [
      ['婴儿纸尿裤 M 码', '包', 8900, 50, 'baby', '60 片装，干爽透气'],
      ['婴儿湿巾', '包', 1290, 120, 'baby', '80 抽，纯水配方'],
      ['婴幼儿配方奶粉 2 段', '罐', 26800, 30, 'baby', '800 克，6–12 个月'],
      ['有机米粉', '盒', 6800, 40, 'baby', '高铁配方，辅食初期'],
      ['宝宝洗发沐浴二合一', '瓶', 4580, 35, 'baby', '无泪配方'],
      ['婴儿棉柔巾', '包', 1890, 80, 'baby', '100 抽，干湿两用'],
      ['儿童保温杯', '个', 9800, 20, 'baby', '316 不锈钢，带吸管'],
      ['宝宝磨牙饼干', '盒', 2680, 45, 'baby', '无添加糖'],
      ['孕妇叶酸片', '瓶', 5900, 25, 'baby', '90 片装'],
    ],
  },
  {
    id: 'm-fresh', name: '邻家鲜生', kind: 'FRESH_MARKET', neighborhood: '文新小区', address: '文一西路 508 号', badge: '鲜',
    description: '当日鲜肉、禽蛋与蔬菜，团长自提点次日达。',
    products: [
      ['土猪五花肉', '斤', 2680, 40, 'meat', '当日屠宰，肥瘦相间'],
      ['精品猪小排', '斤', 3880, 30, 'meat', '适合红烧、糖醋'],
      ['散养土鸡蛋', '盒', 2290, 60, 'meat', '30 枚装'],
      ['三黄鸡', '只', 4980, 15, 'meat', '约 2.5 斤，已处理'],
      ['牛腩', '斤', 5980, 20, 'meat', '内蒙古草饲'],
      ['本地小青菜', '斤', 399, 100, 'vegetable', '清晨采摘'],
      ['西红柿', '斤', 599, 90, 'vegetable', '沙瓤自然熟'],
      ['黄瓜', '斤', 450, 80, 'vegetable', '顶花带刺'],
      ['土豆', '斤', 299, 150, 'vegetable', '黄心土豆'],
      ['西兰花', '个', 690, 60, 'vegetable', '单个约 400 克'],
      ['香菇', '斤', 1290, 40, 'vegetable', '肉厚鲜嫩'],
    ],
  },
  {
    id: 'm-home', name: '安心家政服务', kind: 'HOUSEHOLD_SERVICE', neighborhood: '文新小区', address: '古墩路 66 号', badge: '家',
    description: '保洁、家电清洗与收纳，社区内 2 小时上门。',
    products: [
      ['日常保洁 3 小时', '次', 15900, 50, 'household', '两名阿姨上门，自带工具'],
      ['油烟机深度清洗', '台', 19900, 30, 'household', '拆洗涡轮与油网'],
      ['空调清洗（挂机）', '台', 9900, 40, 'household', '高温蒸汽除菌'],
      ['冰箱除味清洁', '台', 12900, 20, 'household', '食品级清洁剂'],
      ['衣橱收纳整理', '次', 29900, 10, 'household', '收纳师上门 4 小时'],
      ['新居开荒保洁', '次', 59900, 8, 'household', '按 100 平米计'],
      ['擦玻璃服务', '次', 18900, 15, 'household', '全屋窗户内外'],
      ['沙发除螨清洗', '次', 16900, 12, 'household', '三人位布艺沙发'],
    ],
  },
  {
    id: 'm-fruit2', name: '果果鲜水果超市', kind: 'FRUIT', neighborhood: '文新小区', address: '文一西路 530 号', badge: '鲜果',
    description: '进口水果与果切，夜间 10 点前送达。',
    products: [
      ['智利车厘子 JJ 级', '斤', 6980, 40, 'fruit', '空运直达，果径 28–30mm'],
      ['云南蓝莓', '盒', 1990, 60, 'fruit', '125 克装'],
      ['新西兰奇异果', '个', 590, 120, 'fruit', '金果，维 C 丰富'],
      ['广西沃柑', '斤', 599, 150, 'fruit', '无渣化渣'],
      ['榴莲（金枕）', '斤', 3580, 25, 'fruit', '整果约 5 斤'],
      ['椰青', '个', 1280, 50, 'fruit', '泰国香水椰'],
      ['鲜切菠萝', '盒', 1580, 30, 'fruit', '盐水浸泡，即食'],
      ['红富士苹果礼盒', '箱', 8880, 15, 'fruit', '12 个装'],
    ],
  },
  {
    id: 'm-tea', name: '一叶茶铺', kind: 'YOGURT_TEA', neighborhood: '翠苑一区', address: '学院路 40 号', badge: '茶',
    description: '手作鲜奶茶与原叶茶，社群下单免排队。',
    products: [
      ['桂花乌龙鲜奶茶', '杯', 1600, 60, 'tea', '现泡乌龙与鲜牛乳'],
      ['芝芝莓莓', '杯', 2200, 40, 'tea', '草莓与芝士奶盖'],
      ['龙井原叶茶（罐装）', '罐', 12800, 15, 'tea', '明前龙井 100 克'],
      ['手打柠檬茶', '杯', 1500, 60, 'tea', '鸭屎香单丛'],
      ['红豆双皮奶', '碗', 1400, 30, 'dairy', '水牛奶制作'],
      ['抹茶拿铁', '杯', 1900, 40, 'tea', '宇治抹茶'],
      ['冰糖雪梨饮', '杯', 1300, 40, 'tea', '秋冬润燥'],
      ['烤奶', '杯', 1200, 50, 'tea', '焦糖风味'],
    ],
  },
];

/**
 * Member prices (会员价) by spec id: what every signed-in shopper pays. Kept off the products other
 * tests price exactly (黄桃, 脐橙, 草莓, 可颂, 草莓蛋糕, 芝士蛋挞 …).
 */
export const DEMO_MEMBER_PRICES: Readonly<Record<string, number>> = {
  'p-baby-01-1': 8500, // 婴儿纸尿裤 M 码 ¥89.00
  'p-fresh-01-1': 2480, // 土猪五花肉 ¥26.80
  'p-fruit2-01-1': 6580, // 智利车厘子 ¥69.80
  'p-tea-03-1': 11800, // 龙井原叶茶 ¥128.00
  'p-home-02-1': 17900, // 油烟机深度清洗 ¥199.00
};

/** One pickup point per neighbourhood, each run by a demo group leader (users in the dev realm). */
export const DEMO_PICKUP_POINTS = [
  { id: 'pp-cuiyuan', name: '翠苑一区东门自提点', neighborhood: '翠苑一区', address: '翠苑一区东门 便民服务站', openingHours: '每天 08:00–21:00', leaderUsername: 'leader', open: true },
  { id: 'pp-wenxin', name: '文新小区南门自提点', neighborhood: '文新小区', address: '文新小区南门 快递驿站旁', openingHours: '每天 09:00–20:30', leaderUsername: 'leader2', open: true },
];
