/** The alliance's product categories: a code for filters and names in both portal languages. */
export interface CategoryDef {
  code: string;
  name: string;
  nameEn: string;
}

export const CATEGORIES: readonly CategoryDef[] = [
  { code: 'fruit', name: '时令水果', nameEn: 'Fruit' },
  { code: 'bakery', name: '烘焙面包', nameEn: 'Bakery' },
  { code: 'dairy', name: '酸奶乳品', nameEn: 'Yogurt & dairy' },
  { code: 'tea', name: '茶饮', nameEn: 'Tea drinks' },
  { code: 'baby', name: '母婴用品', nameEn: 'Mother & baby' },
  { code: 'meat', name: '鲜肉禽蛋', nameEn: 'Meat & eggs' },
  { code: 'vegetable', name: '新鲜蔬菜', nameEn: 'Vegetables' },
  { code: 'household', name: '家政服务', nameEn: 'Household services' },
];

export const CATEGORY_CODES = new Set(CATEGORIES.map((c) => c.code));
