/**
 * Strings of the alliance settings page (issue 10, /admin/settings): the commission and promotion
 * policies, each versioned with an effective date, and each shop's alliance fee. A section of the
 * dictionary (dictionary.ts `settings`).
 */

export const settingsZh = {
  nav: '联盟设置',
  title: '联盟设置',
  intro: '佣金与推广的联盟规则。每次保存都是一个新版本，从生效时间起适用；订单按下单时有效的版本结算，已发生的不受影响。',
  inForce: '当前有效',
  defaults: '尚未设置，使用默认值',
  history: '版本记录',
  noHistory: '还没有保存过版本',
  version: '版本',
  from: '生效时间',
  fromHint: '留空即立即生效；可设为将来的时间',
  sinceEver: '升级前的设置（一直有效）',
  setBy: '设置人',
  status: { IN_FORCE: '生效中', SCHEDULED: '待生效', SUPERSEDED: '已被替代' } as Record<string, string>,
  save: '保存为新版本',
  inPast: '生效时间不能早于现在',
  ok: { saved: '已保存，立即生效', scheduled: '已保存，到生效时间后适用' } as Record<string, string>,
  fixErrors: '请修改以下内容',
  commission: {
    title: '佣金规则',
    bindingDays: '分享绑定保护期（天）',
    allowSelfPurchase: '分享者自购也计佣金',
    referral: '引荐店铺服务费（%）',
    referralDays: '引荐有效期（天）',
    withdrawalMin: '最低提现金额（元）',
    tax: '提现代扣个税（%）',
    breakage: '过期积分由发放店铺付给联盟的比例（%）',
    yes: '是',
    no: '否',
  },
  promotion: {
    title: '推广规则',
    requireApproval: '联合推广需联盟管理员审批',
    on: '需要审批',
    off: '无需审批',
  },
  fees: {
    title: '各店联盟服务费',
    intro: '服务费按店铺在佣金规则中设置（由店主在「佣金」页维护），此处只读。',
    shop: '店铺',
    fee: '当前服务费',
    none: '未设置（不收费）',
    scheduled: (from: string) => `${from} 起有新版本`,
  },
};

export type SettingsDictionary = typeof settingsZh;

export const settingsEn: SettingsDictionary = {
  nav: 'Alliance settings',
  title: 'Alliance settings',
  intro: 'The alliance-wide rules for commissions and promotions. Every save is a new version that applies from its effective time; an order is settled by the version in force when it was placed, so nothing already done changes.',
  inForce: 'In force now',
  defaults: 'Never set: the defaults apply',
  history: 'Versions',
  noHistory: 'No version saved yet',
  version: 'Version',
  from: 'Effective from',
  fromHint: 'blank: now; may be a later time',
  sinceEver: 'Setting from before versions (in force since ever)',
  setBy: 'Set by',
  status: { IN_FORCE: 'In force', SCHEDULED: 'Scheduled', SUPERSEDED: 'Superseded' } as Record<string, string>,
  save: 'Save as a new version',
  inPast: 'A new version cannot start in the past',
  ok: { saved: 'Saved, in force now', scheduled: 'Saved, it applies from its effective time' } as Record<string, string>,
  fixErrors: 'Please correct the following',
  commission: {
    title: 'Commissions',
    bindingDays: 'Share binding protection (days)',
    allowSelfPurchase: 'Sharers earn on their own purchases',
    referral: 'Referring shop fee (%)',
    referralDays: 'Referral window (days)',
    withdrawalMin: 'Minimum withdrawal (¥)',
    tax: 'Income tax withheld on withdrawals (%)',
    breakage: 'Share of expired points the issuing shop pays the alliance (%)',
    yes: 'Yes',
    no: 'No',
  },
  promotion: {
    title: 'Promotions',
    requireApproval: 'Co-launched promotions need an alliance admin’s approval',
    on: 'Approval required',
    off: 'No approval needed',
  },
  fees: {
    title: 'Alliance fee per shop',
    intro: 'Each shop’s fee is part of its commission rule (kept by its owner on the Commissions page); shown read-only here.',
    shop: 'Shop',
    fee: 'Fee in force',
    none: 'Not set (no fee)',
    scheduled: (from: string) => `a new version from ${from}`,
  },
};
