/**
 * The error pages' strings, apart from the dictionary: the last-resort error boundary is a client
 * component loaded on every page, and importing the whole dictionary made it 42 KB of scripts
 * (gzipped) that a phone downloaded before anything went wrong.
 */
export const errorsZh = {
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
};

export const errorsEn: typeof errorsZh = {
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
};
