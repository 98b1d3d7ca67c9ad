export { buildReport, type BuiltReport } from './build.ts';
export { publicFilter, excludedItems, isInterview, type ExcludedItem, type ExcludedKind } from './public-filter.ts';
export { snapshotFromDoc } from './snapshot.ts';
export { checkImage, toBase64, fromBase64, type ImageCheck } from './images.ts';
export { horizontalBarChart, columnChart, niceMax, countAxisMax } from './charts.ts';
export * from './types.ts';
export { buildPortfolio, defaultPortfolioOptions, portfolioCities, isOverdue, type BuiltPortfolio, type PortfolioCity, type PortfolioOptions, type PortfolioOptionsInput } from './portfolio.ts';
